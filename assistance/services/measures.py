"""一人一措施: the measures of a plan, added and changed (their status moves in measure_status)."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Department
from assistance import fit
from assistance.choices import MEASURE_TRANSITIONS, TOWNSHIP_VILLAGE, MeasureStatus
from assistance.models import MeasureType, Plan, PlanMeasure
from assistance.services import claims, measure_checks
from assistance.services.common import ensure_can_assist
from assistance.services.measure_changes import EDITABLE, cleaned, editable_now, measure_changes, snapshot
from assistance.services.plans import plan_allowed
from config.errors import ApplicationError
from config.stale import stale_check
from households.choices import LivingStatus
from households.models import Member
from households.services.closing import closed_refusal
from households.services.common import record_event

MSG_ENDS_BEFORE_START = "结束日期不能早于开始日期。"
MSG_NEGATIVE_AMOUNT = "金额不能为负数。"
MSG_MEMBER_NOT_IN_HOUSEHOLD = "所选成员不是该户的在世成员。"
MSG_MEMBER_REQUIRED = "“{measure}”须落实到具体成员（一人一措施），请选择成员。"
MSG_TYPE_INACTIVE = "该帮扶措施已停用。"
DEFAULT_UNIT = "乡镇、村"
MSG_UNIT_REQUIRED = "请填写责任单位。"
MSG_PERSON_REQUIRED = "请填写责任人。"
MSG_BAD_DEPARTMENT = measure_checks.MSG_BAD_DEPARTMENT
MSG_CLOSED_EDIT = "已完成或已终止的措施不能再修改。"
MSG_PLAN_CLOSED = (
    "该户现在不是监测对象或脱贫户，也不在“绿色通道”先行帮扶中（如识别纳入已撤回、未通过，或已标注风险消除），"
    "不能再添加帮扶措施。"
)


def _errors(
    *,
    plan: Plan,
    measure_type: MeasureType,
    member: Member | None,
    responsible_department: str,
    responsible_unit: str,
    responsible_person: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    amount: Decimal | None,
    status: str = MeasureStatus.PLANNED,
    check_start: bool = True,
    check_end: bool = True,
    check_department: bool = True,
) -> dict[str, str]:
    errors = measure_checks.date_errors(
        plan=plan,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        today=timezone.localdate(),
        check_start=check_start,
        check_end=check_end,
    )
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = MSG_ENDS_BEFORE_START
    if amount is not None and amount < 0:
        errors["amount"] = MSG_NEGATIVE_AMOUNT
    elif too_large := measure_checks.amount_error(amount):
        errors["amount"] = too_large
    if member is not None and (member.household_id != plan.household_id or member.living_status != LivingStatus.LIVING):
        errors["member"] = MSG_MEMBER_NOT_IN_HOUSEHOLD
    if member is None and measure_type.for_member:
        errors["member"] = MSG_MEMBER_REQUIRED.format(measure=measure_type.name)
    # Only the departments that handle the measure (catalogue.allowed_departments); a saved measure's department
    # stands until it is changed.
    if check_department and (wrong := measure_checks.department_error(measure_type, responsible_department)):
        errors["responsible_department"] = wrong
    if not responsible_unit.strip():
        errors["responsible_unit"] = MSG_UNIT_REQUIRED
    if not responsible_person.strip():
        errors["responsible_person"] = MSG_PERSON_REQUIRED
    return errors


def _fit_errors(
    *,
    plan: Plan,
    measure_type: MeasureType,
    member: Member | None,
    members: list[Member],
    mismatch: str,
    confirm_mismatch: bool,
    mismatch_reason: str,
) -> dict[str, str]:
    """缺什么补什么 (assistance.fit): a member the measure does not fit is refused, and so is a development measure
    for a whole household without labour capacity; a measure not answering the household's needs (`mismatch`,
    the question to ask) needs the officer's confirmation and reason."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if member is not None and member.household_id == plan.household_id:
        misfit = fit.member_misfit(measure_type=measure_type, member=member, today=today)
        if misfit:
            errors["member"] = misfit
    if member is None:
        misfit = fit.household_misfit(measure_type=measure_type, household=plan.household, members=members, today=today)
        if misfit:
            errors["measure_type"] = misfit
    if mismatch and not confirm_mismatch:
        errors["confirm_mismatch"] = mismatch
    elif mismatch and not mismatch_reason.strip():
        errors["mismatch_reason"] = fit.MSG_MISMATCH_REASON_REQUIRED
    return errors


