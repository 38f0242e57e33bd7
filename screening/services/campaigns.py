"""Screening campaigns (集中排查, seed 003 §三): create a campaign, assign who screens where, and the household
screening form (附件2) whose problems open the household problem ledger (附件3).

The ledgers themselves (status changes, closing with evidence, area problems) are screening.services.campaign_problems.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import VILLAGE_ROLES, Role
from households.choices import RegionLevel
from households.models import Household, Region
from households.services.common import ensure_can_edit, record_event
from screening.campaign_form import AT_RISK, ITEMS_BY_NUMBER, JUDGEMENT_ITEM, PROPOSE_MONITORING
from screening.choices_campaigns import PHASE_ORDER, PhaseKind, ProblemStatus
from screening.models import Campaign, CampaignAssignment, CampaignPhase, HouseholdProblem, ScreeningForm

MSG_COUNTY_ONLY = "只有县乡村振兴局工作人员可以发起集中排查。"
MSG_NAME_REQUIRED = "请填写排查名称。"
MSG_REGION_NOT_COUNTY = "集中排查的组织单位须为县。"
MSG_NO_VILLAGES = "请至少选择一个村作为排查范围。"
MSG_VILLAGE_OUTSIDE = "“{name}”不是本县的村，不能列入排查范围。"
MSG_PHASE_FIELD_REQUIRED = "请填写入户排查阶段的起止日期。"
MSG_PHASE_DATES_MISSING = "请同时填写{phase}阶段的开始和结束日期。"
MSG_PHASE_DATES = "{phase}阶段的结束日期不能早于开始日期。"
MSG_PHASE_ORDER = "{phase}阶段不能早于{previous}阶段开始。"
MSG_ASSIGN_ROLE = "只有乡镇或县级工作人员可以安排排查人员。"
MSG_VILLAGE_NOT_IN_CAMPAIGN = "“{name}”不在本次集中排查的范围内。"
MSG_NOT_A_CADRE = "{name}不是“{village}”的村干部或驻村工作队员。"
MSG_ALREADY_ASSIGNED = "{name}已安排在“{village}”排查。"
MSG_HOUSEHOLD_NOT_IN_CAMPAIGN = "该户所在村不在本次集中排查的范围内。"
MSG_HOUSEHOLD_INACTIVE = "该户档案已注销，不能填写排查表。"
MSG_DUPLICATE_FORM = "该户的入户排查表已由{name}于{date}填写，不能重复提交；如需更正，请使用“修改排查表”。"
MSG_DATE_FUTURE = "排查日期不能晚于今天。"
MSG_DATE_BEFORE_PHASE = "排查日期早于本次集中排查的入户排查阶段（{start} 开始），请核对。"
MSG_UNKNOWN_ITEM = "排查表中没有第{number}项。"
MSG_UNKNOWN_QUESTION = "第{number}项“{label}”中没有这一排查内容。"
MSG_PROBLEM_TEXT_REQUIRED = "第{number}项“{label}”已勾选，请在排查问题栏中具体表述问题内容。"
MSG_QUESTION_REQUIRED = "第{number}项“{label}”填写了问题，请勾选对应的排查内容（没有对应项时勾选“其他”）。"
MSG_PROBLEM_TOO_LONG = "第{number}项的问题描述不能超过500字。"
MSG_PROPOSE_NEEDS_RISK = "拟纳入监测对象评议的农户，须先判定为疑似存在返贫致贫风险。"
MSG_ANSWERS_SHAPE = '排查内容格式不正确：每项应为 {"checked": [排查内容代码], "problem": "问题描述"}。'
MSG_PROBLEM_LOCKED = "第{number}项的问题已{status}，不能在排查表中修改或删除；请到问题台账中处理。"

MAX_PROBLEM_TEXT = 500
ASSIGNING_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})


def _is(actor: Any, roles: frozenset[str]) -> bool:
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in roles)


def clean_phases(phases: list[dict[str, Any]]) -> list[CampaignPhase]:
    by_kind = {p["kind"]: p for p in phases if p.get("starts_on") or p.get("ends_on")}
    errors: dict[str, list[str]] = {}
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
        if ends_on < starts_on:
            errors.setdefault("phases", []).append(MSG_PHASE_DATES.format(phase=label))
        if cleaned and starts_on < cleaned[-1].starts_on:
            previous = cleaned[-1].get_kind_display()
            errors.setdefault("phases", []).append(MSG_PHASE_ORDER.format(phase=label, previous=previous))
        cleaned.append(CampaignPhase(kind=kind, starts_on=starts_on, ends_on=ends_on))
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_campaign(
    *, actor: Any, name: str, region: Region, villages: list[Region], phases: list[dict[str, Any]]
) -> list[CampaignPhase]:
    """What creating and editing a campaign both check: the county bureau acts in its county, a name, villages of
    that county, phases in order. Returns the phases, not yet saved."""
    if not _is(actor, frozenset({Role.COUNTY_OFFICER})):
        raise PermissionDenied(MSG_COUNTY_ONLY)
    ensure_can_edit(actor, region.path)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [MSG_NAME_REQUIRED]
    if region.level != RegionLevel.COUNTY:
        errors["region"] = [MSG_REGION_NOT_COUNTY]
    if not villages:
        errors["villages"] = [MSG_NO_VILLAGES]
    for village in villages:
        if village.level != RegionLevel.VILLAGE or not village.path.startswith(region.path):
            errors.setdefault("villages", []).append(MSG_VILLAGE_OUTSIDE.format(name=village.name))
    try:
        cleaned_phases = clean_phases(phases)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned_phases


@transaction.atomic
def campaign_create(
    *, actor: Any, name: str, region: Region, villages: list[Region], phases: list[dict[str, Any]]
) -> Campaign:
    """Start a campaign (county bureau): its phases with dates (003 §三) and the villages it covers."""
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
    person = cadre.get_full_name() or cadre.username
    if not campaign.villages.filter(pk=village.pk).exists():
        raise ValidationError({"village": MSG_VILLAGE_NOT_IN_CAMPAIGN.format(name=village.name)})
    if not _cadre_covers(cadre, village):
        raise ValidationError({"cadre": MSG_NOT_A_CADRE.format(name=person, village=village.name)})
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
    person = assignment.cadre.get_full_name() or assignment.cadre.username
    audit_record(
        actor=actor,
        action="campaign.unassign",
        target=assignment,
        summary=f"{assignment.campaign.name}：取消{person}在{assignment.village.name}的排查任务",
    )
    assignment.delete()


def clean_answers(
    answers: dict[Any, dict[str, Any]], *, at_risk: bool, propose_monitoring: bool
) -> dict[str, dict[str, Any]]:
    """Check the answers against the 13 items; errors are keyed "item_<n>" so a page shows them at the item.

    填表说明 1: a ticked sub-question needs the problem described, and a described problem needs its tick."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": MSG_ANSWERS_SHAPE})
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, dict[str, Any]] = {}
    for key, answer in answers.items():
        number = int(key) if str(key).isdigit() else 0
        item = ITEMS_BY_NUMBER.get(number)
        if item is None:
            errors.setdefault("__all__", []).append(MSG_UNKNOWN_ITEM.format(number=key))
            continue
        if not (
            isinstance(answer, dict)
            and isinstance(answer.get("checked") or [], list)
            and isinstance(answer.get("problem") or "", str)
        ):
            errors.setdefault(f"item_{number}", []).append(MSG_ANSWERS_SHAPE)
            continue
        codes = {q.code for q in item.questions}
        checked = list(dict.fromkeys(str(code) for code in answer.get("checked") or []))
        problem = (answer.get("problem") or "").strip()
        field, label = f"item_{number}", item.label
        if number == JUDGEMENT_ITEM:
            if problem:
                cleaned[str(number)] = {"checked": [], "problem": problem[:MAX_PROBLEM_TEXT]}
            continue
        if any(code not in codes for code in checked):
            errors.setdefault(field, []).append(MSG_UNKNOWN_QUESTION.format(number=number, label=label))
        elif checked and not problem:
            errors.setdefault(field, []).append(MSG_PROBLEM_TEXT_REQUIRED.format(number=number, label=label))
        elif problem and not checked:
            errors.setdefault(field, []).append(MSG_QUESTION_REQUIRED.format(number=number, label=label))
        elif len(problem) > MAX_PROBLEM_TEXT:
            errors.setdefault(field, []).append(MSG_PROBLEM_TOO_LONG.format(number=number))
        elif checked:
            order = [q.code for q in item.questions]
            cleaned[str(number)] = {"checked": sorted(checked, key=order.index), "problem": problem}
    if propose_monitoring and not at_risk:
        errors.setdefault("propose_monitoring", []).append(MSG_PROPOSE_NEEDS_RISK)
    if errors:
        raise ValidationError(errors)
    judgement = [code for code, on in ((AT_RISK, at_risk), (PROPOSE_MONITORING, propose_monitoring)) if on]
    if judgement or str(JUDGEMENT_ITEM) in cleaned:
        note = cleaned.get(str(JUDGEMENT_ITEM), {}).get("problem", "")
        cleaned[str(JUDGEMENT_ITEM)] = {"checked": judgement, "problem": note}
    return dict(sorted(cleaned.items(), key=lambda pair: int(pair[0])))


