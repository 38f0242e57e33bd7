"""Reads of past county decisions (审批批次): the batches as the history page filters them. A 批复文号 is compared as
the batch form compares it (services.approval_records.number_key: 永农组字[2026]12号 is 永农组字〔2026〕12号)."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from workflow.models import Batch, BatchItem
from workflow.selectors_batches import batch_list
from workflow.services.approval_records import keyed_batches, number_key


def batch_history(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Batch]:
    """The batches of batch_list (those concerning the actor's scope), filtered by: number (part of the 批复文号,
    however either was typed), date_from and date_to (the 批复日期, inclusive), decision (BatchDecision) and kind
    (CaseKind: a batch with a case of that kind in the actor's scope); newest first."""
    filters = filters or {}
    batches = batch_list(actor=actor)
    if number := number_key((filters.get("number") or "").strip()):
        batches = batches.filter(pk__in=keyed_batches().filter(number_key__contains=number).values("pk"))
    if filters.get("date_from"):
        batches = batches.filter(decided_on__gte=filters["date_from"])
    if filters.get("date_to"):
        batches = batches.filter(decided_on__lte=filters["date_to"])
    if filters.get("decision"):
        batches = batches.filter(decision=filters["decision"])
    if filters.get("kind"):
        kind = BatchItem.objects.visible_to(actor).filter(batch=OuterRef("pk"), case__kind=filters["kind"])
        batches = batches.filter(Exists(kind))
    return batches.order_by("-created_at", "-pk")
