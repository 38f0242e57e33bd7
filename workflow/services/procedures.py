"""Which procedure a county runs: one active identification and one active exit procedure per county."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.audit import audit_record
from accounts.choices import Role
from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError
from workflow.choices import ProcedureKind
from workflow.models import Procedure

MSG_ADMIN_ONLY = "只有县乡村振兴局工作人员可以启用或停用程序。"
MSG_ALREADY_ACTIVE = "该县已启用{kind}程序“{name}”，请先停用后再启用其他程序。"
MSG_NO_STEPS = "程序“{name}”没有任何环节，不能启用。"
MSG_NONE_ACTIVE = "本县尚未启用{kind}程序，请联系县乡村振兴局配置。"


def _ensure_county_officer(actor: Any, procedure: Procedure) -> None:
    if getattr(actor, "is_superuser", False):
        return
    prefix = user_scope_prefix(actor)
    if getattr(actor, "role", None) != Role.COUNTY_OFFICER or not prefix:
        raise PermissionDenied(MSG_ADMIN_ONLY)
    if not procedure.region_prefix.startswith(prefix):
        raise PermissionDenied(MSG_ADMIN_ONLY)


def active_procedure(*, region_path: str, kind: str) -> Procedure:
    """The active procedure of this kind whose county prefix is the longest that covers the region."""
    candidates = [
        p for p in Procedure.objects.filter(kind=kind, is_active=True) if region_path.startswith(p.region_prefix)
    ]
    if not candidates:
        raise ApplicationError(MSG_NONE_ACTIVE.format(kind=ProcedureKind(kind).label))
    return max(candidates, key=lambda p: len(p.region_prefix))


def procedures_in_scope(actor: Any) -> list[Procedure]:
    """The active procedures the actor's region runs: a county's covering it, or those of the counties within it
    (a wider scope); none for an actor who sees no region, all for one who sees everything."""
    prefix = user_scope_prefix(actor)
    if prefix is None:
        return []
    return [
        p
        for p in Procedure.objects.filter(is_active=True)
        if prefix.startswith(p.region_prefix) or p.region_prefix.startswith(prefix)
    ]


@transaction.atomic
def procedure_activate(*, actor: Any, procedure: Procedure) -> Procedure:
    _ensure_county_officer(actor, procedure)
    # Serialise activations: lock every procedure of this kind.
    same_kind = list(Procedure.objects.select_for_update().filter(kind=procedure.kind).order_by("pk"))
    if not procedure.steps.exists():
        raise ApplicationError(MSG_NO_STEPS.format(name=procedure.name))
    for other in same_kind:
        if other.pk != procedure.pk and other.is_active and other.region_prefix == procedure.region_prefix:
            raise ApplicationError(MSG_ALREADY_ACTIVE.format(kind=procedure.get_kind_display(), name=other.name))
    Procedure.objects.filter(pk=procedure.pk).update(is_active=True)
    audit_record(
        actor=actor,
        action="workflow.procedure_activate",
        summary=f"启用程序：{procedure.name}",
        target=procedure,
        region_path=procedure.region_prefix,
    )
    procedure.refresh_from_db()
    return procedure


@transaction.atomic
def procedure_deactivate(*, actor: Any, procedure: Procedure) -> Procedure:
    _ensure_county_officer(actor, procedure)
    Procedure.objects.filter(pk=procedure.pk).update(is_active=False)
    audit_record(
        actor=actor,
        action="workflow.procedure_deactivate",
        summary=f"停用程序：{procedure.name}",
        target=procedure,
        region_path=procedure.region_prefix,
    )
    procedure.refresh_from_db()
    return procedure