def _problem_items(answers: dict[str, dict[str, Any]]) -> dict[int, str]:
    """Item number → problem text, for the items that open a ledger row (1–12)."""
    return {
        int(key): answer["problem"]
        for key, answer in answers.items()
        if int(key) != JUDGEMENT_ITEM and answer.get("problem")
    }


def _duplicate_message(existing: ScreeningForm) -> str:
    name = existing.filled_by.get_full_name() or existing.filled_by.username
    return MSG_DUPLICATE_FORM.format(name=name, date=f"{existing.filled_on:%Y-%m-%d}")


def _judgement_summary(form: ScreeningForm) -> str:
    parts = ["疑似存在返贫致贫风险" if form.at_risk else ""]
    parts.append("拟纳入监测对象评议" if form.propose_monitoring else "")
    return "".join(f"，{part}" for part in parts if part)


@transaction.atomic
def form_submit(
    *,
    actor: Any,
    campaign: Campaign,
    household: Household,
    answers: dict[Any, dict[str, Any]],
    at_risk: bool = False,
    propose_monitoring: bool = False,
    filled_on: dt.date | None = None,
) -> ScreeningForm:
    """Record a household's 入户排查表. Each item with a problem becomes a row of the household problem ledger.

    A proposal for monitoring is recorded on the form; opening the identification case is the workflow's."""
    ensure_can_edit(actor, household.region_path)
    if not household.is_active:
        raise ValidationError(MSG_HOUSEHOLD_INACTIVE)
    if not campaign.villages.filter(pk=household.village_id).exists():
        raise ValidationError(MSG_HOUSEHOLD_NOT_IN_CAMPAIGN)
    existing = ScreeningForm.objects.filter(campaign=campaign, household=household).select_related("filled_by")
    if (first := existing.first()) is not None:
        raise ValidationError(_duplicate_message(first))
    filled_on = filled_on or timezone.localdate()
    _check_filled_on(campaign, filled_on)
    cleaned = clean_answers(answers, at_risk=at_risk, propose_monitoring=propose_monitoring)
    try:
        # Two cadres saving the same household at once: the unique constraint decides, the loser is told who won.
        with transaction.atomic():
            form = ScreeningForm.objects.create(
                campaign=campaign,
                household=household,
                region_path=household.region_path,
                filled_by=actor,
                filled_on=filled_on,
                answers=cleaned,
                at_risk=at_risk,
                propose_monitoring=propose_monitoring,
            )
    except IntegrityError:
        raise ValidationError(_duplicate_message(existing.get())) from None
    problems = [_new_problem(form=form, item=number, content=text) for number, text in _problem_items(cleaned).items()]
    HouseholdProblem.objects.bulk_create(problems)
    record_event(
        actor=actor,
        household=household,
        action="campaign.form_submit",
        target=form,
        summary=f"{campaign.name}：填写入户排查表，发现问题{len(problems)}个{_judgement_summary(form)}",
    )
    return form


