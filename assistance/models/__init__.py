"""Assistance models, one module per sub-domain: the measure catalogue, plans and their measures, records."""

from assistance.models.catalogue import MeasureCategory, MeasureType
from assistance.models.plans import HelpContactAssignment, Plan, PlanMeasure, PlanMeasureQuerySet
from assistance.models.records import EmploymentRecord, InsuranceClaim, ReturnVisit

__all__ = [
    "EmploymentRecord",
    "HelpContactAssignment",
    "InsuranceClaim",
    "MeasureCategory",
    "MeasureType",
    "Plan",
    "PlanMeasure",
    "PlanMeasureQuerySet",
    "ReturnVisit",
]
