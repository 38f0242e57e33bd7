"""A member marked deceased or moved out (the head handing over to another living member first), and the end of a
no-longer-living member's 低保/特困 registration. Never delete."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import AssistanceStatus, LivingStatus, Relation
from households.models import Member
from households.services.common import diff, ensure_can_edit, record_event
from households.services.income import income_recompute_current
from households.services.registry import refresh_head_name

MSG_ALREADY_STATUS = "该成员当前状态已是“{status}”。"
MSG_HEAD_NEEDS_SUCCESSOR = "户主已故或迁出时，须从其他在世成员中指定新户主。"
MSG_SUCCESSOR_INVALID = "新户主必须是本户其他在世成员。"
MSG_STATUS_DATE_FUTURE = "变更日期不能晚于今天。"
MSG_SAFETY_NET_LIVING = "在世成员的低保/特困情况请在“修改成员”中更正。"
MSG_NO_SAFETY_NET = "该成员没有登记享受低保/特困。"


@transaction.atomic
def member_set_status(
    *,
    actor: Any,
    member: Member,
    status: str,
    on: dt.date,
    reason: str = "",
    new_head: Member | None = None,
) -> Member:
    """Mark a member deceased or moved out. A head must hand over to another living member first."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    household = member.household
    ensure_can_edit(actor, household.region_path)
    if member.living_status == status:
        raise ApplicationError(MSG_ALREADY_STATUS.format(status=LivingStatus(status).label))
    if on > timezone.localdate():
        raise ValidationError({"on": MSG_STATUS_DATE_FUTURE})
    others = household.members.filter(living_status=LivingStatus.LIVING).exclude(pk=member.pk)
    if member.relation == Relation.HEAD and others.exists():
        if new_head is None:
            raise ValidationError({"new_head": MSG_HEAD_NEEDS_SUCCESSOR})
        if not others.filter(pk=new_head.pk).exists():
            raise ValidationError({"new_head": MSG_SUCCESSOR_INVALID})
    before = {"living_status": member.living_status, "assistance_status": member.assistance_status}
    member.living_status = status
    member.status_changed_on = on
    # A member who died or left the county no longer receives 低保/特困 here (民政 stops or transfers it).
    if member.assistance_status:
        member.assistance_status = AssistanceStatus.NONE
    member.save(update_fields=["living_status", "status_changed_on", "assistance_status"])
    changes = diff(member, before, ["living_status", "assistance_status"])
    if new_head is not None and member.relation == Relation.HEAD:
        Member.objects.filter(pk=new_head.pk).update(relation=Relation.HEAD)
        record_event(
            actor=actor,
            household=household,
            member=new_head,
            action="member.update",
            summary=f"{new_head.name} 成为新户主",
            changes=[
                {
                    "field": "relation",
                    "label": "与户主关系",
                    "old": new_head.get_relation_display(),
                    "new": Relation.HEAD.label,
                }
            ],
        )
    refresh_head_name(household)
    income_recompute_current(household, actor=actor)
    record_event(
        actor=actor,
        household=household,
        member=member,
        action="member.status",
        summary=f"{member.name} 标记为{LivingStatus(status).label}（{on:%Y-%m-%d}）{('：' + reason) if reason else ''}",
        changes=changes,
    )
    return member


@transaction.atomic
def member_safety_net_end(*, actor: Any, member: Member) -> Member:
    """End the 低保/特困 registration of a member who died or moved out while still registered on it (records from
    before member_set_status ended it, or imported so): the 数据逻辑校验 finding 已故或迁出成员仍登记享受低保/特困."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    ensure_can_edit(actor, member.household.region_path)
    if member.living_status == LivingStatus.LIVING:
        raise ApplicationError(MSG_SAFETY_NET_LIVING)
    if member.assistance_status in ("", AssistanceStatus.NONE):
        raise ApplicationError(MSG_NO_SAFETY_NET)
    before = {"assistance_status": member.assistance_status}
    label = member.get_assistance_status_display()
    member.assistance_status = AssistanceStatus.NONE
    member.save(update_fields=["assistance_status"])
    record_event(
        actor=actor,
        household=member.household,
        member=member,
        action="member.update",
        summary=f"{member.name}（{member.get_living_status_display()}）的{label}登记已停止",
        changes=diff(member, before, ["assistance_status"]),
    )
    return member
