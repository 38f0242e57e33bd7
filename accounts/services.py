"""Writes of the accounts app. Every change is audited in the same transaction."""

import copy
from typing import Any

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.approval_resubmit import RESUBMIT_FIELDS, resubmit_refused, resubmitted_words
from accounts.approvals import (
    GRANT_FIELDS,
    GRANT_REQUEST_FIELDS,
    ask_approval,
    grant_requested,
    grant_snapshot,
    needs_approval,
    request_grant,
)
from accounts.audit import audit_record
from accounts.choices import ADMIN_ROLES, Approval, Role
from accounts.models import User
from accounts.password_rules import (  # noqa: F401 (the messages and the size: the services' callers import them here)
    MSG_PASSWORD_REUSED,
    MSG_PASSWORD_SAME,
    MSG_TEMPORARY_PASSWORD_REUSED,
    NEW_PASSWORD_FIELD,
    PASSWORD_HISTORY_SIZE,
    check_not_reused,
    check_temporary_not_reused,
    initial_hash,
    password_history_size,
    retire_password,
    validate_new_password,
)
from accounts.phones import clean_phone
from accounts.refusals import Refused, refusals_audited
from accounts.signals import user_changed
from accounts.tokens import token_revoke
from accounts.user_checks import (  # noqa: F401 (the messages: the services' callers import them here)
    MSG_ADMIN_ROLE_RESERVED,
    MSG_DEPARTMENT_ONLY_CLERK,
    MSG_DEPARTMENT_REQUIRED,
    MSG_GRID_NOT_IN_VILLAGE,
    MSG_GRID_ONLY_CADRE,
    MSG_NAME_REQUIRED,
    MSG_SCOPE_COUNTY,
    MSG_SCOPE_REQUIRED,
    MSG_SCOPE_TOWNSHIP,
    MSG_SCOPE_VILLAGE,
    MSG_USERNAME_CASE,
    MSG_USERNAME_TAKEN,
    user_create_problems,
    user_field_errors,
)

MSG_ADMIN_ROLE_FIXED = "系统管理员、安全管理员、审计管理员账号的角色不能修改（三权分立）。"
MSG_ADMIN_SCOPE_FIXED = "系统管理员、安全管理员、审计管理员账号的管辖区划、限定网格和部门不能修改（三权分立）。"
MSG_SELF_ROLE = "不能修改自己的角色、管辖区划或限定网格。"
MSG_AUDIT_DEFERRED = "，待安全管理员审核，审核通过前仍按原角色和管辖范围"
MSG_ADMIN_ACCOUNT_PROTECTED = (
    "系统管理员、安全管理员、审计管理员账号的启用状态和密码只能在服务器上用管理命令修改（三权分立）。"
)

USER_AUDIT_FIELDS = ["username", "last_name", "first_name", "role", "region_path", "department", "phone", "is_active"]
# What a change to these asks of the rest of the platform (accounts.signals.user_changed: a grid worker who can no
# longer see their grid leaves it).
SCOPE_FIELDS = frozenset({"role", "region_path", "grid", "is_active"})


def _validate_user_fields(
    *, role: str, region_path: str, department: str, grid: Any = None, region_name: str = ""
) -> None:
    errors = user_field_errors(
        role=role, region_path=region_path, department=department, grid=grid, region_name=region_name
    )
    if errors:
        raise ValidationError(errors)


def _user_snapshot(user: User) -> dict[str, Any]:
    values = {name: getattr(user, name) for name in USER_AUDIT_FIELDS}
    # The grid in words (城南村 第2网格), as the audit log shows it; "" for the whole village.
    return values | {"grid": str(user.grid) if user.grid_id else ""}


