"""迁入他户 (户间迁移) and 分户: a member moved into another household, members split off into a new one.

A monitored household's members stay monitored when some of them split off: people leave monitoring only through
风险消除 (seed 000 §三(四)), so the new household carries the old one's category, 纳入监测日期 and risk, recorded in
its 变更记录. What the later apps hold on the members who move (assistance's 一人一措施, seed 003 §二3) follows
them through register_move_follower, since the registry knows no plan (DESIGN.md: dependencies point one way)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError
from households.choices import LabourCapacity, LivingStatus, Relation
from households.member_reasons import JoinReason, LeaveReason
from households.models import Household, Member
from households.phone import household_phone
from households.services.closing import ensure_open
from households.services.common import diff, ensure_can_edit, record_event
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, confirmed_note
from households.services.household_rules import NUMBER_SEQUENCE_DIGITS
from households.services.income import income_recompute_current
from households.services.member_changes import CHANGE_REASON, members_moved_record, moved_in_set, reason_change
from households.services.member_reasons import JOIN_FIELDS
from households.services.member_status import relations_check
from households.services.members import MSG_NO_HEAD, head_spouse_sex_message, second_spouse_message
from households.services.registry import HOUSEHOLD_FIELDS, created_values, next_number, refresh_head_name
from households.services.relation_ages import split_warnings
from households.services.relations import Kin, relation_sex_message, relations_after_head_change

MSG_TRANSFER_SAME = "目标农户与原农户相同。"
MSG_TRANSFER_HEAD = "户主不能直接迁入其他户：请先为原户指定新户主，或使用“分户”。"
MSG_TRANSFER_TARGET_HEAD = "目标农户已有户主，迁入成员的与户主关系不能为“户主”。"
MSG_NOT_LIVING = "只有在世成员可以迁移。"
MSG_SPLIT_NEEDS_HEAD = "分户须从所选成员中指定一名新户主。"
MSG_SPLIT_ALL = "不能把全部在世成员分出：原户至少要保留一名成员。"
MSG_SPLIT_MONITORED = (
    "该户是监测对象（{category}，{start}纳入监测）。分户后新户沿用监测对象类别、纳入监测日期和风险类型（记入新户"
    "变更记录），分出成员仍在监测中：监测对象只能经风险消除程序退出。"
)
MSG_MONITORING_CARRIED = "分户沿用原户 {number} 的监测状态：{category}，纳入监测日期 {start}"
MSG_SPLIT_NEW_CONSENT = "授权书不随分户带入：新户须由其户主另行签署授权书。"
MSG_TRANSFER_MONITORED = (
    "本户是监测对象（{category}）。迁入其他农户后，{name}随迁入户计算：迁入户不是监测对象的，该成员将不再随本户监测。"
)
MSG_TRANSFER_UNMONITORED = (
    "迁入户 {number} 不是监测对象：{name} 已不在监测范围内，如仍有返贫致贫风险，请按程序识别纳入。"
)
MSG_CHECK_BOTH_INCOMES = "请核对两户本年度家庭收支"
MSG_BAD_LABOUR = "劳动能力无效。"
MSG_IN_THIS_HOUSEHOLD = "该人员已在本户"
MSG_THIS_NUMBER = "这是本户的户编号"
MSG_OTHER_VILLAGE = "户编号 {number} 不在本村范围，跨村迁移请报乡镇办理"
# Any other search that finds nothing, by a user who sees the member's village only: the household sought may well be
# another village's, which this search never shows.
MSG_VILLAGE_ONLY = "这里只能查到本村的农户，跨村迁移请报乡镇办理"

# The monitoring state a split-off household carries (seed 000 §三(四): no exit without 风险消除). The 两不愁三保障
# flags go with the risk they describe; the cadre corrects them on the new household's page when they differ.
MONITORING_FIELDS = ["monitoring_category", "monitoring_start", "risk_eliminated_on", "national_marking"]
CARRIED_FIELDS = [
    *MONITORING_FIELDS,
    "risk_types",
    "national_risk_types",
    "food_clothing_ok",
    "education_ok",
    "medical_ok",
    "housing_ok",
    "water_ok",
    "help_contact",
]

# (actor, source, target, members, split): called inside the move's transaction, after the members moved and both
# households' history rows are written. Preview: (source, members, split) -> what the follower will do, in words,
# for the page before the move is confirmed (a transfer's household is not chosen yet).
MoveFollower = Callable[[Any, Household, Household, list[Member], bool], None]
MovePreview = Callable[[Household, list[Member], bool], list[str]]
_followers: list[tuple[MoveFollower, MovePreview]] = []


def register_move_follower(follower: MoveFollower, preview: MovePreview) -> None:
    """A later app's records on the moving members to move with them (assistance: their open measures)."""
    if (follower, preview) not in _followers:
        _followers.append((follower, preview))


