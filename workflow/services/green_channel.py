"""Green channel (绿色通道, seed 001 §四): for a sudden risk (disaster, accident, epidemic) the township and county
may approve first so that help starts at once; village review and publicity follow and are owed (欠办) until done.
What comes before the township and county, as the seed orders it: the household visit (入户核查, a recorded visit)
and the village committee's study (村"两委"研究, its conclusion written on the case). An owed review or publicity
that then refuses revokes the inclusion (services.cases.case_act).

A green-channel case is opened by a township or county user with a cause and a reason. Besides the procedure's
first stage, its township audit and county approval steps open at once. The county acts after the township
(services.step_waits: until then its step waits, neither in the approver's 我的任务 nor with a form); the steps it
went ahead of stay open or pending and the case stays open until they are done, then runs on as any case
(announcement, closing).

The recorded visit the channel rests on is the household verification (001 §四 "经入户核查"): a procedure whose
first step is one (涞源's 入户核查核实) has it passed at the opening, its record naming the visit's date and
visitor, so it is not owed, when the family's signed consent is on file: without it the step stays open for the village,
which passes it with the consent (services.pass_rules), so a case that then skips the comparison (免于比对) still has
it. A procedure without one opens its village's steps as any case.

Only a procedure configured with one (Procedure.green_channel: Laiyuan's, 001 §四) offers it; elsewhere (000, 003)
every inclusion runs the village's steps first, and the channel is neither offered nor taken."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from config.errors import ApplicationError
from households.choices import RiskType
from households.models import Household, Visit
from households.national import household_national_risk_types
from workflow.choices import CaseKind, CaseStepStatus, GreenChannelCause, Outcome, StepKind
from workflow.models import Case
from workflow.selectors_consent import consent_missing
from workflow.selectors_deadlines import AHEAD_KINDS
from workflow.services.case_moves import _record
from workflow.services.case_opening import open_refusal, opening_kind, procedure_for
from workflow.services.case_records import _event, _open_stage
from workflow.services.cases import case_open

GREEN_CHANNEL_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})
# Which recorded risk a cause needs. An epidemic (001 §四 "因疫") has no risk type of its own; what it does to a
# household is one of these: the illness's cost, the job or business lost, the income fallen, a labourer's death.
CAUSE_RISKS = {
    GreenChannelCause.DISASTER: {RiskType.DISASTER_LOSS},
    GreenChannelCause.ACCIDENT: {RiskType.DISASTER_LOSS, RiskType.LABOURER_DEATH},
    GreenChannelCause.EPIDEMIC: {
        RiskType.MEDICAL_COST,
        RiskType.UNEMPLOYMENT,
        RiskType.BUSINESS_FAILURE,
        RiskType.LOW_INCOME,
        RiskType.LABOURER_DEATH,
    },
}

MSG_GREEN_ROLE = "只有乡镇或县乡村振兴局工作人员可以开辟绿色通道（县乡审核通过后先行帮扶）。"
MSG_GREEN_KIND = "绿色通道只用于识别纳入或风险再标注。"
MSG_GREEN_CAUSE = "请选择绿色通道事由。"
MSG_GREEN_REASON = "请说明开辟绿色通道的理由（突发情况、损失等）。"
MSG_GREEN_RISK = "事由为“{cause}”时，风险类型须包含：{risks}。"
# Procedure.green_channel: 001 §四 gives Laiyuan a green channel; 000 and 003 have none.
MSG_GREEN_NOT_CONFIGURED = "本县程序“{name}”未开通绿色通道，请按正常程序办理（入户核实、村级评议和公示后逐级审核）。"
MSG_GREEN_NO_PROCEDURE = "本县尚未启用识别纳入程序，不能开辟绿色通道。"
MSG_GREEN_NO_APPROVAL = "本县程序“{name}”没有县级审批环节，不能走绿色通道。"
MSG_GREEN_VISIT = "绿色通道须先入户核查：请先在农户档案中记录对该户的走访（核实突发情况和损失），再开辟绿色通道。"
# The household verification step the visit did, passed at the opening: its opinion in the case's record.
VISIT_VERIFIED = "已由{on}走访核实（走访人：{visitor}）"
MSG_GREEN_STUDY = "请填写村“两委”研究意见（研究日期和结论），绿色通道须经村“两委”研究后由乡镇、县审核。"
# The household visit (入户核查) that precedes a green channel: on or after the day the risk was found, or in the
# days just before (the visit that found it).
VISIT_BEFORE_DISCOVERY = dt.timedelta(days=7)


def ahead_steps(steps: list[Any]) -> list[Any]:
    """What a green channel runs first (001 §四 "县乡审核"): the county approval and the one township audit just
    before it. A procedure whose township has a step of its own earlier on (永修's 乡镇汇总初审 of the village's
    list, 000 §三(三)3) owes that one with the village's steps: there is no village list to sum up yet. [] when
    the procedure has no county approval."""
    approval = next((step for step in steps if step.kind == StepKind.COUNTY_APPROVAL), None)
    if approval is None:
        return []
    township = [step for step in steps if step.kind == StepKind.TOWNSHIP_AUDIT and step.order < approval.order]
    return [*township[-1:], approval]


def green_channel_configured(household: Household, kind: str = CaseKind.IDENTIFICATION) -> bool:
    """Whether the procedure a case of this kind would run on for the household has a green channel
    (Procedure.green_channel). The household page offers the channel only where it has."""
    return not _configuration_refusal(household, opening_kind(household, kind))


def _configuration_refusal(household: Household, kind: str) -> str:
    try:
        procedure = procedure_for(household, kind)
    except ApplicationError:
        return MSG_GREEN_NO_PROCEDURE
    return "" if procedure.green_channel else MSG_GREEN_NOT_CONFIGURED.format(name=procedure.name)


def green_channel_refusal(household: Household, kind: str = CaseKind.IDENTIFICATION) -> str:
    """Why the household may not take the green channel now, in the words case_open_green_channel refuses it with
    ("" when it may): its county's procedure has none (Procedure.green_channel), already monitored (已是监测对象),
    or a case of the kind already open. The household page and the green channel's page offer its form only when
    it is "" (the actor's role is checked on its own)."""
    kind = opening_kind(household, kind)
    return _configuration_refusal(household, kind) or open_refusal(household, kind)


def _validate(
    *,
    actor: Any,
    household: Household,
    kind: str,
    cause: str,
    reason: str,
    village_study: str,
    risk_types: list[str],
    discovered_on: dt.date,
) -> Visit:
    """Refuse what may not open; the household visit the opening rests on (the latest in time) when it may."""
    if getattr(actor, "role", None) not in GREEN_CHANNEL_ROLES:
        raise PermissionDenied(MSG_GREEN_ROLE)
    if kind in (CaseKind.IDENTIFICATION, CaseKind.REMARK) and (
        refusal := _configuration_refusal(household, opening_kind(household, kind))
    ):
        raise ApplicationError(refusal)
    errors: dict[str, str] = {}
    if kind not in (CaseKind.IDENTIFICATION, CaseKind.REMARK):
        errors["kind"] = MSG_GREEN_KIND
    if cause not in GreenChannelCause.values:
        errors["green_channel_cause"] = MSG_GREEN_CAUSE
    elif cause in CAUSE_RISKS and not CAUSE_RISKS[GreenChannelCause(cause)] & set(risk_types):
        risks = "或".join(f"“{RiskType(code).label}”" for code in sorted(CAUSE_RISKS[GreenChannelCause(cause)]))
        errors["risk_types"] = MSG_GREEN_RISK.format(cause=GreenChannelCause(cause).label, risks=risks)
    if not reason:
        errors["green_channel_reason"] = MSG_GREEN_REASON
    if not village_study:
        errors["green_channel_village_study"] = MSG_GREEN_STUDY
    if errors:
        raise ValidationError(errors)
    visits = Visit.objects.counted().filter(household=household, visited_on__gte=discovered_on - VISIT_BEFORE_DISCOVERY)
    visit = visits.select_related("visitor").order_by("-visited_on", "-created_at", "-pk").first()
    if visit is None:
        raise ApplicationError(MSG_GREEN_VISIT)
    return visit


def _verified_by_visit(*, actor: Any, case: Case, visit: Visit) -> None:
    """Pass the procedure's open household verification (its first step, 涞源's 入户核查核实) as done by the
    visit the green channel rests on, as a step is passed (services.case_moves._record: the step, the case's record,
    the household's history, the next stage opened), its opinion naming the visit's date and visitor."""
    if consent_missing(case):
        return  # the village passes it with the family's signed consent (services.pass_rules), as any verification
    visitor = visit.visitor.get_full_name() or visit.visitor.get_username()
    note = VISIT_VERIFIED.format(on=visit.visited_on.isoformat(), visitor=visitor)
    open_steps = case.case_steps.filter(step__kind=StepKind.HOUSEHOLD_VERIFICATION, status=CaseStepStatus.OPEN)
    for case_step in open_steps.select_related("step").order_by("step__order"):
        _record(actor=actor, case=case, case_step=case_step, outcome=Outcome.PASS, note=note)


@transaction.atomic
def case_open_green_channel(
    *,
    actor: Any,
    household: Household,
    cause: str,
    reason: str,
    kind: str = CaseKind.IDENTIFICATION,
    channel: str,
    risk_types: list[str],
    category: str,
    discovered_on: dt.date | None = None,
    village_study: str = "",
) -> Case:
    reason = (reason or "").strip()
    village_study = (village_study or "").strip()
    visit = _validate(
        actor=actor,
        household=household,
        kind=kind,
        cause=cause,
        reason=reason,
        village_study=village_study,
        risk_types=risk_types,
        discovered_on=discovered_on or timezone.localdate(),
    )
    case = case_open(
        actor=actor,
        household=household,
        kind=kind,
        channel=channel,
        risk_types=risk_types,
        category=category,
        discovered_on=discovered_on,
        national_risk_types=household_national_risk_types(
            household, risk_types, accident=cause == GreenChannelCause.ACCIDENT
        ),
    )
    ahead = ahead_steps(list(case.procedure.steps.filter(kind__in=AHEAD_KINDS).order_by("order")))
    if not ahead:
        raise ApplicationError(MSG_GREEN_NO_APPROVAL.format(name=case.procedure.name))
    Case.objects.filter(pk=case.pk).update(
        green_channel=True,
        green_channel_cause=cause,
        green_channel_reason=reason,
        green_channel_village_study=village_study,
    )
    case.green_channel, case.green_channel_cause, case.green_channel_reason = True, cause, reason
    _open_stage(case, ahead)
    names = "、".join(step.name for step in ahead)
    label = GreenChannelCause(cause).label
    _event(
        case=case,
        actor=actor,
        action="green_channel",
        summary=f"开辟绿色通道（{label}：{reason}；村两委研究：{village_study}），先行办理：{names}",
    )
    _verified_by_visit(actor=actor, case=case, visit=visit)
    case.refresh_from_db()
    return case
