"""Screening models, one module per sub-domain."""

from screening.models.campaigns import (
    AreaProblem,
    Campaign,
    CampaignAssignment,
    CampaignPhase,
    HouseholdProblem,
    ScreeningForm,
)
from screening.models.lines import MonitoringLine, WarningLine
from screening.models.results import (
    ExclusionFact,
    ExclusionOverride,
    RiskFlag,
    ScreeningChange,
    ScreeningResult,
    ScreeningRun,
)
from screening.models.rules import ScreeningRule

__all__ = [
    "AreaProblem",
    "Campaign",
    "CampaignAssignment",
    "CampaignPhase",
    "ExclusionFact",
    "ExclusionOverride",
    "HouseholdProblem",
    "MonitoringLine",
    "RiskFlag",
    "ScreeningChange",
    "ScreeningForm",
    "ScreeningResult",
    "ScreeningRule",
    "ScreeningRun",
    "WarningLine",
]
