"""一人一措施 (seed 003 §二3) when people move (households.services.moves): a member's open measures (计划中, 实施中)
follow them to the household they now live in. A split-off household of a monitored one is monitored too, so its
plan takes them (made for it if it has none, at the old plan's return cadence); a household that may have no plan
(not monitored, no green channel: assistance.services.plans.plan_allowed) cannot take them, so they stay on the old
plan, named in the old household's 变更记录 for the village to stop or redo. A split-off household keeps the old
one's help contact (the same village's cadre), recorded as an assignment from the day of the split."""

from typing import Any

from django.utils import timezone

from assistance.choices import MeasureStatus
from assistance.following import household_assisted, household_followed
from assistance.models import HelpContactAssignment, Plan, PlanMeasure
from assistance.services.plans import next_due
from households.models import Household, Member
from households.services.common import record_event

OPEN = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)
SPLIT_CONTACT_REASON = "分户沿用原户帮扶联系人"
PLAN_NOTE = "由农户 {number} 的成员迁入（分户或合户）时建立，承接其名下未完成的帮扶措施。"
PLAN_SUMMARY = "制定帮扶方案（承接由农户 {number} 迁入成员的帮扶措施），回访周期：{cadence}"
MOVED_SUMMARY = "{names}名下未完成的帮扶措施随人转入农户 {number} 的帮扶方案：{measures}"
MOVED_IN_SUMMARY = "由农户 {number} 转入帮扶措施（随成员迁入）：{measures}"
STAYED_SUMMARY = (
    "{names}已迁入农户 {number}（不是监测对象或脱贫户，不能制定帮扶方案），其名下未完成的帮扶措施仍在本户方案中，"
    "请核实终止或调整：{measures}"
)
PREVIEW_MOVE = "{name}名下未完成的帮扶措施（{measures}）将随人转入{where}的帮扶方案。"
PREVIEW_NO_PLAN = (
    "分出成员名下没有未完成的帮扶措施：新户分出后尚无帮扶方案，将列入乡镇和村的“监测对象未制定帮扶计划”，"
    "请及时为新户制定帮扶方案（一户一方案）。"
)
PREVIEW_TRANSFER = (
    "{name}名下未完成的帮扶措施（{measures}）：迁入户是监测对象的，随人转入其帮扶方案；不是的，不能转入，"
    "留在本户方案中，迁入后请核实终止或调整。"
)


def _open_measures(source: Household, members: list[Member]) -> list[PlanMeasure]:
    return list(
        PlanMeasure.objects.filter(household=source, member__in=members, status__in=OPEN)
        .select_related("measure_type", "member")
        .order_by("pk")
    )


def _words(measures: list[PlanMeasure]) -> str:
    return "、".join(f"{m.measure_type.name}（{m.get_status_display()}）" for m in measures)


def _cut(text: str) -> str:
    return text if len(text) <= 200 else text[:199] + "…"  # a history row's summary is 200 characters


def preview(source: Household, members: list[Member], split: bool) -> list[str]:
    """The page's words before the move: a split's new household is monitored as the source is; a transfer's
    household is not chosen yet."""
    lines = []
    for member in members:
        if measures := _open_measures(source, [member]):
            text = PREVIEW_MOVE.format(name=member.name, measures=_words(measures), where="新户") if split else ""
            lines.append(text or PREVIEW_TRANSFER.format(name=member.name, measures=_words(measures)))
    if split and members and not lines and household_followed(source):
        lines.append(PREVIEW_NO_PLAN)  # the township's and village's to-do (assistance.hooks, households_without_plan)
    return lines


def _current_person(household: Household) -> HelpContactAssignment | None:
    return HelpContactAssignment.objects.filter(household=household, ends_on__isnull=True, contact__isnull=True).first()


def follow_move(actor: Any, source: Household, target: Household, members: list[Member], split: bool) -> None:
    """In the move's transaction: the contact of a split-off household recorded, the open measures moved."""
    today = timezone.localdate()
    if split and target.help_contact_id is not None:
        HelpContactAssignment.objects.create(
            household=target,
            region_path=target.region_path,
            contact_id=target.help_contact_id,
            starts_on=today,
            reason=SPLIT_CONTACT_REASON,
            assigned_by=actor,
        )
    elif split and (person := _current_person(source)) is not None:
        # A person without an account is not mirrored on the household, so the carried fields miss them: the new
        # household keeps the source's 包保单位人员 as it keeps an account contact.
        HelpContactAssignment.objects.create(
            household=target,
            region_path=target.region_path,
            person_name=person.person_name,
            person_unit=person.person_unit,
            person_title=person.person_title,
            person_phone=person.person_phone,
            starts_on=today,
            reason=SPLIT_CONTACT_REASON,
            assigned_by=actor,
        )
    ids = [m.pk for m in _open_measures(source, members)]
    measures = list(
        PlanMeasure.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status__in=OPEN)
        .select_related("measure_type", "member")
        .order_by("pk")
    )
    if not measures:
        return
    names = "、".join(dict.fromkeys(m.member.name for m in measures if m.member is not None))
    words = _words(measures)
    if not household_assisted(target):
        summary = STAYED_SUMMARY.format(names=names, number=target.number, measures=words)
        record_event(actor=actor, household=source, action="assistance.measures_stayed", summary=_cut(summary))
        return
    plan = Plan.objects.select_for_update().filter(household=target).first() or _plan_for(actor, source, target)
    for measure in measures:
        measure.plan, measure.household, measure.region_path = plan, target, target.region_path
        measure.save(update_fields=["plan", "household", "region_path", "updated_at"])
    summary = MOVED_SUMMARY.format(names=names, number=target.number, measures=words)
    record_event(actor=actor, household=source, action="assistance.measures_moved_out", summary=_cut(summary))
    summary = MOVED_IN_SUMMARY.format(number=source.number, measures=words)
    record_event(
        actor=actor, household=target, action="assistance.measures_moved_in", summary=_cut(summary), target=plan
    )


def _plan_for(actor: Any, source: Household, target: Household) -> Plan:
    """The target's plan, made at the source plan's return cadence (一户一方案: the measures need one)."""
    old = Plan.objects.filter(household=source).first()
    cadence = old.return_cadence if old is not None else Plan._meta.get_field("return_cadence").default
    plan = Plan.objects.create(
        household=target,
        region_path=target.region_path,
        pre_monitoring=not target.monitoring_category and household_followed(target),
        return_cadence=cadence,
        next_return_due=next_due(timezone.localdate(), cadence),
        note=PLAN_NOTE.format(number=source.number),
        created_by=actor,
    )
    record_event(
        actor=actor,
        household=target,
        action="assistance.plan_create",
        summary=PLAN_SUMMARY.format(number=source.number, cadence=plan.get_return_cadence_display()),
        target=plan,
    )
    return plan


def register() -> None:
    from households.services.moves import register_move_follower

    register_move_follower(follow_move, preview)