def _department(chosen: str | None, measure_type: MeasureType) -> str:
    """None or blank: the catalogue's default; TOWNSHIP_VILLAGE: the township and village (stored blank)."""
    if not chosen:
        return measure_type.default_department
    return "" if chosen == TOWNSHIP_VILLAGE else chosen


def _default_unit(measure_type: MeasureType, department: str, *, from_catalogue: bool) -> str:
    """The catalogue's unit name goes with the catalogue's department; otherwise the department's name, or the
    township and village that run it."""
    same_as_catalogue = from_catalogue or bool(department and department == measure_type.default_department)
    if same_as_catalogue and measure_type.default_unit_name:
        return measure_type.default_unit_name
    return str(Department(department).label) if department in Department.values else DEFAULT_UNIT


def _describe(measure: PlanMeasure) -> str:
    who = f"（{measure.member.name}）" if measure.member_id and measure.member else ""
    return f"{measure.measure_type.name}{who}"


@transaction.atomic
def measure_add(
    *,
    actor: Any,
    plan: Plan,
    measure_type: MeasureType,
    starts_on: dt.date,
    responsible_person: str,
    member: Member | None = None,
    responsible_department: str | None = None,
    responsible_unit: str = "",
    ends_on: dt.date | None = None,
    amount: Decimal | None = None,
    content: str = "",
    confirm_mismatch: bool = False,
    mismatch_reason: str = "",
    confirm_unusual: bool = False,
) -> PlanMeasure:
    """Add a measure to a plan. The department left blank (None or "") is the catalogue's default, with its unit;
    TOWNSHIP_VILLAGE chooses the township and village. A member the measure does not fit is refused, and a
    measure not answering the household's needs needs confirm_mismatch and a reason (assistance.fit). The same
    measure for the same member still open, or a large amount, needs confirm_unusual (measure_checks.unusual).
    Dates and amount are bounded (measure_checks). A household no longer allowed a plan (plans.plan_allowed) gets
    no new measure, and 防贫保 only a household a claim could be made for (claims.measure_refusal)."""
    plan = Plan.objects.select_for_update().select_related("household").get(pk=plan.pk)
    ensure_can_assist(actor, plan.region_path)
    if refusal := closed_refusal(plan.household):
        raise ApplicationError(refusal)  # a closed household's plan gets nothing new until the closing is undone
    if not plan_allowed(plan.household):
        # A green-channel plan outlives a withdrawn or refused inclusion, a monitored one the 风险消除 (001 §四;
        # 000 §三(三)8: 不再按“监测对象”监测帮扶): what is in place may still be finished or stopped, nothing added.
        raise ApplicationError(MSG_PLAN_CLOSED)
    if not measure_type.is_active:
        raise ValidationError({"measure_type": MSG_TYPE_INACTIVE})
    if refusal := claims.measure_refusal(measure_type, plan.household):
        raise ValidationError({"measure_type": refusal})  # 防贫保: the three monitored categories only (001 §五)
    from_catalogue = not responsible_department
    responsible_department = _department(responsible_department, measure_type)
    responsible_unit = responsible_unit.strip() or _default_unit(
        measure_type, responsible_department, from_catalogue=from_catalogue
    )
    errors = _errors(
        plan=plan,
        measure_type=measure_type,
        member=member,
        responsible_department=responsible_department,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount,
    )
    members = list(plan.household.members.filter(living_status=LivingStatus.LIVING))
    mismatch = fit.risk_mismatch(
        measure_type=measure_type, household=plan.household, members=members, today=timezone.localdate()
    )
    asked = fit.risk_question_topic(measure_type=measure_type, household=plan.household) if mismatch else ""
    if not mismatch and member is None:
        mismatch = fit.development_age_question(
            measure_type=measure_type, household=plan.household, members=members, today=timezone.localdate()
        )
        asked = fit.ASKED_WORKING_AGE if mismatch else ""
    if question := fit.member_question(measure_type=measure_type, member=member):
        mismatch = f"{mismatch}{question}" if mismatch else question
        asked = f"{asked}；{fit.ASKED_HEALTHY_MEMBER}" if asked else fit.ASKED_HEALTHY_MEMBER
    # An end date already past is asked in the same round, its reason kept with the others (mismatch_reason).
    if "ends_on" not in errors and (past := measure_checks.ends_in_past_question(ends_on, timezone.localdate())):
        mismatch = f"{mismatch}{past}" if mismatch else past
        asked = f"{asked}；{measure_checks.ASKED_ENDS_IN_PAST}" if asked else measure_checks.ASKED_ENDS_IN_PAST
    fit_errors = _fit_errors(
        plan=plan,
        measure_type=measure_type,
        member=member,
        members=members,
        mismatch=mismatch,
        confirm_mismatch=confirm_mismatch,
        mismatch_reason=mismatch_reason,
    )
    errors = fit_errors | errors  # a member not in the household (or deceased) is said as such, not as a misfit
    question = measure_checks.unusual(plan=plan, measure_type=measure_type, member=member, amount=amount)
    if question and not confirm_unusual:
        errors["confirm_unusual"] = question
    if errors:
        raise ValidationError(errors)
    measure = PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        member=member,
        region_path=plan.region_path,
        measure_type=measure_type,
        responsible_department=responsible_department,
        responsible_unit=responsible_unit.strip(),
        responsible_person=responsible_person.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount,
        content=content.strip(),
        mismatch_reason=mismatch_reason.strip() if mismatch else "",
        created_by=actor,
    )
    why = f"（{asked}，理由：{measure.mismatch_reason}）" if measure.mismatch_reason else ""  # the question asked
    record_event(
        actor=actor,
        household=plan.household,
        member=member,
        action="assistance.measure_add",
        summary=f"安排帮扶措施：{_describe(measure)}，责任单位{measure.responsible_unit}，"
        f"责任人{measure.responsible_person}{why}",
        target=measure,
    )
    return measure


