"""The problem ledgers of a campaign (seed 003 附件3 户内问题, 附件3-1 面上问题): the "four lists" (问题、措施、
责任、时限), status changes and closing one by one (对账销号) with evidence.

Both ledgers share one state machine, `TRANSITIONS`, applied by `_transition`, which updates with the old status in
the WHERE clause: two people acting on the same problem at once cannot both succeed.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Role
from config.errors import ApplicationError
from households.choices import RegionLevel
from households.models import Household, Region
from households.services.common import ensure_can_edit, record_event
from households.services.visits import upload_check
from screening.choices_campaigns import AreaLevel, ProblemStatus
from screening.models import AreaProblem, Campaign, HouseholdProblem
from screening.services.campaign_close import ensure_open

Problem = HouseholdProblem | AreaProblem

MSG_EVIDENCE_REQUIRED = "销号须上传或填写整改佐证材料。"
MSG_MEASURE_REQUIRED = "请填写整改措施。"
MSG_PERSON_REQUIRED = "请填写整改责任人。"
MSG_UNIT_REQUIRED = "请填写整改责任单位。"
MSG_DEADLINE_REQUIRED = "请填写整改时限。"
MSG_CONTENT_REQUIRED = "请填写问题的具体内容。"
MSG_DEADLINE_PAST = "整改时限不能早于问题录入日期。"
MSG_CLOSED_FUTURE = "销号日期不能晚于今天。"
MSG_CLOSED_BEFORE_CREATED = "销号日期不能早于问题录入日期（{date}）。"
MSG_CLOSE_NEEDS_PLAN = (
    "销号前须明确问题、措施、责任、时限“四项清单”，尚未填写：{missing}。请先在“整改措施与责任”中补全。"
)
MSG_CLOSED_LOCKED = "已销号的问题不能修改；如整改未到位，请由乡镇或县级工作人员重新打开。"
MSG_WRONG_STATUS = "该问题当前为“{status}”，不能{action}。"
MSG_STALE = "该问题刚刚被他人处理，请刷新后重试。"
MSG_REOPEN_ROLE = "只有乡镇或县级工作人员可以重新打开已销号的问题。"
MSG_REOPEN_REASON = "请填写重新打开的理由。"
MSG_HOUSEHOLD_NOT_IN_CAMPAIGN = "该户所在村不在本次集中排查的范围内。"
MSG_LEVEL_MISMATCH = "面上问题层级为“{level}”时，所在单位须为{expected}。"
MSG_UNIT_NOT_IN_CAMPAIGN = "“{name}”不在本次集中排查的范围内。"

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # action: (allowed from, to)
    "start": (frozenset({ProblemStatus.PENDING}), ProblemStatus.IN_PROGRESS),
    "close": (frozenset({ProblemStatus.PENDING, ProblemStatus.IN_PROGRESS}), ProblemStatus.RECTIFIED),
    "reopen": (frozenset({ProblemStatus.RECTIFIED}), ProblemStatus.IN_PROGRESS),
}
ACTION_LABELS = {"start": "开始整改", "close": "销号", "reopen": "重新打开"}
LEVEL_REGION = {
    AreaLevel.COUNTY: RegionLevel.COUNTY,
    AreaLevel.TOWNSHIP: RegionLevel.TOWNSHIP,
    AreaLevel.VILLAGE: RegionLevel.VILLAGE,
}
PLAN_FIELDS = ["measure", "responsible_person", "responsible_unit", "deadline"]
PLAN_LABELS = {
    "measure": "整改措施",
    "responsible_person": "责任人",
    "responsible_unit": "责任单位",
    "deadline": "整改时限",
}


def _record(
    *, actor: Any, problem: Problem, action: str, summary: str, changes: list[dict[str, str]] | None = None
) -> None:
    """Household problems appear in the household's history; area problems only in the audit log."""
    text = f"{problem.campaign.name}：{summary}"
    if isinstance(problem, HouseholdProblem):
        household = Household.objects.get(pk=problem.household_id)
        record_event(actor=actor, household=household, action=action, target=problem, summary=text, changes=changes)
    else:
        before = {c["field"]: c["old"] for c in changes or []} or None
        after = {c["field"]: c["new"] for c in changes or []} or None
        audit_record(actor=actor, action=action, target=problem, summary=text, before=before, after=after)


