"""个人信息: what every signed-in user may read and change of their own account. They read their name, role and
scope (set by the system admin, approved by the security admin: never changed here) and change their own mobile
number, which colleagues and the households they help call them on (the 明白卡 prints a help contact's phone).

The number is used for nothing that signs anyone in: there are no login codes by text message and no password reset
by phone (a reset is the system admin's, accounts.services.user_reset_password). So the change asks for no password,
as the admin's own form asks none; it is audited as the user's own act (user.change_own_phone), apart from an
administrator's user.update, with the old and new numbers (masked to the audit admin, accounts.audit_labels)."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.approvals import grant_change_note
from accounts.audit import audit_record
from accounts.models import User
from accounts.phones import normalized_phone

MSG_MOBILE = "“{value}”不是有效的手机号：应为以1开头的11位数字，如 13807921234。"
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")  # a mainland mobile (households.phone.MOBILE, the application form's)
OWN_PHONE = "user.change_own_phone"


def own_phone_clean(raw: str) -> str:
    """The number as stored (half-width digits only: 138 0792 1234 and 138-0792-1234 as typed are accepted), "" for
    none, or a ValidationError at the phone field."""
    phone = normalized_phone(raw).replace("-", "")
    if phone and not MOBILE.match(phone):
        raise ValidationError({"phone": MSG_MOBILE.format(value=(raw or "").strip()[:30])})
    return phone


@transaction.atomic
def user_change_own_phone(*, user: User, phone: str) -> User:
    """The signed-in user sets (or clears) their own mobile number; the same number again changes and records
    nothing."""
    phone = own_phone_clean(phone)
    account = User.objects.select_for_update().get(pk=user.pk)
    before = account.phone
    if phone == before:
        return account
    account.phone = phone
    account.save(update_fields=["phone"])
    said = "本人修改手机号" if phone else "本人清除手机号"
    audit_record(
        actor=user,
        action=OWN_PHONE,
        summary=said,
        target=account,
        before={"phone": before},
        after={"phone": phone},
    )
    user.phone = phone
    return account


@dataclass(frozen=True)
class AccountFacts:
    """The account as its owner reads it on 个人信息."""

    name: str
    username: str
    role: str
    scope: str
    department: str
    phone: str
    pending: str  # a change of role or scope waiting for the security admin (accounts.approvals)


def account_facts(user: Any) -> AccountFacts:
    from accounts.audit_labels import place_names  # the region tree, read by model name

    path = user.region_path or ""
    place = place_names([path]).get(path) or user.region_name or path if path else ""
    return AccountFacts(
        name=user.get_full_name(),
        username=user.get_username(),
        role=user.get_role_display(),
        scope=f"{place} {user.grid.name}".strip() if user.grid_id else place,
        department=user.get_department_display() if user.department else "",
        phone=user.phone,
        pending=grant_change_note(user),
    )
