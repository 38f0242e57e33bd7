"""What opening a case checks (services.cases.case_open): the request itself, the household's state for the kind of
case (DOMAIN.md "Exit": a household without labour capacity, by its members' labour skills, is not marked 风险消除,
nor one whose income or 两不愁三保障 does not show its risk stably gone (services.exit_rules), nor one whose
inclusion is still running; a re-mark needs an earlier 风险消除, and a household marked so takes a
re-mark rather than an identification; an inclusion is refused while an exclusion fact bars it, services.
exclusion_rules), which of the county's procedures the case runs, and the screening hit an
opened case takes up. Who may propose it (an exit: the village) is services.proposers'."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import (
    CATEGORY_HOUSEHOLD_TYPES,
    MonitoringCategory,
    NationalRiskType,
    RiskType,
    categories_for,
)
from households.choices import national_risk_types as national_risk_types_for
from households.models import Household
from households.national import household_national_risk_types, income_without_cause
from households.risk_evidence import declared_guarantees
from households.services.closing import closed_refusal
from households.services.common import diff
from workflow.advisories import exit_advisories
from workflow.choices import CaseKind, CaseStatus, Channel, ProcedureKind
from workflow.models import Case
from workflow.services.exclusion_rules import opening_refusal
from workflow.services.exit_rules import (  # noqa: F401 (the messages are read here too)
    MSG_EXIT_NO_LABOUR,
    MSG_EXIT_NO_MEASURE,
    MSG_NO_MEASURE_REASON_SHORT,
    NO_MEASURE_REASON_LABEL,
    NO_MEASURE_REASON_LIMIT,
    exit_refusal,
    without_measure,
)
from workflow.services.procedures import active_procedure

MSG_OPEN_EXISTS = "该户已有办理中的“{kind}”案件，请勿重复发起。"
MSG_EXIT_NOT_MONITORED = "该户不是监测对象，不能发起风险消除。"
MSG_EXIT_INCLUSION_OPEN = "该户的{kind}尚未办结（如绿色通道的评议公示），办结后才能发起风险消除。"
MSG_IDENT_MONITORED = "该户已是监测对象，不能重复识别纳入。"
MSG_REMARK_MONITORED = "该户仍是监测对象，无需风险再标注。"
MSG_REMARK_NOT_ELIMINATED = "该户没有已标注“风险消除”的记录，请走识别纳入程序。"
MSG_HOUSEHOLD_INACTIVE = "该农户档案已注销。"
MSG_RISK_REQUIRED = "请至少选择一项风险类型。"
MSG_CATEGORY_REQUIRED = "请选择拟纳入的监测对象类别。"
MSG_FUTURE_DATE = "发现日期不能晚于今天。"
MSG_FUTURE_PROPOSED = "提出日期不能晚于今天。"
MSG_CHANNEL_REQUIRED = "请选择发现渠道。"
MSG_EXIT_BEFORE_MONITORING = "提出日期不能早于该户本次纳入监测的日期（{start:%Y-%m-%d}），最早可填 {start:%Y-%m-%d}。"
MSG_NO_MEASURE_REASON_LONG = "未落实帮扶措施的原因不能超过 {limit} 字。"
NO_MEASURE_REASON_MIN = 4
# What the API says of an exit's fields.
NO_MEASURE_REASON_HELP = (
    f"风险消除：{NO_MEASURE_REASON_LABEL}（帮扶方案中没有实施中或已完成的措施时必填，{NO_MEASURE_REASON_MIN}～"
    f"{NO_MEASURE_REASON_LIMIT} 字，如“风险自然消除：家庭成员已稳定务工”），乡镇审核、县级审批时可见"
)
CATEGORY_HELP = "拟纳入监测类别；风险消除为该户纳入监测时的类别（risk_types 同为纳入监测时的风险类型）"
INCLUSION_KINDS = (CaseKind.IDENTIFICATION, CaseKind.REMARK)
MSG_CATEGORY_TYPE = "该户为{household_type}，不能按“{category}”纳入：可选{allowed}。"
MSG_BAD_CHOICE = "取值无效。"
# DOMAIN.md "Code lists": income below the line has no national code of its own; it is recorded with the cause found
# at the visit, which only the cadre knows (a default 其他 hid the cause from the national system).
MSG_INCOME_CAUSE_REQUIRED = (
    "“人均纯收入低于监测范围”在国家系统中没有对应的风险类型，请按入户核实的收入下降原因选择国家系统风险类型"
    "（如家中没有能劳动的成员的选“缺劳动力”）。"
)
# An exit's advisories (workflow.advisories: too soon after inclusion, no measure in place, ...) are judgement calls
# that no seed makes a hard rule (003 §二2(5), 000 §三(三)8 set no minimum time nor measure), so they do not refuse
# the exit, but the proposer says they checked them: the case form's tick, the API's confirm_advisories.
CONFIRM_ADVISORIES_LABEL = "已核实，仍提出风险消除"
MSG_CONFIRM_ADVISORIES = "提出风险消除前请核实：{advice}核实后仍提出的，请确认“" + CONFIRM_ADVISORIES_LABEL + "”。"
# Said at the risk types of the case form and the API (unsecure_declared).
RISK_GUARANTEE_HELP = (
    "纳入风险含“唯一住房存在安全问题”或“饮水安全问题”（因安全住房、因安全饮水）的，"
    "发起时该户档案的“住房安全有保障”或“饮水安全有保障”同时改为“否”。"
)


def chosen_national(household: Household, risk_types: list[str], chosen: list[str] | None) -> list[str]:
    """The national codes a user's opening (the case form, the API, a correction) is checked with: the ones chosen,
    or, nothing chosen, the usual ones (households.national), as for a case opened without asking; but income below
    the line with no other seed type has no usual code to give the national system, so nothing, and open_errors
    asks for the cause (MSG_INCOME_CAUSE_REQUIRED)."""
    if chosen:
        return list(chosen)
    if income_without_cause(risk_types):
        return []
    return household_national_risk_types(household, risk_types)


def validate_open(
    *,
    household: Household,
    kind: str,
    channel: str,
    risk_types: list[str],
    category: str,
    discovered_on: dt.date,
    national_risk_types: list[str] | None = None,
    confirm_advisories: bool = False,
    no_measure_reason: str = "",
) -> list[str]:
    """Checks the request; returns the case's national risk codes (none for an exit): the unambiguous ones follow
    from the seed types, the ambiguous ones are among those chosen (households.choices.national_risk_types). An exit
    the household's state allows, with advisories, is refused until they are confirmed (unconfirmed_advisories)."""
    errors, national = open_errors(
        household=household,
        kind=kind,
        channel=channel,
        risk_types=risk_types,
        category=category,
        discovered_on=discovered_on,
        national_risk_types=national_risk_types,
        no_measure_reason=no_measure_reason,
    )
    if errors:
        raise ValidationError(errors)
    if advice := unconfirmed_advisories(household, kind, confirm_advisories):
        raise ValidationError({"confirm_advisories": MSG_CONFIRM_ADVISORIES.format(advice=_listed(advice))})
    return national