def _clean_plan(values: dict[str, Any], *, created_on: dt.date, require: bool) -> dict[str, Any]:
    cleaned = {name: (values.get(name) or "").strip() for name in PLAN_FIELDS if name != "deadline"}
    cleaned["deadline"] = values.get("deadline")
    errors: dict[str, str] = {}
    if require:
        for name, message in (
            ("measure", MSG_MEASURE_REQUIRED),
            ("responsible_person", MSG_PERSON_REQUIRED),
            ("responsible_unit", MSG_UNIT_REQUIRED),
            ("deadline", MSG_DEADLINE_REQUIRED),
        ):
            if not cleaned[name]:
                errors[name] = message
    if cleaned["deadline"] and cleaned["deadline"] < created_on:
        errors["deadline"] = MSG_DEADLINE_PAST
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def household_problem_create(
    *,
    actor: Any,
    campaign: Campaign,
    household: Household,
    problem_type: str,
    content: str,
    **plan: Any,
) -> HouseholdProblem:
    """A household problem entered directly in the ledger (e.g. reported by a department), not from a form."""
    ensure_can_edit(actor, household.region_path)
    ensure_open(campaign)
    if not campaign.villages.filter(pk=household.village_id).exists():
        raise ValidationError(MSG_HOUSEHOLD_NOT_IN_CAMPAIGN)
    if not content.strip():
        raise ValidationError({"content": MSG_CONTENT_REQUIRED})
    values = _clean_plan(plan, created_on=timezone.localdate(), require=False)
    problem = HouseholdProblem.objects.create(
        campaign=campaign,
        household=household,
        region_path=household.region_path,
        problem_type=problem_type,
        content=content.strip(),
        created_by=actor,
        **values,
    )
    _record(
        actor=actor, problem=problem, action="campaign.problem_create", summary=f"登记户内问题：{problem.content[:80]}"
    )
    return problem


@transaction.atomic
def area_problem_create(
    *,
    actor: Any,
    campaign: Campaign,
    level: str,
    region: Region,
    problem_type: str,
    content: str,
    **plan: Any,
) -> AreaProblem:
    """面上问题 of the county, a township or a village; who may record it follows from scope (a village cadre
    cannot enter a township's problem)."""
    ensure_can_edit(actor, region.path)
    ensure_open(campaign)
    expected = LEVEL_REGION[AreaLevel(level)]
    if region.level != expected:
        raise ValidationError(
            {"region": MSG_LEVEL_MISMATCH.format(level=AreaLevel(level).label, expected=RegionLevel(expected).label)}
        )
    villages = campaign.villages.all()
    in_campaign = (
        region.path == campaign.region_path
        if level == AreaLevel.COUNTY
        else villages.filter(path__startswith=region.path).exists()
    )
    if not in_campaign:
        raise ValidationError({"region": MSG_UNIT_NOT_IN_CAMPAIGN.format(name=region.name)})
    if not content.strip():
        raise ValidationError({"content": MSG_CONTENT_REQUIRED})
    values = _clean_plan(plan, created_on=timezone.localdate(), require=False)
    problem = AreaProblem.objects.create(
        campaign=campaign,
        level=level,
        region=region,
        region_path=region.path,
        problem_type=problem_type,
        content=content.strip(),
        created_by=actor,
        **values,
    )
    _record(
        actor=actor,
        problem=problem,
        action="campaign.area_problem_create",
        summary=f"登记面上问题（{problem.get_level_display()}，{region.name}）：{problem.content[:80]}",
    )
    return problem


@transaction.atomic
def problem_plan(*, actor: Any, problem: Problem, **plan: Any) -> Problem:
    """Set the measure, the responsible person and unit and the deadline of an open problem."""
    problem = _locked(problem)
    ensure_can_edit(actor, problem.region_path)
    if problem.status == ProblemStatus.RECTIFIED:
        raise ApplicationError(MSG_CLOSED_LOCKED)
    values = _clean_plan(plan, created_on=timezone.localdate(problem.created_at), require=False)
    changes = []
    for name, value in values.items():
        old = getattr(problem, name)
        if old != value:
            label = str(type(problem)._meta.get_field(name).verbose_name)
            changes.append({"field": name, "label": label, "old": str(old or ""), "new": str(value or "")})
            setattr(problem, name, value)
    if changes:
        problem.save(update_fields=[*PLAN_FIELDS, "updated_at"])
        _record(actor=actor, problem=problem, action="campaign.problem_plan", summary="修改整改措施", changes=changes)
    return problem


def _locked(problem: Problem) -> Problem:
    """The current row, locked: rules are checked against what is stored, not a copy a page loaded earlier."""
    return type(problem).objects.select_for_update().select_related("campaign").get(pk=problem.pk)


