"""Which procedure a county runs: one active identification and one active exit procedure per county."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.audit import audit_record
from accounts.choices import Role
from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError
from workflow.choices import CaseStatus, ProcedureKind
from workflow.models import Case, Procedure
from workflow.selectors_procedures import deactivation_notice, region_name
from workflow.services.procedure_config import DECISION_KINDS, MSG_NO_DECISION, county_prefix_refusal, ensure_config

MSG_ADMIN_ONLY = "只有县乡村振兴局工作人员可以启用或停用程序。"
MSG_ALREADY_ACTIVE = "该县已启用{kind}程序“{name}”：请用“在本县启用此程序”切换（同时停用原程序），或先停用后再启用。"
MSG_NO_STEPS = "程序“{name}”没有任何环节，不能启用。"
MSG_NONE_ACTIVE = "本县尚未启用{kind}程序，请联系县乡村振兴局配置。"
MSG_SWITCH_ROLE = "只有系统管理员或本县乡村振兴局工作人员可以在本县启用程序。"
MSG_ALREADY_IN_USE = "程序“{name}”已在{region}启用，无需再次启用。"
MSG_CASES_ELSEWHERE = (
    "程序“{name}”在原适用县区划 {old} 尚有{n}件未办结案件，不能改用于{region}：这些案件须按原程序办完。"
    "请另建程序（可参照本程序的环节）。"
)
MSG_CONFIRM_DEACTIVATE = "{notice}确认后再停用。"


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


def _ensure_may_switch(actor: Any, region_prefix: str) -> None:
    if getattr(actor, "role", None) == Role.COUNTY_OFFICER:
        prefix = user_scope_prefix(actor)
        if not prefix or not region_prefix.startswith(prefix):
            raise PermissionDenied(MSG_SWITCH_ROLE)
        return
    ensure_config(actor)


@transaction.atomic
def procedure_switch(*, actor: Any, procedure: Procedure, region_prefix: str) -> tuple[Procedure, list[Procedure]]:
    """在本县启用此程序: the procedure becomes the county's of its kind (its region set to the county) and the
    county's active one of that kind stops, in one step. Open cases carry on under the procedure they were opened
    with (selectors_procedures); new cases of the county run on this one. Returns it and those it replaced."""
    region_prefix = (region_prefix or "").strip()
    _ensure_may_switch(actor, region_prefix)
    if refusal := county_prefix_refusal(region_prefix):
        raise ValidationError({"region_prefix": refusal})
    # Serialise with activations and saves of this kind (procedure_activate, procedure_config.procedure_save).
    same_kind = list(Procedure.objects.select_for_update().filter(kind=procedure.kind).order_by("pk"))
    procedure = next(p for p in same_kind if p.pk == procedure.pk)
    region = region_name(region_prefix)
    if procedure.is_active and procedure.region_prefix == region_prefix:
        raise ApplicationError(MSG_ALREADY_IN_USE.format(name=procedure.name, region=region))
    if not procedure.steps.filter(kind__in=DECISION_KINDS).exists():
        raise ApplicationError(MSG_NO_DECISION)
    elsewhere = Case.objects.filter(procedure=procedure, status=CaseStatus.OPEN).exclude(
        region_path__startswith=region_prefix
    )
    if n := elsewhere.count():
        raise ApplicationError(
            MSG_CASES_ELSEWHERE.format(name=procedure.name, old=procedure.region_prefix, n=n, region=region)
        )
    replaced = [p for p in same_kind if p.pk != procedure.pk and p.is_active and p.region_prefix == region_prefix]
    kind = procedure.get_kind_display()
    for old in replaced:
        Procedure.objects.filter(pk=old.pk).update(is_active=False)
        audit_record(
            actor=actor,
            action="workflow.procedure_deactivate",
            summary=f"停用程序：{old.name}（{region}改用“{procedure.name}”）",
            target=old,
            region_path=region_prefix,
            before={"is_active": True},
            after={"is_active": False},
        )
    before = {"region_prefix": procedure.region_prefix, "is_active": procedure.is_active}
    Procedure.objects.filter(pk=procedure.pk).update(region_prefix=region_prefix, is_active=True)
    stopped = "、".join(f"“{old.name}”" for old in replaced)
    audit_record(
        actor=actor,
        action="workflow.procedure_switch",
        summary=f"在{region}启用{kind}程序：{procedure.name}" + (f"（停用{stopped}）" if stopped else ""),
        target=procedure,
        region_path=region_prefix,
        before=before | {"replaced": [old.name for old in replaced]},
        after={"region_prefix": region_prefix, "is_active": True},
    )
    procedure.refresh_from_db()
    return procedure, replaced


@transaction.atomic
def procedure_deactivate(*, actor: Any, procedure: Procedure, confirmed: bool = False) -> Procedure:
    """Stop a procedure. With open cases it is said what becomes of them and of new cases (selectors_procedures.
    deactivation_notice) and done only when `confirmed`: the cases carry on under it."""
    _ensure_county_officer(actor, procedure)
    if not confirmed and (notice := deactivation_notice(procedure)):
        raise ApplicationError(MSG_CONFIRM_DEACTIVATE.format(notice=notice))
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
