from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from households.models import RegistryImport


def registry_import_list(*, actor: Any) -> QuerySet[RegistryImport]:
    """The imports of the actor's scope, newest first."""
    return RegistryImport.objects.visible_to(actor).select_related("uploaded_by").order_by("-created_at", "-id")


def registry_import_get(*, actor: Any, pk: int) -> RegistryImport:
    return get_object_or_404(registry_import_list(actor=actor), pk=pk)
