"""Login, failed login and logout are audited (MLPS level 3). These are Django's own authentication
events, so listening to its signals is the one place they can be caught for every login path; a lock
is django-axes' event (user_locked_out).

`user_changed` is ours: accounts announces a changed account to the apps that build on it (the registry's grids
name their grid workers), which know accounts while accounts knows none of them (DESIGN.md: dependencies point
one way)."""

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal

from accounts.audit import audit_record
from accounts.context import current_ip
from accounts.lockouts import ACCOUNT_LOCK_FAILURES
from accounts.login_spread import login_spread_check
from accounts.models import User
from accounts.password_checks import PASSWORD_PAGE_FLAG
from accounts.policy import current_policy
from accounts.sessions import session_signed_in, session_signed_out

# Sent inside the transaction of a change to an account's role, scope or active flag, after it is saved, so what a
# receiver writes commits or rolls back with it. kwargs: user, actor.
user_changed = Signal()

# Sent before such a change is saved, to say what it would mean (accounts.change_preview): kwargs user (the account
# as saved) and after (a copy as it would be once the change applies, never saved). A receiver writes nothing and
# answers a ChangeWarning, or None when the change means nothing to it.
user_change_preview = Signal()


@dataclass(frozen=True)
class ChangeWarning:
    """What a change would mean elsewhere: the sentence, how many things it is about (counted in `unit`, 户) and the
    first few named."""

    message: str
    count: int
    unit: str
    first: list[str]

    @property
    def rest(self) -> int:
        return self.count - len(self.first)


def masked_username(typed: str) -> str:
    """An unknown username as the audit log keeps it. People type their password into the name field, and the log
    is kept for years and cannot be changed: only the first characters stay, enough to tell a typo of a name."""
    if not typed:
        return ""
    return f"{typed[: 2 if len(typed) > 6 else 1]}***"


def typed_key(typed: str) -> str:
    """An unknown username as the login-spread check tells names apart (accounts.login_spread): a keyed hash of
    what was typed, never the name itself (it may be a password). Masked names collide ("rv***" for many)."""
    return hmac.new(settings.SECRET_KEY.encode(), typed.encode(), hashlib.sha256).hexdigest()[:32] if typed else ""


def _account(typed: str) -> User | None:
    # The exact name, as the password backend looks it up (the unique constraint is case-sensitive).
    return User.objects.filter(username=typed).first() if typed else None


def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", summary="登录成功", target=user)
    if request is not None:
        session_signed_in(request, user)  # the session lists (accounts.sessions)


def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", summary="退出登录", target=user)
    if request is not None and getattr(request, "session", None) is not None:
        session_signed_out(request.session.session_key)


def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    typed = str(credentials.get("username", ""))[:150]
    user = _account(typed)
    shown = user.username if user else masked_username(typed)
    if _refused_by_lock(request):
        action, summary = "auth.login_locked", f"账号已锁定，拒绝登录：账号 {shown}"
    elif getattr(request, PASSWORD_PAGE_FLAG, False):
        action, summary = "auth.login_failed", f"修改密码时旧密码错误：账号 {shown}（计入连续登录失败次数）"
    elif user is None:
        action, summary = "auth.login_failed", f"登录失败：账号不存在（输入 {shown}）"
    else:
        action, summary = "auth.login_failed", f"登录失败：账号 {shown} 密码错误"
    audit_record(
        actor=None,
        actor_username=shown,
        action=action,
        summary=summary,
        target=user,
        object_type="accounts.user",
        after={"typed_key": typed_key(typed)} if user is None and typed else None,
    )
    if action == "auth.login_failed":  # a password tried: spread over addresses or accounts, the lock misses it
        login_spread_check(user=user, address=current_ip.get())


def _refused_by_lock(request: Any) -> bool:
    """axes' backend refused the attempt before any password check. axes also flags the failure that sets the lock,
    but that one it has counted (axes_failures_since_start), whichever of the two receivers runs first."""
    return (
        bool(getattr(request, "axes_locked_out", False)) and getattr(request, "axes_failures_since_start", None) is None
    )


def audit_login_inactive(user: User) -> None:
    """The right password for a disabled account (accounts.backends.PasswordBackend): refused, and no failure."""
    audit_record(
        actor=None,
        actor_username=user.username,
        action="auth.login_inactive",
        summary=f"登录被拒绝：账号 {user.username} 已停用",
        target=user,
    )


def audit_login_unapproved(user: User) -> None:
    """The right password for an account the security admin has not approved (accounts.approvals): refused."""
    audit_record(
        actor=None,
        actor_username=user.username,
        action="auth.login_unapproved",
        summary=f"登录被拒绝：账号 {user.username} {user.get_approval_display()}",
        target=user,
    )


def _on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    # axes sends this when a failure reaches the limit and again for every attempt refused during the lock; only the
    # first counted the failures (axes_failures_since_start), so each lock is recorded once.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    user = _account(str(username or ""))
    shown = user.username if user else masked_username(str(username or ""))
    minutes = current_policy().lockout_minutes
    summary = f"账号锁定：账号 {shown} 连续登录失败{failures}次，锁定{minutes}分钟"
    if (everywhere := getattr(request, ACCOUNT_LOCK_FAILURES, None)) is not None:  # accounts.axes_handler
        summary = (
            f"账号锁定：账号 {shown} 在{minutes}分钟内从各地址合计登录失败{everywhere}次，所有地址锁定{minutes}分钟"
        )
    audit_record(
        actor=None,
        actor_username=shown,
        action="auth.lockout",
        summary=summary,
        target=user,
        object_type="accounts.user",
    )


def connect() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="accounts.audit.login")
    user_logged_out.connect(_on_logout, dispatch_uid="accounts.audit.logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="accounts.audit.login_failed")
    # Imported here, after the above: importing it connects axes' own receivers, and ours come first (the log then
    # reads failure, lock); _refused_by_lock does not depend on it.
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_locked_out, dispatch_uid="accounts.audit.locked_out")
