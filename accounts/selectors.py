from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import AuditEvent


def audit_event_list(*, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """The audit log, newest first. Only the audit admin reaches this (accounts.views.audit_log)."""
    events = AuditEvent.objects.all()
    if filters.get("q"):
        q = filters["q"]
        events = events.filter(Q(summary__icontains=q) | Q(object_id=q) | Q(actor_username__icontains=q))
    if filters.get("actor"):
        events = events.filter(actor_username=filters["actor"])
    if filters.get("action"):
        events = events.filter(action__startswith=filters["action"])
    if filters.get("date_from"):
        events = events.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(created_at__date__lte=filters["date_to"])
    return events.order_by("-created_at", "-id")