def unconfirmed_advisories(household: Household, kind: str | None, confirmed: bool) -> list[str]:
    """The exit's advisories the proposer has to confirm (workflow.advisories), none when confirmed, for another
    kind, or when the household's state refuses the exit anyway (open_refusal says why, not the advisories)."""
    if kind != CaseKind.EXIT or confirmed or open_refusal(household, kind):
        return []
    return exit_advisories(household, timezone.localdate())


def _listed(advice: list[str]) -> str:
    return "".join(f"（{n}）{said}" for n, said in enumerate(advice, 1))


def open_errors(
    *,
    household: Household,
    kind: str | None,
    channel: str | None,
    risk_types: list[str],
    category: str,
    discovered_on: dt.date | None,
    national_risk_types: list[str] | None = None,
    no_measure_reason: str = "",
) -> tuple[dict[str, str], list[str]]:
    """What is wrong with an opening request, every field at once (field → message), and the national codes when
    nothing is. The case form asks it too, so that its errors show with the fields' own in one round; a field the
    form refused already is None here (kind, channel, date), and what depends on it is skipped."""
    errors: dict[str, str] = {}
    national: list[str] = []
    if kind is not None and kind not in CaseKind.values:
        errors["kind"] = MSG_BAD_CHOICE
    # 发现渠道 is how a risk was found, counted by channel: an inclusion's; an exit's is none (services.cases).
    if channel and channel not in Channel.values:
        errors["channel"] = MSG_BAD_CHOICE
    elif channel == "" and kind in INCLUSION_KINDS:
        errors["channel"] = MSG_CHANNEL_REQUIRED
    if any(code not in RiskType.values for code in risk_types):
        errors["risk_types"] = MSG_BAD_CHOICE
    if any(code not in NationalRiskType.values for code in national_risk_types or []):
        errors["national_risk_types"] = MSG_BAD_CHOICE
    if kind in INCLUSION_KINDS:
        if not risk_types:
            errors["risk_types"] = MSG_RISK_REQUIRED
        elif not errors and income_without_cause(risk_types) and not national_risk_types:
            errors["national_risk_types"] = MSG_INCOME_CAUSE_REQUIRED
        elif not errors:
            try:
                national = national_risk_types_for(risk_types, national_risk_types)
            except ValidationError as error:
                errors.update({field: messages[0] for field, messages in error.message_dict.items()})
        if category not in MonitoringCategory.values:
            errors["category"] = MSG_CATEGORY_REQUIRED
        elif household.household_type and household.household_type not in CATEGORY_HOUSEHOLD_TYPES[category]:
            errors["category"] = MSG_CATEGORY_TYPE.format(
                household_type=household.get_household_type_display(),
                category=MonitoringCategory(category).label,
                allowed="、".join(f"“{label}”" for _, label in categories_for(household.household_type)),
            )
    if discovered_on is not None and discovered_on > timezone.localdate():
        errors["discovered_on"] = MSG_FUTURE_PROPOSED if kind == CaseKind.EXIT else MSG_FUTURE_DATE
    if kind == CaseKind.EXIT and household.monitoring_category:
        errors.update(exit_errors(household, discovered_on, no_measure_reason))
    return errors, national