def _change_label(name: str, user: User) -> str:
    """How the audit log's summary names one changed field of an account (the values in words)."""
    if name == "is_active":
        return "启用账号" if user.is_active else "停用账号"
    value = {
        "role": user.get_role_display(),
        "department": user.get_department_display(),
        "region_path": user.region_name or user.region_path,
        "grid": user.grid.name if user.grid_id else "不限网格",
        "last_name": user.get_full_name(),
        "first_name": user.get_full_name(),
        "phone": "",  # not repeated in the summary; the before/after columns hold it
    }.get(name, getattr(user, name))
    label = "姓名" if name in ("last_name", "first_name") else User._meta.get_field(name).verbose_name
    return f"{label}改为 {value}" if value else f"修改{label}"


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    region_path: str,
    region_name: str = "",
    grid: Any = None,
    last_name: str = "",
    first_name: str = "",
    department: str = "",
    phone: str = "",
    allow_admin_roles: bool = False,
    must_change_password: bool = True,
    generated_password: bool = False,
) -> User:
    """Create an account. `allow_admin_roles` is only for the installation command (三权分立).
    `generated_password`: the password is one the system drew at random for a first login
    (accounts.passwords.InitialPasswordHasher)."""
    user, errors = user_create_problems(
        actor=actor,
        username=username,
        password=password,
        role=role,
        region_path=region_path,
        region_name=region_name,
        grid=grid,
        last_name=last_name,
        first_name=first_name,
        department=department,
        phone=phone,
        allow_admin_roles=allow_admin_roles,
        must_change_password=must_change_password,
    )
    if errors:
        raise ValidationError(errors)
    if generated_password:
        if not must_change_password:
            raise ValueError("a generated password must be changed at the first login")
        user.password = initial_hash(password)
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        summary=f"创建用户 {user.username}（{user.get_role_display()}）"
        + ("，待安全管理员审核" if user.approval else ""),
        target=user,
        after=_user_snapshot(user),
    )
    return user


def _as_requested(user: User) -> User:
    """The account as it will be once the change awaiting approval is approved (a copy, never saved): the system
    admin's form shows it and their next change is compared with it (accounts.approvals.grant_requested)."""
    shown = copy.copy(user)
    shown._state = copy.copy(user._state)
    shown._state.fields_cache = dict(user._state.fields_cache)
    if not user.approval_pending:
        return shown
    shown._state.fields_cache.pop("grid", None)
    grant = grant_requested(user)
    for name in ("role", "region_path", "region_name", "department"):
        setattr(shown, name, grant[name] or "")
    shown.grid_id = grant["grid"] or None
    return shown


