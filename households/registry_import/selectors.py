from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from households.models import Household, RegistryImport
from households.registry_import.staging import EVENT_SUMMARY, event_marker


def registry_import_list(*, actor: Any) -> QuerySet[RegistryImport]:
    """The imports of the actor's scope, newest first."""
    return RegistryImport.objects.visible_to(actor).select_related("uploaded_by").order_by("-created_at", "-id")


def registry_import_get(*, actor: Any, pk: int) -> RegistryImport:
    return get_object_or_404(registry_import_list(actor=actor), pk=pk)


def registry_import_households(*, actor: Any, record: RegistryImport) -> QuerySet[Household]:
    """The households the import created that the actor may see, by their history row naming the import."""
    return (
        Household.objects.visible_to(actor)
        .filter(events__summary=EVENT_SUMMARY, events__changes__contains=event_marker(record.pk))
        .select_related("village", "grid")
        .order_by("number", "pk")
        .distinct()
    )


def registry_import_without_grid(*, actor: Any, record: RegistryImport, limit: int = 50) -> list[dict[str, Any]]:
    """The villages whose households the import created in no grid, and how many (a grid-limited cadre sees none of
    them until they are assigned: households.services.grid_assign), most first."""
    rows = (
        registry_import_households(actor=actor, record=record)
        .filter(grid__isnull=True)
        .order_by()
        .values("village__code", "village__name", "village__parent__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count", "village__code")
    )
    return [
        {
            "code": row["village__code"],
            "name": f"{row['village__parent__name'] or ''}{row['village__name']}",
            "count": row["count"],
        }
        for row in rows[:limit]
    ]