def exit_errors(household: Household, proposed_on: dt.date | None, reason: str) -> dict[str, str]:
    """An exit's own fields: proposed no earlier than the household's current monitoring began (it ends that
    monitoring: 纳入监测日期, set by the approval that included it), and, with no measure in place, why (DOMAIN.md
    "Exit": at least one measure in place; services.exit_rules asks it again at the township's and county's steps)."""
    errors = {}
    start = household.monitoring_start
    if proposed_on is not None and start is not None and proposed_on < start:
        errors["discovered_on"] = MSG_EXIT_BEFORE_MONITORING.format(start=start)
    reason = reason.strip()
    if len(reason) > NO_MEASURE_REASON_LIMIT:
        errors["no_measure_reason"] = MSG_NO_MEASURE_REASON_LONG.format(limit=NO_MEASURE_REASON_LIMIT)
    elif reason and len(reason) < NO_MEASURE_REASON_MIN:
        errors["no_measure_reason"] = MSG_NO_MEASURE_REASON_SHORT
    # Asked only of an exit the household's state allows: a refusal of it says why first (open_refusal).
    elif (
        not reason
        and household.pk in without_measure([household], timezone.localdate())
        and not open_refusal(household, CaseKind.EXIT)
    ):
        errors["no_measure_reason"] = MSG_EXIT_NO_MEASURE
    return errors


def opening_summary(case: Case) -> str:
    """The opening's record (case event, household history, audit): what was opened, and an exit's reason for no
    measure in place."""
    way = f"，{case.get_channel_display()}" if case.channel else ""
    summary = f"发起{case.get_kind_display()}（{case.procedure.name}{way}）"
    if case.no_measure_reason:
        summary += f"，未落实帮扶措施的原因：{case.no_measure_reason}"
    return summary


def unsecure_declared(household: Household, case: Case) -> list[dict]:
    """An inclusion declared for an unsafe only house or unsafe drinking water (seed 000 §三(一)8–9) is the visit's
    finding that the guarantee is not secured: the household's record says so in the same act (住房安全有保障 or
    饮水安全有保障 set to 否, the case form and API say so at the risk types), so the registry's 两不愁三保障
    columns, the data checks and the exit checks agree with the risk. The household is the one case_open locked;
    returns the changes for its history row. An exit declares no risk."""
    declared = declared_guarantees(case.risk_types, case.national_risk_types)
    fields = [g.field for g in declared if getattr(household, g.field)]
    if case.kind == CaseKind.EXIT or not fields:
        return []
    before = {field: getattr(household, field) for field in fields}
    for field in fields:
        setattr(household, field, False)
    household.save(update_fields=[*fields, "updated_at"])
    return diff(household, before, fields)


