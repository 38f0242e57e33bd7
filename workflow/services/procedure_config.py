"""Editing procedures, their steps and the working-day calendar (the configuration site, workflow/admin.py), with
the rules in Chinese: a publicity has days and a day type; orders and codes are unique in a procedure; an active
procedure has a decision step; the steps of a procedure with open cases do not change (those cases run on the
steps they started with); one active identification and one active exit procedure per county."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.audit import UNCHANGED, audit_changes, audit_record
from accounts.choices import Role
from workflow.choices import CaseStatus, DayType, ProcedureKind, StepKind
from workflow.models import CalendarDay, Case, Procedure, Step
from workflow.models.procedures import (
    EXIT_MIN_MONTHS,
    EXIT_MIN_MONTHS_RANGE,
    REFUSED_EXIT_DAYS,
    REFUSED_EXIT_DAYS_RANGE,
)
from workflow.selectors_procedures import deactivation_notice
from workflow.workdays import calendar_year_error

CONFIG_ROLES = {Role.COUNTY_OFFICER, Role.SYSTEM_ADMIN}
STEP_ROLES = {Role.VILLAGE_CADRE, Role.WORK_TEAM, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER}
# The decision: the county's approval, or (Taogou, 003) the district's filing and announcement.
DECISION_KINDS = {StepKind.COUNTY_APPROVAL, StepKind.ANNOUNCEMENT}

MSG_CONFIG_ROLE = "只有县乡村振兴局或系统管理员可以修改程序配置。"
MSG_PREFIX = "适用县区划应为6位数字的县级区划代码（如 360425）。"
MSG_COUNTY_PREFIX = (
    "启用的程序须适用于一个县：适用县区划应为县级区划代码（后两位不为00，如 360425），“{prefix}”是省级或市级代码，"
    "启用后将适用于其下所有未另行启用程序的县。安装预置程序时请先改为本县代码。"
)
MSG_CONFIRM_DEACTIVATE = "{notice}确认停用请勾选“确认停用”。"
MSG_CODE_EXISTS = "编码“{code}”已被程序“{name}”使用。"
MSG_ONE_ACTIVE = (
    "该县已启用{kind}程序“{name}”，同一县同类程序只能启用一个：请用本页右上角的“在本县启用此程序”切换"
    "（同时停用原程序，并说明未办结案件如何办理）。"
)
MSG_NO_DECISION = "启用的程序必须包含“县级审批”或“公告标识”（备案）环节，作为认定的决定环节；请先添加环节再启用。"
MSG_GREEN_CHANNEL_KIND = "只有识别纳入或风险再标注程序可以开辟绿色通道。"
MSG_GREEN_CHANNEL_APPROVAL = "绿色通道由乡镇、县级先行审核审批：程序须有“县级审批”环节才能开通绿色通道。"
MSG_KIND_HAS_CASES = "该程序已有 {n} 件案件，不能修改程序类别。"
MSG_OPEN_CASES = (
    "程序“{name}”有 {n} 件办理中的案件，不能修改其环节：办理中的案件按发起时的环节办理。"
    "如需调整，请新建程序并启用，或待这些案件办结后再修改。"
)
MSG_DAYS_REQUIRED = "公示天数须在5–60天之间；选择了天数口径的，须填写公示天数。"
# Every seed that gives a publicity a length gives it at least 5 days: 永党农字〔2021〕3号 §三(三)2、4 and its
# exit (公示不少于5天, 000) and 桃沟乡 (不少于5天工作日, 003). A shorter one would cut villagers' time to object.
PUBLICITY_DAYS = (5, 60)
MSG_DAYS_TOO_FEW = (
    "公示不少于5天：村级、乡镇公示和风险消除公示均须不少于5天（永党农字〔2021〕3号 §三(三)2、4、8；"
    "桃沟乡为不少于5个工作日），请填写5–60天。"
)
# A procedure's 办结时限 runs from discovery to the decision (DOMAIN.md: Laiyuan ≤ 15 days, 001); 0 would make
# every case overdue the day it opens, and more than 60 days is longer than any seed allows a whole procedure.
LIMIT_DAYS = (1, 60)
MSG_LIMIT_DAYS = "办结时限须在1–60天之间（如涞源县为15天，涞巩固拓展〔2022〕3号）；不设时限的请留空。"
MSG_EXIT_MIN_MONTHS = "风险消除一般须纳入满的月数须在{low}–{high}个月之间（一般为6个月）。"
MSG_REFUSED_EXIT_DAYS = "风险消除未通过后提示天数须在{low}–{high}天之间（默认90天）。"
EXIT_MONTHS_SAID = MSG_EXIT_MIN_MONTHS.format(low=EXIT_MIN_MONTHS_RANGE[0], high=EXIT_MIN_MONTHS_RANGE[1])
REFUSED_DAYS_SAID = MSG_REFUSED_EXIT_DAYS.format(low=REFUSED_EXIT_DAYS_RANGE[0], high=REFUSED_EXIT_DAYS_RANGE[1])
MSG_DAY_TYPE_REQUIRED = "填写了公示天数的，须选择天数口径（自然日或工作日）。"
MSG_DAYS_ONLY_PUBLICITY = "只有公示环节填写天数。"
MSG_REVIEW_ONLY_PUBLICITY = (
    "只有公示环节可以“含村级评议”（村级评议公示，通过须上传评议会议记录）；单独的民主评议环节请将类别选为“民主评议”。"
)
MSG_ORDER_EXISTS = "顺序 {order} 已被环节“{name}”使用，同一程序内顺序不能重复。"
MSG_STEP_CODE_EXISTS = "编码“{code}”已被本程序的环节“{name}”使用。"
MSG_STEP_ROLE = "办理角色须为村、乡镇或县级工作人员。"
MSG_LAST_DECISION = "这是启用程序“{name}”唯一的决定环节，不能改为其他类别；请先停用程序。"
MSG_STEP_MOVE = "环节不能移到其他程序，请在目标程序中新增环节。"
MSG_DATE_EXISTS = "{date} 已有工作日调整记录，请修改原记录。"


def ensure_config(actor: Any) -> None:
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in CONFIG_ROLES):
        raise PermissionDenied(MSG_CONFIG_ROLE)


def county_prefix_refusal(prefix: str) -> str:
    """Why an active procedure may not have this prefix ("" if it may): a province's or a prefecture's (the Taogou
    presets' placeholder 340000) would make it the procedure of every county there that runs none of its own."""
    if not (prefix.isascii() and prefix.isdigit() and len(prefix) == 6):
        return MSG_PREFIX
    if prefix.endswith("00"):
        return MSG_COUNTY_PREFIX.format(prefix=prefix)
    return ""


def _open_cases(procedure: Procedure) -> int:
    return Case.objects.filter(procedure=procedure, status=CaseStatus.OPEN).count()


def _green_channel_refusal(procedure: Procedure | None, kind: str) -> str:
    """Why this procedure may not have a green channel, or "": the channel includes a household (001 §四), its
    township and county approving first (services.green_channel.ahead_steps needs the county approval)."""
    if kind not in (ProcedureKind.IDENTIFICATION, ProcedureKind.REMARK):
        return MSG_GREEN_CHANNEL_KIND
    if procedure is None or not procedure.steps.filter(kind=StepKind.COUNTY_APPROVAL).exists():
        return MSG_GREEN_CHANNEL_APPROVAL
    return ""


@transaction.atomic
def procedure_save(
    *,
    actor: Any,
    procedure: Procedure | None = None,
    code: str,
    name: str,
    kind: str,
    region_prefix: str,
    is_active: bool,
    limit_days: int | None = None,
    source: str = "",
    green_channel: bool = False,
    exit_min_months: int = EXIT_MIN_MONTHS,
    refused_exit_days: int = REFUSED_EXIT_DAYS,
    confirm_deactivate: bool = False,
) -> Procedure:
    """Save a procedure from the configuration site. Stopping an active one with open cases says what becomes of
    them and of new cases and is done only with `confirm_deactivate`; switching a county to another procedure in
    one step is services.procedures.procedure_switch."""
    ensure_config(actor)
    # Serialise saves of one kind, as procedures.procedure_activate does: two activations cannot both pass.
    list(Procedure.objects.select_for_update().filter(kind=kind).order_by("pk"))
    errors: dict[str, str] = {}
    if not (region_prefix.isdigit() and len(region_prefix) == 6):
        errors["region_prefix"] = MSG_PREFIX
    clash = Procedure.objects.filter(code=code).exclude(pk=getattr(procedure, "pk", None)).first()
    if clash:
        errors["code"] = MSG_CODE_EXISTS.format(code=code, name=clash.name)
    if procedure is not None and procedure.kind != kind and procedure.cases.exists():
        errors["kind"] = MSG_KIND_HAS_CASES.format(n=procedure.cases.count())
    if is_active:
        other = (
            Procedure.objects.filter(kind=kind, region_prefix=region_prefix, is_active=True)
            .exclude(pk=getattr(procedure, "pk", None))
            .first()
        )
        if other:
            errors["is_active"] = MSG_ONE_ACTIVE.format(kind=ProcedureKind(kind).label, name=other.name)
        elif procedure is None or not procedure.steps.filter(kind__in=DECISION_KINDS).exists():
            errors["is_active"] = MSG_NO_DECISION
        if "region_prefix" not in errors and (refusal := county_prefix_refusal(region_prefix)):
            errors["region_prefix"] = refusal
    elif (
        procedure is not None
        and procedure.is_active
        and not confirm_deactivate
        and (notice := deactivation_notice(procedure))
    ):
        errors["is_active"] = MSG_CONFIRM_DEACTIVATE.format(notice=notice)
    if limit_days is not None and not LIMIT_DAYS[0] <= limit_days <= LIMIT_DAYS[1]:
        errors["limit_days"] = MSG_LIMIT_DAYS
    if green_channel and (refusal := _green_channel_refusal(procedure, kind)):
        errors["green_channel"] = refusal
    # An exit's advisory figures (workflow.advisories): a county's, within what still reads as the rule they stand for.
    if not EXIT_MIN_MONTHS_RANGE[0] <= exit_min_months <= EXIT_MIN_MONTHS_RANGE[1]:
        errors["exit_min_months"] = EXIT_MONTHS_SAID
    if not REFUSED_EXIT_DAYS_RANGE[0] <= refused_exit_days <= REFUSED_EXIT_DAYS_RANGE[1]:
        errors["refused_exit_days"] = REFUSED_DAYS_SAID
    if errors:
        raise ValidationError(errors)
    before = None
    if procedure is not None:
        before = {"name": procedure.name, "kind": procedure.kind, "is_active": procedure.is_active}
        before |= {"region_prefix": procedure.region_prefix, "limit_days": procedure.limit_days}
        before |= {"green_channel": procedure.green_channel}
        before |= {"exit_min_months": procedure.exit_min_months, "refused_exit_days": procedure.refused_exit_days}
    procedure = procedure or Procedure()
    procedure.code, procedure.name, procedure.kind, procedure.region_prefix = code, name, kind, region_prefix
    procedure.is_active, procedure.limit_days, procedure.source = is_active, limit_days, source
    procedure.green_channel = green_channel
    procedure.exit_min_months, procedure.refused_exit_days = exit_min_months, refused_exit_days
    procedure.save()
    audit_record(
        actor=actor,
        action="workflow.procedure_save",
        summary=f"保存程序：{name}（{'启用' if is_active else '停用'}{'，可开辟绿色通道' if green_channel else ''}）",
        target=procedure,
        region_path=region_prefix,
        before=before,
        after={"name": name, "kind": kind, "is_active": is_active, "region_prefix": region_prefix}
        | {"green_channel": green_channel, "exit_min_months": exit_min_months, "refused_exit_days": refused_exit_days},
    )
    return procedure


def _validate_step(
    *,
    step: Step | None,
    procedure: Procedure,
    order: int,
    code: str,
    role: str,
    kind: str,
    days: Any,
    day_type: str,
    with_review: bool = False,
) -> None:
    n = _open_cases(procedure)
    if n:
        raise ValidationError(MSG_OPEN_CASES.format(name=procedure.name, n=n))
    errors: dict[str, str] = {}
    if kind == StepKind.PUBLICITY:
        # A length is optional: Laiyuan's publicity (001 §三) has none and ends when the cadre records it.
        # When one is given it must be sensible and say which days count.
        if days in (None, ""):
            if day_type:
                errors["days"] = MSG_DAYS_REQUIRED
        elif int(days) < PUBLICITY_DAYS[0]:
            errors["days"] = MSG_DAYS_TOO_FEW
        elif int(days) > PUBLICITY_DAYS[1]:
            errors["days"] = MSG_DAYS_REQUIRED
        elif day_type not in DayType.values:
            errors["day_type"] = MSG_DAY_TYPE_REQUIRED
    elif days or day_type:
        errors["days"] = MSG_DAYS_ONLY_PUBLICITY
    if with_review and kind != StepKind.PUBLICITY:
        # Step.with_review makes a publicity the village review too (001 §三 村级评议公示); a review step is one.
        errors["with_review"] = MSG_REVIEW_ONLY_PUBLICITY
    if role not in STEP_ROLES:
        errors["role"] = MSG_STEP_ROLE
    siblings = Step.objects.filter(procedure=procedure).exclude(pk=getattr(step, "pk", None))
    same_order = siblings.filter(order=order).first()
    if same_order:
        errors["order"] = MSG_ORDER_EXISTS.format(order=order, name=same_order.name)
    same_code = siblings.filter(code=code).first()
    if same_code:
        errors["code"] = MSG_STEP_CODE_EXISTS.format(code=code, name=same_code.name)
    leaving = step is not None and step.kind in DECISION_KINDS and kind not in DECISION_KINDS
    if leaving and procedure.is_active and not siblings.filter(kind__in=DECISION_KINDS).exists():
        errors["kind"] = MSG_LAST_DECISION.format(name=procedure.name)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def step_save(
    *,
    actor: Any,
    step: Step | None = None,
    procedure: Procedure,
    order: int,
    code: str,
    name: str,
    role: str,
    kind: str,
    days: int | None = None,
    day_type: str = "",
    parallel_with_next: bool = False,
    skippable_when_clear: bool = False,
    with_review: bool = False,
    needs_visit: bool = False,
    needs_approval_number: bool = True,
) -> Step:
    ensure_config(actor)
    # Lock the procedure: a case opened meanwhile would otherwise start on steps being changed.
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if step is not None and step.procedure_id != procedure.pk:
        raise ValidationError({"procedure": MSG_STEP_MOVE})
    _validate_step(
        step=step,
        procedure=procedure,
        order=order,
        code=code,
        role=role,
        kind=kind,
        days=days,
        day_type=day_type,
        with_review=with_review,
    )
    before = None if step is None else _step_snapshot(step)
    step = step or Step()
    step.procedure, step.order, step.code, step.name, step.role, step.kind = procedure, order, code, name, role, kind
    step.days, step.day_type = (days, day_type) if kind == StepKind.PUBLICITY else (None, "")
    step.parallel_with_next, step.skippable_when_clear = parallel_with_next, skippable_when_clear
    step.with_review, step.needs_visit = with_review, needs_visit
    # A 批复文号 is a county approval's alone (services.cases.case_act): any other step asks none.
    step.needs_approval_number = needs_approval_number and kind == StepKind.COUNTY_APPROVAL
    step.save()
    old, new = audit_changes(before, _step_snapshot(step))
    audit_record(
        actor=actor,
        action="workflow.step_save",
        summary=f"保存环节：{procedure.name} {order}. {name}" + (UNCHANGED if before and new is None else ""),
        target=step,
        region_path=procedure.region_prefix,
        before=old,
        after=new,
    )
    return step


STEP_FIELDS = [
    "order",
    "code",
    "name",
    "role",
    "kind",
    "days",
    "day_type",
    "parallel_with_next",
    "skippable_when_clear",
    "with_review",
    "needs_visit",
    "needs_approval_number",
]


def _step_snapshot(step: Step) -> dict[str, Any]:
    """Every field of a step the configuration site edits (its procedure does not change: MSG_STEP_MOVE)."""
    return {name: getattr(step, name) for name in STEP_FIELDS}


@transaction.atomic
def calendar_day_save(
    *, actor: Any, day: CalendarDay | None = None, date: dt.date, is_workday: bool, note: str = ""
) -> CalendarDay:
    ensure_config(actor)
    if error := calendar_year_error(date.year):
        raise ValidationError({"date": error})
    if CalendarDay.objects.filter(date=date).exclude(pk=getattr(day, "pk", None)).exists():
        raise ValidationError({"date": MSG_DATE_EXISTS.format(date=date.isoformat())})
    # The note (说明) is what names the holiday (workdays.holidays_not_seen), so it is audited with the day; an
    # edit records only the fields it changed.
    before = None if day is None else _calendar_snapshot(day)
    day = day or CalendarDay()
    day.date, day.is_workday, day.note = date, is_workday, note
    day.save()
    old, new = audit_changes(before, _calendar_snapshot(day))
    said = f"工作日调整：{date.isoformat()} {'工作日' if is_workday else '休息日'}" + (f"（{note}）" if note else "")
    audit_record(
        actor=actor,
        action="workflow.calendar_day_save",
        summary=said + (UNCHANGED if before and new is None else ""),
        target=day,
        before=old,
        after=new,
    )
    return day


def _calendar_snapshot(day: CalendarDay) -> dict[str, Any]:
    return {"date": day.date, "is_workday": day.is_workday, "note": day.note}