def move_preview(*, source: Household, members: list[Member], split: bool) -> list[str]:
    """What the later apps will do with the moving members' records, in words."""
    return [line for _, preview in _followers for line in preview(source, members, split)]


def move_followers_run(actor: Any, source: Household, target: Household, members: list[Member], *, split: bool) -> None:
    for follower, _ in _followers:
        follower(actor, source, target, members, split)


def split_notices(household: Household) -> list[str]:
    """What the split page says before anything is chosen: a monitored household's members stay monitored."""
    if not household.monitoring_category:
        return []
    start = f"{household.monitoring_start:%Y-%m-%d}" if household.monitoring_start else "日期未登记"
    category = household.get_monitoring_category_display()
    return [MSG_SPLIT_MONITORED.format(category=category, start=start), MSG_SPLIT_NEW_CONSENT]


def transfer_notices(member: Member) -> list[str]:
    """What the transfer page says of a monitored household's member, and of their records that follow them."""
    source = member.household
    said = [MSG_TRANSFER_MONITORED.format(category=source.get_monitoring_category_display(), name=member.name)]
    return (said if source.monitoring_category else []) + move_preview(source=source, members=[member], split=False)


def transfer_search_hint(*, member: Member, q: str) -> str:
    """Why a search for the household to move into found none, when the query names the member's own household
    (one of its people by ID number, or its number) or a household number of another village."""
    q = q.strip().upper()
    source = member.household
    if len(q) == 18 and source.members.filter(id_number=q, living_status=LivingStatus.LIVING).exists():
        return MSG_IN_THIS_HOUSEHOLD
    if q == source.number:
        return MSG_THIS_NUMBER
    village_code = source.village.code
    if q.isdigit() and len(q) == len(village_code) + NUMBER_SEQUENCE_DIGITS and not q.startswith(village_code):
        return MSG_OTHER_VILLAGE.format(number=q)
    return ""


def transfer_scope_hint(*, actor: Any, member: Member) -> str:
    """What a search for the household to move into that found nothing adds for a user who sees only the member's
    village (a village cadre): the household may be another village's, a move the township makes."""
    prefix = user_scope_prefix(actor)
    village = member.household.village.path
    return MSG_VILLAGE_ONLY if prefix is not None and prefix.startswith(village) else ""


