"""Screening campaigns (集中排查, seed 003 §三): create a campaign and assign who screens where.

The household screening form (附件2) is screening.services.campaign_forms (its services are also reachable from
here, where callers found them first); editing a campaign is campaign_edit, ending or deleting it campaign_close;
the ledgers (status changes, closing with evidence, area problems) are campaign_problems.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.approvals import login_refusal
from accounts.audit import audit_record
from accounts.choices import VILLAGE_ROLES, Approval, Role
from households.choices import RegionLevel
from households.models import Region
from households.services.common import ensure_can_edit
from screening.choices_campaigns import PHASE_ORDER, PhaseKind
from screening.models import Campaign, CampaignAssignment, CampaignPhase
from screening.services.campaign_close import ensure_open
from screening.services.campaign_forms import (  # noqa: F401 - the form's services and messages, re-exported
    MSG_DATE_AFTER_PHASE,
    MSG_DATE_BEFORE_PHASE,
    MSG_DATE_FUTURE,
    MSG_DUPLICATE_FORM,
    MSG_HOUSEHOLD_INACTIVE,
    MSG_HOUSEHOLD_NOT_IN_CAMPAIGN,
    MSG_PROBLEM_LOCKED,
    MSG_PROBLEM_TEXT_REQUIRED,
    MSG_PROPOSE_NEEDS_RISK,
    MSG_QUESTION_REQUIRED,
    MSG_UNKNOWN_ITEM,
    MSG_UNKNOWN_QUESTION,
    clean_answers,
    form_submit,
    form_update,
)
from screening.services.campaign_roles import MSG_ORGANISER_ROLE, ORGANISING_LEVELS, ensure_organiser

# Who organises where: screening.services.campaign_roles (the county bureau its county, township staff their own).
MSG_COUNTY_ONLY = MSG_ORGANISER_ROLE
MSG_NAME_REQUIRED = "请填写排查名称。"
MSG_REGION_NOT_COUNTY = "集中排查的组织单位须为县或乡镇。"
MSG_NO_VILLAGES = "请至少选择一个村作为排查范围。"
MSG_VILLAGE_OUTSIDE = "“{name}”不是{region}的村，不能列入排查范围。"
MSG_VILLAGE_RETIRED = "“{name}”已撤销，不能列入排查范围。"
MSG_PHASE_FIELD_REQUIRED = "请填写入户排查阶段的起止日期。"
MSG_PHASE_DATES_MISSING = "请同时填写{phase}阶段的开始和结束日期。"
MSG_PHASE_DATES = "{phase}阶段的结束日期不能早于开始日期。"
MSG_PHASE_ORDER = "{phase}阶段不能早于{previous}阶段开始。"
MSG_PHASE_DUPLICATE = "{phase}阶段重复，每个阶段只能填写一次。"
MSG_PHASE_UNKNOWN = "没有“{kind}”这一阶段。"
MSG_PHASE_YEAR = "{phase}阶段的日期{day}年份有误：应在{low}年到{high}年之间。"
# A phase's years: a year 1 or 9999 is a typing slip in the date picker, and would stretch progress and overdue
# counts over millennia. The same span as the working-day calendar's (workflow.workdays.CALENDAR_YEARS).
PHASE_YEARS = (2000, 2100)
# 003 §五(四) 避免重复填表报数…防止层层加码: one village, one field screening at a time (a county campaign and a
# township's own over the same village and weeks would send two screeners to the same door with two forms).
MSG_CAMPAIGN_OVERLAP = (
    "“{village}”已在集中排查“{other}”的范围内，其入户排查阶段为{starts_on} 至 {ends_on}，与本次入户排查时间重叠。"
    "同一个村同一时间只开展一次入户排查，避免重复填表报数；请调整本次入户排查的日期，或不将该村列入本次排查范围。"
)
MSG_ASSIGN_ROLE = "只有乡镇或县级工作人员可以安排排查人员。"
MSG_VILLAGE_NOT_IN_CAMPAIGN = "“{name}”不在本次集中排查的范围内。"
MSG_NOT_A_CADRE = "{name}不是“{village}”的村干部或驻村工作队员。"
MSG_CADRE_NOT_APPROVED = "{name}的账号未经安全管理员审核通过（{state}），不能登录填写排查表，不能安排为排查人。"
MSG_ALREADY_ASSIGNED = "{name}已安排在“{village}”排查。"
ASSIGNING_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})


def _is(actor: Any, roles: frozenset[str]) -> bool:
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in roles)


def clean_phases(phases: list[dict[str, Any]]) -> list[CampaignPhase]:
    errors: dict[str, list[str]] = {}
    given = [p for p in phases if p.get("starts_on") or p.get("ends_on")]
    kinds = [p.get("kind") for p in given]
    for kind in dict.fromkeys(kinds):
        if kind not in PhaseKind.values:
            errors.setdefault("phases", []).append(MSG_PHASE_UNKNOWN.format(kind=kind))
        elif kinds.count(kind) > 1:
            errors.setdefault("phases", []).append(MSG_PHASE_DUPLICATE.format(phase=PhaseKind(kind).label))
    by_kind = {p.get("kind"): p for p in given}
    if PhaseKind.FIELD_SCREENING not in by_kind:
        errors.setdefault("phases", []).append(MSG_PHASE_FIELD_REQUIRED)
    cleaned: list[CampaignPhase] = []
    for kind in PHASE_ORDER:
        phase = by_kind.get(kind)
        if phase is None:
            continue
        label = PhaseKind(kind).label
        starts_on, ends_on = phase.get("starts_on"), phase.get("ends_on")
        if not (starts_on and ends_on):
            errors.setdefault("phases", []).append(MSG_PHASE_DATES_MISSING.format(phase=label))
            continue
        if slips := [day for day in (starts_on, ends_on) if not PHASE_YEARS[0] <= day.year <= PHASE_YEARS[1]]:
            low, high = PHASE_YEARS
            for day in slips:
                message = MSG_PHASE_YEAR.format(phase=label, day=day.isoformat(), low=low, high=high)
                errors.setdefault("phases", []).append(message)
            continue
        if ends_on < starts_on:
            errors.setdefault("phases", []).append(MSG_PHASE_DATES.format(phase=label))
        if cleaned and starts_on < cleaned[-1].starts_on:
            previous = cleaned[-1].get_kind_display()
            errors.setdefault("phases", []).append(MSG_PHASE_ORDER.format(phase=label, previous=previous))
        cleaned.append(CampaignPhase(kind=kind, starts_on=starts_on, ends_on=ends_on))
    if errors:
        raise ValidationError(errors)
    return cleaned


def overlap_errors(
    villages: list[Region], phases: list[CampaignPhase], *, campaign: Campaign | None = None
) -> list[str]:
    """One message per village of `villages` that another open campaign (not `campaign`, the one being edited)
    screens in days the new field screening phase shares: its name and its 入户排查 dates."""
    field = next((p for p in phases if p.kind == PhaseKind.FIELD_SCREENING), None)
    if field is None or not villages:
        return []
    others = CampaignPhase.objects.filter(
        kind=PhaseKind.FIELD_SCREENING,
        starts_on__lte=field.ends_on,
        ends_on__gte=field.starts_on,
        campaign__closed_at__isnull=True,
        campaign__villages__in=villages,
    )
    if campaign is not None:
        others = others.exclude(campaign=campaign)
    screening = {phase.campaign_id: phase for phase in others.select_related("campaign").distinct()}
    shared = (
        Campaign.villages.through.objects.filter(campaign_id__in=screening, region__in=villages)
        .order_by("region__path", "campaign_id")
        .values_list("region__name", "campaign_id")
    )
    errors = []
    for village, campaign_id in shared:
        phase = screening[campaign_id]
        errors.append(
            MSG_CAMPAIGN_OVERLAP.format(
                village=village,
                other=phase.campaign.name,
                starts_on=f"{phase.starts_on:%Y-%m-%d}",
                ends_on=f"{phase.ends_on:%Y-%m-%d}",
            )
        )
    return errors


def clean_campaign(
    *,
    actor: Any,
    name: str,
    region: Region,
    villages: list[Region],
    phases: list[dict[str, Any]],
    campaign: Campaign | None = None,
) -> list[CampaignPhase]:
    """What creating and editing a campaign both check: the county bureau or township staff act in their scope
    (campaign_roles: a township organises its own township's campaign), a name, villages of the organising county or
    township, phases in order, and no village in another open campaign's field screening at the same time
    (overlap_errors; `campaign`: the one being edited). Returns the phases, not yet saved."""
    ensure_organiser(actor, region.path)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [MSG_NAME_REQUIRED]
    if region.level not in ORGANISING_LEVELS:
        errors["region"] = [MSG_REGION_NOT_COUNTY]
    if not villages:
        errors["villages"] = [MSG_NO_VILLAGES]
    for village in villages:
        if village.level != RegionLevel.VILLAGE or not village.path.startswith(region.path):
            errors.setdefault("villages", []).append(MSG_VILLAGE_OUTSIDE.format(name=village.name, region=region.name))
    kept = set(campaign.villages.values_list("pk", flat=True)) if campaign is not None else set()
    for village in villages:
        if not village.is_active and village.pk not in kept:  # retired (撤销); one of the campaign's own stays
            errors.setdefault("villages", []).append(MSG_VILLAGE_RETIRED.format(name=village.name))
    try:
        cleaned_phases = clean_phases(phases)
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if clashes := overlap_errors(villages, cleaned_phases, campaign=campaign):
            errors.setdefault("villages", []).extend(clashes)
    if errors:
        raise ValidationError(errors)
    return cleaned_phases


@transaction.atomic
def campaign_create(
    *, actor: Any, name: str, region: Region, villages: list[Region], phases: list[dict[str, Any]]
) -> Campaign:
    """Start a campaign (county bureau, or township staff for their township): its phases with dates (003 §三) and
    the villages it covers."""
    cleaned_phases = clean_campaign(actor=actor, name=name, region=region, villages=villages, phases=phases)
    campaign = Campaign.objects.create(name=name.strip(), region=region, region_path=region.path, created_by=actor)
    campaign.villages.set(villages)
    for phase in cleaned_phases:
        phase.campaign = campaign
    CampaignPhase.objects.bulk_create(cleaned_phases)
    audit_record(
        actor=actor,
        action="campaign.create",
        target=campaign,
        summary=f"发起集中排查“{campaign.name}”，范围{len(villages)}个村",
        after={"name": campaign.name, "villages": len(villages)},
    )
    return campaign


def _cadre_covers(cadre: Any, village: Region) -> bool:
    return bool(
        cadre.is_active
        and cadre.role in VILLAGE_ROLES
        and cadre.region_path
        and (village.path.startswith(cadre.region_path) or cadre.region_path.startswith(village.path))
    )


@transaction.atomic
def assignment_add(*, actor: Any, campaign: Campaign, village: Region, cadre: Any) -> CampaignAssignment:
    """Name a village cadre or work-team member who screens a village (township or county staff)."""
    if not _is(actor, ASSIGNING_ROLES):
        raise PermissionDenied(MSG_ASSIGN_ROLE)
    ensure_can_edit(actor, village.path)
    ensure_open(campaign)
    person = cadre.get_full_name() or cadre.username
    if not campaign.villages.filter(pk=village.pk).exists():
        raise ValidationError({"village": MSG_VILLAGE_NOT_IN_CAMPAIGN.format(name=village.name)})
    if not _cadre_covers(cadre, village):
        raise ValidationError({"cadre": MSG_NOT_A_CADRE.format(name=person, village=village.name)})
    if login_refusal(cadre):
        state = Approval(cadre.approval).label
        raise ValidationError({"cadre": MSG_CADRE_NOT_APPROVED.format(name=person, state=state)})
    try:
        with transaction.atomic():
            assignment = CampaignAssignment.objects.create(
                campaign=campaign, village=village, cadre=cadre, region_path=village.path, assigned_by=actor
            )
    except IntegrityError:
        raise ValidationError({"cadre": MSG_ALREADY_ASSIGNED.format(name=person, village=village.name)}) from None
    audit_record(
        actor=actor,
        action="campaign.assign",
        target=assignment,
        summary=f"{campaign.name}：安排{person}排查{village.name}",
    )
    return assignment


@transaction.atomic
def assignment_remove(*, actor: Any, assignment: CampaignAssignment) -> None:
    if not _is(actor, ASSIGNING_ROLES):
        raise PermissionDenied(MSG_ASSIGN_ROLE)
    ensure_can_edit(actor, assignment.region_path)
    ensure_open(assignment.campaign)
    person = assignment.cadre.get_full_name() or assignment.cadre.username
    audit_record(
        actor=actor,
        action="campaign.unassign",
        target=assignment,
        summary=f"{assignment.campaign.name}：取消{person}在{assignment.village.name}的排查任务",
    )
    assignment.delete()
