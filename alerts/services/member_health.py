"""The named member's health, updated with the verification of a health or disability alert (review cadre_phone,
finding 1). A 卫健 新增大病患者, a 医保 high medical bill or a 残联 severe disability found true at the visit is a
fact about the person the registry must hold: a medical measure goes only to a member registered ill
(assistance.fit: 一户一方案、一人一措施), and the plan page reads the household's medical risk against its members.

The change is the member edit (households.services.registry.member_update): the same rules (a disability needs
its grade, a grade needs a disability), the same history row and audit event. It is made only for the outcomes that
confirm the person: 纳入监测, 已是监测对象, and 无返贫致贫风险, whose illness is real though insurance and income
cover it (the household is not at risk; the person is still ill). 部门数据有误 says the row is not about this person,
迁出 and 已故 that the person is no longer in the household: none of them tells the person's health."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from accounts.choices import Department
from alerts.choices import AlertOutcome
from alerts.models import Alert
from alerts.privacy import is_health_alert
from households.choices import DisabilityGrade, Health, LivingStatus, RiskType
from households.models import Member
from households.services.members import MSG_GRADE_NOT_DISABLED
from households.services.registry import member_update

HEALTH_OUTCOMES = (AlertOutcome.INCLUDE, AlertOutcome.MONITORED, AlertOutcome.NOT_AT_RISK)
# The service's fields, as the page's form and the API name them.
FIELDS = {
    "health": "member_health",
    "disability_grade": "member_disability_grade",
    "disability_type": "member_disability_type",
}

MSG_NOT_OFFERED = "该预警不涉及成员的健康状况，核实时不能更新；如需修改，请在农户档案中修改成员信息。"
MSG_NOT_LIVING = "{name}在档案中已登记为“{status}”，不能更新其健康状况。"
MSG_OUTCOME = (
    "核实结果为“{outcome}”时不更新成员的健康状况（只在纳入监测、已是监测对象或无返贫致贫风险时更新）；"
    "请取消勾选“同时更新该成员的健康状况”。"
)
MSG_NOT_IN_HOUSEHOLD = "{name}已不是该户成员，不能在核实时更新其健康状况；请在其现所在农户的档案中修改。"
MSG_GRADE_CHOICE = "请选择残疾等级（一级至四级）。"
MSG_HEALTH_REQUIRED = "请选择该成员更新后的健康状况。"
MSG_MEMBER_RULE = "更新{name}的健康状况未成功：{message}请在农户档案中核对该成员的信息。"
MSG_UPDATED = "已将{name}的健康状况更新为“{health}”（记入该户的变更记录）。"

MSG_MEDICAL_RISK_HEALTHY = (
    "提示：所选风险类型含“{risk}”，但{name}在档案中的健康状况仍为“健康”，纳入后该户的医疗保障等帮扶措施无法落实到人。"
    "核实属实的，请勾选“同时更新该成员的健康状况”；否则请核对风险类型。"
)

GRADE_IN_DETAIL = re.compile(r"等级(?:为|：|:)\s*([一二三四1-4])级")
TYPE_IN_DETAIL = re.compile(r"残疾类[别型](?:为|：|:)\s*([^；;，,\s]{1,16})")
GRADE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}


@dataclass(frozen=True)
class HealthOffer:
    """What the verification form offers: the member, and the values the alert suggests ("" when it cannot tell:
    a high medical bill may be a serious or a chronic illness)."""

    member: Member
    health: str
    disability_grade: str
    disability_type: str

    @property
    def current(self) -> str:
        """The member's health as the registry holds it, e.g. 残疾（二级，肢体残疾）."""
        member = self.member
        extra = "，".join(x for x in (member.get_disability_grade_display(), member.disability_type) if x)
        return f"{member.get_health_display()}（{extra}）" if extra else str(member.get_health_display())


def _is_disability(alert: Alert) -> bool:
    names = f"{alert.feed_type.name}{alert.rule_name}"
    return alert.department == Department.DISABLED_FEDERATION or "残疾" in names


def _suggested_health(alert: Alert) -> str:
    names = f"{alert.feed_type.name}{alert.rule_name}"
    if _is_disability(alert):
        return Health.DISABLED
    if "大病" in names or "重病" in names:
        return Health.SERIOUS
    if "慢性病" in names or "慢病" in names:
        return Health.CHRONIC
    return ""


def _from_detail(alert: Alert) -> tuple[str, str]:
    """The disability grade and type the department's row gave (残疾等级为一级；残疾类别：肢体), where it did."""
    grade = match.group(1) if (match := GRADE_IN_DETAIL.search(alert.detail or "")) else ""
    kind = match.group(1) if (match := TYPE_IN_DETAIL.search(alert.detail or "")) else ""
    if kind and not kind.endswith("残疾"):
        kind = f"{kind}残疾"  # 肢体 → 肢体残疾, as the registry writes it
    return GRADE_DIGITS.get(grade, grade), kind[:20]


