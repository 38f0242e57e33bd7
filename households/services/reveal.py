"""Revealing a masked ID number (DOMAIN.md "Privacy": revealing one is an audited act). Read-only roles see ID
numbers masked everywhere (households.privacy); when one of them needs a member's full number, asking for it is
recorded in the audit log with who, whose number and when, before it is shown."""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.audit import audit_record
from accounts.permissions import user_can
from accounts.roles import Capability
from households.models import Member

MSG_NO_REVEAL = "您的角色无权查看档案中的身份证号。"


def id_number_reveal(*, actor: Any, member: Member) -> str:
    """The member's full ID number, for someone who may see the household (the caller looked it up in scope)."""
    if not user_can(actor, Capability.REGISTRY_VIEW):
        raise PermissionDenied(MSG_NO_REVEAL)
    audit_record(
        actor=actor,
        action="member.reveal_id_number",
        summary=f"查看 {member.name}（户编号 {member.household.number}）的完整身份证号",
        target=member,
        region_path=member.region_path,
    )
    return member.id_number
