"""Workflow models, one module per sub-domain."""

from workflow.models import applications  # noqa: F401  (self-application models; import them from there)
from workflow.models.batches import Batch, BatchDecision, BatchItem
from workflow.models.cases import Case, CaseEvent, CaseStep, Objection
from workflow.models.comparisons import ComparisonFinding, DepartmentComparison
from workflow.models.meetings import MeetingReview, VillageMeeting
from workflow.models.procedures import CalendarDay, HolidayYear, Procedure, Step
from workflow.models.reminders import CaseReminder, OverdueReason
from workflow.models.step_files import StepAttachment

__all__ = [
    "Batch",
    "BatchDecision",
    "BatchItem",
    "CalendarDay",
    "Case",
    "CaseEvent",
    "CaseReminder",
    "CaseStep",
    "ComparisonFinding",
    "DepartmentComparison",
    "HolidayYear",
    "MeetingReview",
    "Objection",
    "OverdueReason",
    "Procedure",
    "Step",
    "StepAttachment",
    "VillageMeeting",
]