def _transition(*, actor: Any, problem: Problem, action: str, note: str = "", **values: Any) -> Problem:
    allowed, target = TRANSITIONS[action]
    ensure_can_edit(actor, problem.region_path)
    if problem.status not in allowed:
        label = ProblemStatus(problem.status).label
        raise ApplicationError(MSG_WRONG_STATUS.format(status=label, action=ACTION_LABELS[action]))
    updated = (
        type(problem)
        .objects.filter(pk=problem.pk, status=problem.status)
        .update(status=target, updated_at=timezone.now(), **values)
    )
    if updated == 0:
        raise ApplicationError(MSG_STALE)
    old = ProblemStatus(problem.status).label
    problem.refresh_from_db()
    change = {"field": "status", "label": "整改状态", "old": old, "new": problem.get_status_display()}
    _record(
        actor=actor,
        problem=problem,
        action=f"campaign.problem_{action}",
        summary=f"{problem.get_problem_type_display()}问题{ACTION_LABELS[action]}{('：' + note) if note else ''}",
        changes=[change],
    )
    return problem


@transaction.atomic
def problem_start(*, actor: Any, problem: Problem) -> Problem:
    """待整改 → 整改中, once the four lists are complete (003 §二 1: 问题、措施、责任、时限)."""
    problem = _locked(problem)
    _clean_plan({name: getattr(problem, name) for name in PLAN_FIELDS}, created_on=dt.date.min, require=True)
    return _transition(actor=actor, problem=problem, action="start")


def plan_missing(problem: Problem) -> list[str]:
    """The parts of the four lists not yet filled in (整改措施, 责任人, 责任单位, 整改时限), by their labels."""
    return [PLAN_LABELS[name] for name in PLAN_FIELDS if not str(getattr(problem, name) or "").strip()]


@transaction.atomic
def problem_close(
    *,
    actor: Any,
    problem: Problem,
    evidence_text: str = "",
    evidence_file: UploadedFile | None = None,
    effect: str = "",
    closed_on: dt.date | None = None,
) -> Problem:
    """销号: the problem is rectified, with evidence (a document or photo, or a written account) on file.

    003 §二1 "依单推进，逐项逐条核实销号": a problem is closed against its four lists, so they must be complete, as for
    starting rectification (problem_start); and it is closed on a day between its recording and today."""
    problem = _locked(problem)
    errors: dict[str, str] = {}
    if missing := plan_missing(problem):
        errors["__all__"] = MSG_CLOSE_NEEDS_PLAN.format(missing="、".join(missing))
    if not evidence_text.strip() and evidence_file is None:
        errors["evidence_text"] = MSG_EVIDENCE_REQUIRED
    today, created_on = timezone.localdate(), timezone.localdate(problem.created_at)
    closed_on = closed_on or today
    if closed_on > today:
        errors["closed_on"] = MSG_CLOSED_FUTURE
    elif closed_on < created_on:
        errors["closed_on"] = MSG_CLOSED_BEFORE_CREATED.format(date=created_on.isoformat())
    if errors:
        raise ValidationError(errors)
    # Extension, size and first bytes, as every other upload: an HTML page renamed 佐证.pdf is no evidence.
    upload_check(evidence_file, "evidence_file")
    problem = _transition(
        actor=actor,
        problem=problem,
        action="close",
        evidence_text=evidence_text.strip(),
        effect=effect.strip(),
        closed_on=closed_on,
        closed_by=actor,
    )
    if evidence_file is not None:
        # Stored after the status claim succeeded, so a lost race leaves no file behind.
        problem.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
        type(problem).objects.filter(pk=problem.pk).update(evidence_file=problem.evidence_file.name)
    return problem


@transaction.atomic
def problem_reopen(*, actor: Any, problem: Problem, reason: str) -> Problem:
    """整改未到位: township or county staff send a closed problem back to rectification, saying why."""
    if not (getattr(actor, "is_superuser", False) or actor.role in {Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER}):
        raise PermissionDenied(MSG_REOPEN_ROLE)
    if not reason.strip():
        raise ValidationError({"reason": MSG_REOPEN_REASON})
    problem = _locked(problem)
    # The closing undone is kept as 上次销号 (SET reads the row as it was), not left as this rectification's effect.
    return _transition(
        actor=actor,
        problem=problem,
        action="reopen",
        note=reason.strip(),
        closed_on=None,
        closed_by=None,
        reopen_reason=reason.strip(),
        reopened_by=actor,
        reopened_at=timezone.now(),
        previous_closed_on=F("closed_on"),
        previous_effect=F("effect"),
        previous_evidence_text=F("evidence_text"),
        previous_evidence_file=F("evidence_file"),
        effect="",
        evidence_text="",
        evidence_file="",
    )