def risk_eliminated(household: Household) -> bool:
    """Marked 风险消除 and not monitored again since: by an exit approved here or, for a household the go-live import
    brought, in the national system (Household.risk_eliminated_on). Its new risk is a re-mark (003 §二2(2)), not a
    new identification: the one rule for both, read by check_household_state and services.cases.case_open."""
    return not household.monitoring_category and household.risk_eliminated_on is not None


def suggested_kind(household: Household) -> str:
    """The case a household's page offers first: a monitored household's exit, an eliminated one's re-mark, any
    other's identification."""
    if household.monitoring_category:
        return CaseKind.EXIT
    return CaseKind.REMARK if risk_eliminated(household) else CaseKind.IDENTIFICATION


def opening_kind(household: Household, kind: str) -> str:
    """The kind of case a request opens: a new risk of a household marked 风险消除 is a re-mark (000 §三(三)8),
    whichever channel found it (screening hit, department alert, self-application, cadre visit)."""
    return CaseKind.REMARK if kind == CaseKind.IDENTIFICATION and risk_eliminated(household) else kind


def open_refusal(household: Household, kind: str) -> str:
    """Why a case of this kind (opening_kind's) may not be opened for the household now, in the words
    services.cases.case_open refuses it with ("" when it may): a case of the kind already open, or the household's
    state (check_household_state). Pages read it to offer only what the service takes."""
    if Case.objects.filter(household=household, kind=kind, status=CaseStatus.OPEN).exists():
        return MSG_OPEN_EXISTS.format(kind=CaseKind(kind).label)
    try:
        check_household_state(household, kind)
    except ApplicationError as error:
        return error.message
    return ""


def check_household_state(household: Household, kind: str) -> None:
    if not household.is_active:
        raise ApplicationError(closed_refusal(household) or MSG_HOUSEHOLD_INACTIVE)
    monitored = bool(household.monitoring_category)
    if kind == CaseKind.IDENTIFICATION and monitored:
        raise ApplicationError(MSG_IDENT_MONITORED)
    if kind == CaseKind.EXIT:
        if not monitored:
            raise ApplicationError(MSG_EXIT_NOT_MONITORED)
        inclusion = Case.objects.filter(
            household=household, kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK], status=CaseStatus.OPEN
        ).first()
        if inclusion is not None:
            raise ApplicationError(MSG_EXIT_INCLUSION_OPEN.format(kind=inclusion.get_kind_display()))
        # Labour, income, 两不愁三保障 and water: the rules the township's and county's steps ask again (with the
        # measures, which the opening asks at its field, exit_errors).
        if refusal := exit_refusal(household, timezone.localdate(), measures=False):
            raise ApplicationError(refusal)
    if kind == CaseKind.REMARK:
        if monitored:
            raise ApplicationError(MSG_REMARK_MONITORED)
        if not risk_eliminated(household):
            raise ApplicationError(MSG_REMARK_NOT_ELIMINATED)
    if kind in INCLUSION_KINDS:
        # 003 §二2(2): a car, a member paid from public funds, a company executive; the approval asks again.
        label = "识别纳入" if kind == CaseKind.IDENTIFICATION else CaseKind(kind).label
        if refusal := opening_refusal(household.pk, label):
            raise ApplicationError(refusal)


def procedure_for(household: Household, kind: str):
    if kind == CaseKind.REMARK:
        try:
            return active_procedure(region_path=household.region_path, kind=ProcedureKind.REMARK)
        except ApplicationError:
            # No separate re-mark procedure: a re-mark runs the county's identification procedure.
            return active_procedure(region_path=household.region_path, kind=ProcedureKind.IDENTIFICATION)
    return active_procedure(region_path=household.region_path, kind=kind)


def take_up_screening_hit(*, actor: Any, case: Case) -> None:
    """A household the screening flagged whose case was opened through another channel (a visit, an alert, its
    own application): the case takes its hit up, so the screening worklist no longer asks for a proposal."""
    from screening.choices import ResultStatus
    from screening.models import ScreeningResult
    from screening.services.results import result_propose

    result = ScreeningResult.objects.filter(household_id=case.household_id, status=ResultStatus.HIT).first()
    if result is None:
        return
    note = f"已发起{case.get_kind_display()}案件（{case.get_channel_display()}）"
    try:
        with transaction.atomic():
            result_propose(actor=actor, result=result, note=note)
    except ApplicationError:
        # Someone handled the hit meanwhile (proposed or dismissed it): there is nothing left to take up.
        return
