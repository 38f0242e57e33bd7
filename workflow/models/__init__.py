"""Workflow models, one module per sub-domain."""

from workflow.models.batches import Batch, BatchDecision, BatchItem
from workflow.models.cases import Case, CaseEvent, CaseStep, Objection
from workflow.models.procedures import CalendarDay, Procedure, Step
from workflow.models.reminders import CaseReminder, OverdueReason

__all__ = ["CalendarDay", "Case", "CaseEvent", "CaseStep", "Objection", "Procedure", "Step"]
__all__ += ["Batch", "BatchDecision", "BatchItem", "CaseReminder", "OverdueReason"]
