"""Workflow models, one module per sub-domain."""

from workflow.models import applications  # noqa: F401  (self-application models; import them from there)
from workflow.models.cases import Case, CaseEvent, CaseStep, Objection
from workflow.models.procedures import CalendarDay, Procedure, Step

__all__ = ["CalendarDay", "Case", "CaseEvent", "CaseStep", "Objection", "Procedure", "Step"]
from workflow.models.comparisons import ComparisonFinding, DepartmentComparison
from workflow.models.meetings import MeetingReview, VillageMeeting

__all__ += ["ComparisonFinding", "DepartmentComparison", "MeetingReview", "VillageMeeting"]