@transaction.atomic
def member_transfer(*, actor: Any, member: Member, target: Household, relation: str) -> Member:
    """迁入他户 (户间迁移; 合户 merges whole households): move a living, non-head member into another household (both
    must be in the actor's scope)."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    source = member.household
    # Lock both households in primary-key order so two opposite transfers cannot deadlock.
    locked = {
        h.pk: h for h in Household.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")
    }
    target = locked[target.pk]
    ensure_can_edit(actor, source.region_path)
    ensure_open(source)
    ensure_can_edit(actor, target.region_path)
    ensure_open(target)
    if source.pk == target.pk:
        raise ValidationError({"target": MSG_TRANSFER_SAME})
    if member.living_status != LivingStatus.LIVING:
        raise ApplicationError(MSG_NOT_LIVING)
    if member.relation == Relation.HEAD:
        raise ApplicationError(MSG_TRANSFER_HEAD)
    if relation == Relation.HEAD:
        raise ValidationError({"relation": MSG_TRANSFER_TARGET_HEAD})
    if (
        message := relation_sex_message(relation, member.sex, typed=not member.id_number)
        or second_spouse_message(household=target, relation=relation)
        or head_spouse_sex_message(household=target, relation=relation, sex=member.sex)
    ):
        raise ValidationError({"relation": message})
    old_relation = member.get_relation_display()
    member.household, member.region_path, member.relation = target, target.region_path, relation
    joined = moved_in_set(member, reason=JoinReason.TRANSFER, source=source)  # 户间迁移（由农户…迁入）
    member.save(update_fields=["household", "region_path", "relation", *JOIN_FIELDS])
    income_recompute_current(source, actor=actor)
    income_recompute_current(target, actor=actor)
    # Both rows carry the move, by number as read and by id (a number can be edited later): the history tab and
    # the audit event show 农户 old → new, and a case's household news (alerts.advisories) finds from them who came
    # or went since the case opened.
    moved = [
        {
            "field": "household",
            "label": "农户",
            "old": source.number,
            "new": target.number,
            "old_id": source.pk,
            "new_id": target.pk,
        }
    ]
    record_event(
        actor=actor,
        household=source,
        member=member,
        action="member.transfer_out",
        summary=f"{member.name} 迁出至农户 {target.number}（减少原因：{LeaveReason.TRANSFER.label}）",
        changes=[*moved, reason_change(LeaveReason.TRANSFER.label)],
    )
    record_event(
        actor=actor,
        household=target,
        member=member,
        action="member.transfer_in",
        summary=f"{member.name} 由农户 {source.number} 迁入（原关系：{old_relation}），新增原因："
        f"{JoinReason.TRANSFER.label}",
        changes=[*moved, joined],
    )
    members_moved_record(actor=actor, source=source, target=target, members=[member], reason=JoinReason.TRANSFER)
    move_followers_run(actor, source, target, [member], split=False)
    return member


def _phone(raw: str) -> str:
    try:
        return household_phone(raw)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None


def split_suggestions(*, household: Household, members: list[Member], new_head: Member) -> dict[int, str]:
    """What each member leaving with `new_head` is to them, as far as it can be worked out from their relations to
    the household's head ("" where it cannot: the cadre chooses), by pk: the old head's daughter leaving with his
    son is the son's 之兄弟姐妹, the son's wife his 配偶 (households.services.relations)."""
    head = household.members.filter(living_status=LivingStatus.LIVING, relation=Relation.HEAD).first()
    return relations_after_head_change(
        old_head_sex=head.sex if head is not None else "",
        new_head=Kin(new_head.pk, new_head.relation, new_head.sex),
        others=[Kin(m.pk, m.relation, m.sex) for m in members if m.pk != new_head.pk],
    )


def _split_relations(
    source: Household, chosen: list[Member], new_head: Member, given: dict[int, str]
) -> dict[int, str]:
    """Each leaving member's relation to the new head: as given (the page gives all; the API may give some), else
    as worked out (split_suggestions), else 其他; checked as a head change's are (relations_check: the member's sex,
    a 配偶 of the new head's own sex, a second 配偶), at relation_{pk} naming the member."""
    suggested = split_suggestions(household=source, members=chosen, new_head=new_head)
    others = [m for m in chosen if m.pk != new_head.pk]
    relations = {m.pk: given[m.pk] if m.pk in given else suggested.get(m.pk) or Relation.OTHER for m in others}
    relations_check(new_head, others, relations)
    return {new_head.pk: Relation.HEAD} | relations


def _moved_names(chosen: list[Member], before: dict[int, str]) -> str:
    """张丽（之女→之兄弟姐妹）: who moved, and their relation to the old head and to the new one."""
    return "、".join(f"{m.name}（{Relation(before[m.pk]).label}→{m.get_relation_display()}）" for m in chosen)