@transaction.atomic
def measure_update(
    *, actor: Any, measure: PlanMeasure, expected: Mapping[str, Any] | None = None, **changes: Any
) -> PlanMeasure:
    """Change the fields given, and only those. ``expected``: what the edit page showed of them (config.stale);
    one changed by someone else since refuses the save (StaleEdit), the others stay as they are now. The history
    row and audit event hold each changed field's old and new value (measure_changes); no change, no rows. A
    measure's responsible department only the county bureau changes or removes (department_change_refusal)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"unknown measure fields: {sorted(unknown)}")
    measure = (
        # of=self: the member is an outer join, which PostgreSQL cannot lock (every edit failed with an error 500).
        PlanMeasure.objects.select_for_update(of=("self",))
        .select_related("plan__household", "measure_type", "member")
        .get(pk=measure.pk)
    )
    before = snapshot(measure)
    ensure_can_assist(actor, measure.region_path)
    if refusal := closed_refusal(measure.plan.household):
        raise ApplicationError(refusal)  # a closed household's measures stay as they were (measure_status._transition)
    if measure.status not in MEASURE_TRANSITIONS or not MEASURE_TRANSITIONS[measure.status]:
        raise ApplicationError(MSG_CLOSED_EDIT)
    if expected is not None:
        stale_check(current=editable_now(measure), expected=expected)
    if not changes:
        return measure  # a page submitted as it was shown: nothing to write, nothing to record
    if changes.get("responsible_department") == TOWNSHIP_VILLAGE:
        changes["responsible_department"] = ""
    if "responsible_department" in changes and (
        refusal := measure_checks.department_change_refusal(
            actor, measure, cleaned(changes["responsible_department"] or "")
        )
    ):
        raise ValidationError({"responsible_department": refusal})
    for name, value in changes.items():
        setattr(measure, name, cleaned(value))
    edits = measure_changes(measure, before)
    if not edits:
        return measure  # the values it has already: nothing to write, nothing to record
    errors = _errors(
        plan=measure.plan,
        measure_type=measure.measure_type,
        member=measure.member,
        responsible_department=measure.responsible_department,
        responsible_unit=measure.responsible_unit,
        responsible_person=measure.responsible_person,
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        amount=measure.amount,
        status=measure.status,
        # An old measure's dates stand until they are changed: its other fields may still be corrected.
        check_start=measure.starts_on != before["starts_on"],
        check_end=measure.ends_on != before["ends_on"],
        check_department=measure.responsible_department != before["responsible_department"],
    )
    if errors:
        raise ValidationError(errors)
    measure.save()
    record_event(
        actor=actor,
        household=measure.plan.household,
        member=measure.member,
        action="assistance.measure_update",
        summary=f"修改帮扶措施：{_describe(measure)}",
        target=measure,
        changes=edits,
    )
    return measure