def _check_filled_on(campaign: Campaign, filled_on: dt.date) -> None:
    """Not after today, nor before the campaign's field screening began (a visit of another year, mistyped)."""
    if filled_on > timezone.localdate():
        raise ValidationError({"filled_on": MSG_DATE_FUTURE})
    phase = campaign.phases.filter(kind=PhaseKind.FIELD_SCREENING).first()
    if phase is not None and filled_on < phase.starts_on:
        raise ValidationError({"filled_on": MSG_DATE_BEFORE_PHASE.format(start=phase.starts_on.isoformat())})


def _new_problem(*, form: ScreeningForm, item: int, content: str) -> HouseholdProblem:
    return HouseholdProblem(
        campaign_id=form.campaign_id,
        household_id=form.household_id,
        form=form,
        item=item,
        region_path=form.region_path,
        problem_type=ITEMS_BY_NUMBER[item].problem_type,
        content=content,
        created_by=form.filled_by,
    )


@transaction.atomic
def form_update(
    *,
    actor: Any,
    form: ScreeningForm,
    answers: dict[Any, dict[str, Any]],
    at_risk: bool,
    propose_monitoring: bool,
    filled_on: dt.date,
) -> ScreeningForm:
    """Correct a form. A problem not yet acted on follows the form (changed, added or withdrawn); one that is
    already in rectification or closed belongs to the ledger and may not be rewritten from here."""
    form = ScreeningForm.objects.select_for_update().select_related("household", "campaign").get(pk=form.pk)
    ensure_can_edit(actor, form.region_path)
    _check_filled_on(form.campaign, filled_on)
    cleaned = clean_answers(answers, at_risk=at_risk, propose_monitoring=propose_monitoring)
    old_texts, new_texts = _problem_items(form.answers), _problem_items(cleaned)
    existing = {p.item: p for p in form.problems.select_for_update().order_by("pk")}
    errors: dict[str, list[str]] = {}
    changes: list[dict[str, str]] = []
    for number in sorted(set(old_texts) | set(new_texts) | set(existing)):
        old, new, problem = old_texts.get(number, ""), new_texts.get(number, ""), existing.get(number)
        if old == new and (problem is None) == (not new):
            continue
        if problem is not None and problem.status != ProblemStatus.PENDING:
            status = problem.get_status_display()
            errors.setdefault(f"item_{number}", []).append(MSG_PROBLEM_LOCKED.format(number=number, status=status))
            continue
        changes.append({"field": f"item_{number}", "label": ITEMS_BY_NUMBER[number].label, "old": old, "new": new})
        if problem is None:
            _new_problem(form=form, item=number, content=new).save()
        elif new:
            problem.content = new
            problem.save(update_fields=["content", "updated_at"])
        else:
            problem.delete()
    if errors:
        raise ValidationError(errors)
    for field, label, value in (
        ("at_risk", "疑似存在返贫致贫风险", at_risk),
        ("propose_monitoring", "拟纳入监测对象评议", propose_monitoring),
    ):
        if getattr(form, field) != value:
            changes.append({"field": field, "label": label, "old": _yes(getattr(form, field)), "new": _yes(value)})
    form.answers, form.at_risk, form.propose_monitoring, form.filled_on = (
        cleaned,
        at_risk,
        propose_monitoring,
        filled_on,
    )
    form.save()
    record_event(
        actor=actor,
        household=form.household,
        action="campaign.form_update",
        target=form,
        summary=f"{form.campaign.name}：修改入户排查表",
        changes=changes,
    )
    return form


def _yes(value: bool) -> str:
    return "是" if value else "否"