@transaction.atomic
def household_split(
    *,
    actor: Any,
    household: Household,
    members: list[Member],
    new_head: Member,
    relations: dict[int, str],
    confirm_unusual: bool = False,
    phone: str | None = None,
    labour_capacity: str = "",
) -> Household:
    """分户: selected living members leave to form a new household in the same village and group. A new head under
    18, or ages that do not fit the new relations, are asked about unless `confirm_unusual` (services.relation_ages).
    The new household carries the old one's address, help contact and monitoring state (CARRIED_FIELDS); its phone
    is the old one's unless another is given; its 劳动能力 is as given (the old one's is of other people)."""
    source = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_edit(actor, source.region_path)
    ensure_open(source)
    living = {m.pk: m for m in source.members.select_for_update().filter(living_status=LivingStatus.LIVING)}
    chosen = [living[m.pk] for m in members if m.pk in living]
    if new_head.pk not in {m.pk for m in chosen}:
        raise ValidationError({"new_head": MSG_SPLIT_NEEDS_HEAD})
    if len(chosen) >= len(living):
        raise ValidationError({"members": MSG_SPLIT_ALL})
    if any(m.relation == Relation.HEAD for m in chosen):
        raise ApplicationError(MSG_TRANSFER_HEAD)
    if labour_capacity not in ("", *LabourCapacity.values):
        raise ValidationError({"labour_capacity": MSG_BAD_LABOUR})
    new_relations = _split_relations(source, chosen, new_head, relations)
    before = {m.pk: m.relation for m in chosen}
    unusual = [u.message for u in split_warnings(chosen, new_relations)]
    if unusual and not confirm_unusual:
        raise ValidationError({"new_head": unusual, CONFIRM_FIELD: [MSG_CONFIRM]})
    new = Household(
        number=next_number(source.village),
        village=source.village,
        group=source.group,
        grid=source.grid,
        region_path=source.region_path,
        address=source.address,
        household_type=source.household_type,
        phone=source.phone if phone is None else _phone(phone),
        labour_capacity=labour_capacity,
        split_from=source,
        split_on=timezone.localdate(),  # the county's day
        **{name: getattr(source, name) for name in CARRIED_FIELDS},
    )
    new.save()
    for member in chosen:
        member.household = new
        member.relation = new_relations[member.pk]
        moved_in_set(member, reason=JoinReason.SPLIT, source=source)  # 分户（由农户…分出）
        member.save(update_fields=["household", "relation", *JOIN_FIELDS])
    refresh_head_name(new)
    if not new.head_name:
        raise ValidationError({"new_head": MSG_NO_HEAD})
    income_recompute_current(source, actor=actor)
    income_recompute_current(new, actor=actor)
    names = _moved_names(chosen, before)
    # The row carries the move as a transfer's does (农户 old → new), with the members who left: a case opened on
    # the source household before the split says who left it since (alerts.advisories, household news).
    moved = {"field": "household", "label": "农户", "old": source.number, "new": new.number}
    moved |= {"old_id": source.pk, "new_id": new.pk, "via": "split", "member_ids": [m.pk for m in chosen]}
    record_event(
        actor=actor,
        household=source,
        action="household.split",
        summary=f"分户：{names} 分出为农户 {new.number}（减少原因：分户）"[:200],
        changes=[moved, reason_change(LeaveReason.SPLIT.label)],
    )
    record_event(
        actor=actor,
        household=new,
        action="household.create",
        summary=f"由农户 {source.number} 分户新建，户主{new.head_name}；分入成员：{names}；新增原因：分户"
        f"{confirmed_note(unusual)}"[:200],
        # As a household registered anew records its values, and why its members joined.
        after=created_values(new, HOUSEHOLD_FIELDS) | {CHANGE_REASON: JoinReason.SPLIT.label},
    )
    members_moved_record(actor=actor, source=source, target=new, members=chosen, reason=JoinReason.SPLIT)
    blank = {name: Household._meta.get_field(name).get_default() for name in MONITORING_FIELDS}
    if carried := diff(new, blank, MONITORING_FIELDS):
        record_event(
            actor=actor,
            household=new,
            action="household.monitoring_carried",
            summary=MSG_MONITORING_CARRIED.format(
                number=source.number,
                category=new.get_monitoring_category_display() or "非监测对象",
                start=f"{new.monitoring_start:%Y-%m-%d}" if new.monitoring_start else "未登记",
            ),
            changes=carried,
        )
    move_followers_run(actor, source, new, chosen, split=True)
    return new