@refusals_audited
@transaction.atomic
def user_update(*, actor: User, user: User, **changes: Any) -> User:
    """Change an account. A change of role, scope, grid or department made on the web waits for the security admin
    (accounts.approvals.request_grant): the account keeps the grant in force, and the change is compared with, and
    added to, the one already waiting."""
    allowed = set(USER_AUDIT_FIELDS) - {"username"} | {"region_name", "grid"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")
    if "phone" in changes:
        changes["phone"] = clean_phone(changes["phone"])  # the user import's rule (accounts.phones)
    for name in {"last_name", "first_name"} & set(changes):
        changes[name] = changes[name].strip()
    if "last_name" in changes and not changes["last_name"]:
        raise ValidationError({"last_name": MSG_NAME_REQUIRED})
    shown = _as_requested(user)
    was = user.approval
    changed = {name for name, value in changes.items() if getattr(shown, name) != value}
    if user.pk == actor.pk and changed & {"role", "region_path", "grid"}:
        raise Refused(MSG_SELF_ROLE, attempted="修改本人的角色或管辖区划")
    if user.role in ADMIN_ROLES and "is_active" in changed:
        # Otherwise the system admin could switch off the auditor who watches them.
        raise Refused({"is_active": MSG_ADMIN_ACCOUNT_PROTECTED}, attempted="启用" if changes["is_active"] else "停用")
    if "role" in changed and user.role in ADMIN_ROLES:
        # Demoted, the audit admin could then be switched off or have their password reset from the web; the three
        # are created, and changed, only on the server.
        raise Refused({"role": MSG_ADMIN_ROLE_FIXED}, attempted="修改管理员角色")
    if user.role in ADMIN_ROLES and (scope := sorted(changed & {"region_path", "grid", "department"})):
        # Granted to no one for approval (accounts.approvals.needs_approval): fixed, as the role is.
        raise Refused({name: MSG_ADMIN_SCOPE_FIXED for name in scope}, attempted="修改管理员管辖区划")
    if "role" in changed and changes["role"] in ADMIN_ROLES:
        raise Refused({"role": MSG_ADMIN_ROLE_RESERVED}, attempted="授予管理员角色")
    before = _user_snapshot(shown)
    for name, value in changes.items():
        setattr(shown, name, value)
    _validate_user_fields(
        role=shown.role,
        region_path=shown.region_path,
        department=shown.department,
        grid=shown.grid,
        region_name=shown.region_name,
    )
    grant_keys = GRANT_FIELDS | {"region_name"}
    # A new account not approved yet holds no grant in force: its fields are simply what is asked.
    deferred = bool(changed & GRANT_FIELDS) and needs_approval(actor=actor, user=user) and user.approval != Approval.NEW
    in_force = {name: value for name, value in changes.items() if not (deferred and name in grant_keys)}
    for name, value in in_force.items():
        setattr(user, name, value)
    asked: list[str] = []
    if deferred:
        request_grant(actor=actor, user=user, requested=grant_snapshot(shown))
        asked = GRANT_REQUEST_FIELDS
    elif changed & GRANT_FIELDS:
        ask_approval(actor=actor, user=user, reason=Approval.NEW)  # a new account's request, asked again
        asked = ["approval", "approval_requested_at", "approval_requested_by"]
    # A refused account corrected goes back to the security admin (accounts.approval_resubmit).
    resubmitted = resubmit_refused(actor=actor, user=user, was=was, changed=changed)
    if resubmitted:
        asked = list(dict.fromkeys([*asked, *RESUBMIT_FIELDS]))
    user.is_staff = user.role == Role.SYSTEM_ADMIN
    user.full_clean()
    # Only what this change is about: a form loaded earlier must not write back an approval state the security admin
    # has since decided (accounts.approvals).
    user.save(update_fields=[*in_force, "is_staff", *asked])
    after = _user_snapshot(shown)
    altered = [name for name in after if before.get(name) != after[name]]
    old = {name: before.get(name) for name in altered} | (resubmitted["before"] if resubmitted else {})
    new = {name: after[name] for name in altered} | (resubmitted["after"] if resubmitted else {})
    audit_record(
        actor=actor,
        action="user.update",
        summary=f"修改用户 {user.username}"
        + (f"：{'、'.join(dict.fromkeys(_change_label(name, shown) for name in altered))}" if altered else "")
        + (resubmitted_words(user) if resubmitted else "")
        + (MSG_AUDIT_DEFERRED if deferred and user.approval_pending and not resubmitted else "")
        + ("，待安全管理员审核" if not deferred and changed & GRANT_FIELDS and user.approval else ""),
        target=user,
        before=old or None,
        after=new or None,
    )
    user.change_notices = []
    if changed & SCOPE_FIELDS & set(in_force):
        # What the apps above say of the change, for the actor (assistance: households whose help contact can no
        # longer open them); each receiver audits its own. A change waiting for approval tells them when approved.
        answers = user_changed.send(sender=User, user=user, actor=actor)
        user.change_notices = [notice for _, notice in answers if isinstance(notice, str) and notice]
    return user


@refusals_audited
@transaction.atomic
def user_reset_password(*, actor: User | None, user: User, new_password: str) -> User:
    """An administrator sets a temporary password; the user must change it at next login.

    The three administrators' passwords are reset only on the server (actor None: manage.py
    reset_admin_password): a system admin who could reset the audit admin's password could read the
    audit log as them.

    The temporary password may be neither the user's current password nor a recent one: a reset often follows a
    suspected leak, and the leaked password set again would leave the account to whoever holds it. One message for
    both, so the administrator learns no more than that it was used. A login lock stays: lifting it is the security
    admin's (accounts.lockouts), and the reset page says so."""
    if user.role in ADMIN_ROLES and actor is not None:
        raise Refused({"new_password": MSG_ADMIN_ACCOUNT_PROTECTED}, attempted="重置管理员密码")
    validate_new_password(new_password, user, field="new_password")
    check_temporary_not_reused(new_password, user, field="new_password")
    retire_password(user)
    user.set_password(new_password)
    user.must_change_password = True
    was = user.approval
    ask_approval(actor=actor, user=user, reason=Approval.RESET)
    # A refused account reset goes back to the security admin as any correction of it does: 已重新提交待审核, with the
    # reason it was refused for (accounts.approval_resubmit), not as a reset of an account that was open.
    resubmitted = resubmit_refused(actor=actor, user=user, was=was, changed={"password"})
    user.save(
        update_fields=[
            "password",
            "password_changed_at",
            "must_change_password",
            "approval",
            "approval_requested_at",
            "approval_requested_by",
        ]
    )
    token_revoke(user)
    audit_record(
        actor=actor,
        action="user.reset_password",
        summary=f"重置用户 {user.username} 的密码"
        + (resubmitted_words(user) if resubmitted else "，待安全管理员审核" if user.approval else ""),
        target=user,
        before=resubmitted["before"] if resubmitted else None,
        after=resubmitted["after"] if resubmitted else None,
    )
    return user


@transaction.atomic
def user_change_own_password(*, user: User, new_password: str) -> User:
    """The user's own change (/accounts/password/, also the admin site's 修改密码): the policy, and neither the
    current password (the administrator's temporary one, the one past 90 days) nor a recent one again."""
    validate_new_password(new_password, user, field=NEW_PASSWORD_FIELD)
    check_not_reused(new_password, user)
    retire_password(user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    token_revoke(user)
    audit_record(actor=user, action="user.change_password", summary="修改本人密码", target=user)
    return user


def sessions_clear_expired() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
