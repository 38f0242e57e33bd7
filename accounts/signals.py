"""Login, failed login and logout are audited (MLPS level 3). These are Django's own authentication
events, so listening to its signals is the one place they can be caught for every login path.

`user_changed` is ours: accounts announces a changed account to the apps that build on it (the registry's grids
name their grid workers), which know accounts while accounts knows none of them (DESIGN.md: dependencies point
one way)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal

from accounts.audit import audit_record

# Sent inside the transaction of a change to an account's role, scope or active flag, after it is saved, so what a
# receiver writes commits or rolls back with it. kwargs: user, actor.
user_changed = Signal()


def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", summary="登录成功", target=user)


def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", summary="退出登录", target=user)


def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        actor_username=username,
        action="auth.login_failed",
        summary=f"登录失败：账号 {username}",
        object_type="accounts.user",
    )


def connect() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="accounts.audit.login")
    user_logged_out.connect(_on_logout, dispatch_uid="accounts.audit.logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="accounts.audit.login_failed")