def health_offer(alert: Alert) -> HealthOffer | None:
    """The update the verification offers, or None: the alert is not about health or disability, or the member
    it names is no longer a living member of its household."""
    member = alert.member
    if not is_health_alert(department=alert.department, risk_type=alert.rule.risk_type):
        return None
    if member.living_status != LivingStatus.LIVING or member.household_id != alert.household_id:
        return None
    health = _suggested_health(alert)
    grade, kind = _from_detail(alert) if health == Health.DISABLED else ("", "")
    if health == Health.DISABLED and member.health == Health.DISABLED:
        grade, kind = grade or member.disability_grade, kind or member.disability_type
    return HealthOffer(member=member, health=health, disability_grade=grade, disability_type=kind)


def medical_risk_advisory(alert: Alert) -> dict[str, str] | None:
    """What the verification page says before a 纳入监测 declares the medical risk (大病重病重残医疗支出大) while the
    member the alert names stays 健康 (the update unticked, or ticked to 健康): advisory, the case still opens. The
    page shows it for `outcome` with `risk` ticked and the member staying `healthy` (templates/alerts/alert_detail)."""
    offer = health_offer(alert)
    if offer is None or offer.member.health != Health.HEALTHY:
        return None
    risk = RiskType.MEDICAL_COST
    return {
        "outcome": AlertOutcome.INCLUDE.value,
        "risk": risk.value,
        "healthy": Health.HEALTHY.value,
        "message": MSG_MEDICAL_RISK_HEALTHY.format(risk=risk.label, name=offer.member.name),
    }


def member_health_check(*, alert: Alert, outcome: str, health: str, grade: str) -> None:
    """The update's own rules, checked with the verification's before anything is written."""
    if not is_health_alert(department=alert.department, risk_type=alert.rule.risk_type):
        raise ValidationError({FIELDS["health"]: MSG_NOT_OFFERED})
    member = alert.member
    if member.living_status != LivingStatus.LIVING:
        status = member.get_living_status_display()
        raise ValidationError({FIELDS["health"]: MSG_NOT_LIVING.format(name=member.name, status=status)})
    if member.household_id != alert.household_id:
        raise ValidationError({FIELDS["health"]: MSG_NOT_IN_HOUSEHOLD.format(name=member.name)})
    if outcome not in HEALTH_OUTCOMES:
        label = AlertOutcome(outcome).label if outcome in AlertOutcome.values else outcome
        raise ValidationError({FIELDS["health"]: MSG_OUTCOME.format(outcome=label)})
    if health not in Health.values:
        raise ValidationError({FIELDS["health"]: MSG_HEALTH_REQUIRED})
    if grade and health != Health.DISABLED:
        raise ValidationError({FIELDS["disability_grade"]: MSG_GRADE_NOT_DISABLED})
    if grade and grade not in DisabilityGrade.values:
        raise ValidationError({FIELDS["disability_grade"]: MSG_GRADE_CHOICE})


def member_health_update(
    *, actor: Any, alert: Alert, outcome: str, health: str, grade: str, disability_type: str
) -> Member:
    """Write the member's new health through the member edit, inside the verification's transaction; the edit's
    errors are shown at the verification's fields."""
    member_health_check(alert=alert, outcome=outcome, health=health, grade=grade)
    member = alert.member
    data = {"health": health, "disability_grade": "", "disability_type": ""}
    if health == Health.DISABLED:
        # A disabled member re-certified keeps the grade and type on file unless the visit gives new ones.
        keep = member.health == Health.DISABLED
        data["disability_grade"] = grade or (member.disability_grade if keep else "")
        data["disability_type"] = disability_type.strip() or (member.disability_type if keep else "")
    try:
        return member_update(actor=actor, member=member, data=data)
    except ValidationError as error:
        raise _at_fields(error, member.name) from error


def _at_fields(error: ValidationError, name: str) -> ValidationError:
    """The member edit's errors at this form's fields; one about another field of the member (an ID number, a
    relation recorded before a rule existed) above the form, saying that the health was not updated."""
    moved: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        if field in FIELDS:
            moved.setdefault(FIELDS[field], []).extend(messages)
        else:
            text = [MSG_MEMBER_RULE.format(name=name, message=m if m.endswith("。") else f"{m}。") for m in messages]
            moved.setdefault("__all__", []).extend(text)
    return ValidationError(moved)
