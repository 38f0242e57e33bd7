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
from screening.models.results import ExclusionFact, RiskFlag, ScreeningHit, ScreeningResult, ScreeningRun
from screening.models.rules import ScreeningRule

__all__ = [
    "AreaProblem",
    "Campaign",
    "CampaignAssignment",
    "CampaignPhase",
    "ExclusionFact",
    "HouseholdProblem",
    "MonitoringLine",
    "RiskFlag",
    "ScreeningForm",
    "ScreeningHit",
    "ScreeningResult",
    "ScreeningRule",
    "ScreeningRun",
    "WarningLine",
]
