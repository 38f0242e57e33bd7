"""Workflow models, one module per sub-domain."""

from workflow.models.cases import Case, CaseEvent, CaseStep, Objection
from workflow.models.procedures import CalendarDay, Procedure, Step

__all__ = ["CalendarDay", "Case", "CaseEvent", "CaseStep", "Objection", "Procedure", "Step"]
