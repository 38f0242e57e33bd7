"""A wrong current password (旧密码) on the password page counts as a failed login (review admins finding 5).

Otherwise a session left open on a shared village PC lets the next person guess the owner's password without limit
and unrecorded, and use it later by API token or from home. The failure goes through Django's own signal, so
django-axes counts it with the login failures of the account at this address and locks it at the policy's limit,
and accounts.signals audits it (auth.login_failed, saying it was the password page). Locked, the session ends: the
lock means this browser may not act as the account for the lockout minutes (accounts.views.PasswordChangeView)."""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed

# Set on the request whose failure this is, so the audit reads 修改密码时旧密码错误 (accounts.signals).
PASSWORD_PAGE_FLAG = "shouwang_password_page"


def _credentials(user: Any) -> dict[str, str]:
    return {"username": user.get_username()}


def old_password_failed(request: Any, user: Any) -> bool:
    """Count and audit one wrong current password; True when it locked the account at this address."""
    setattr(request, PASSWORD_PAGE_FLAG, True)
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def password_page_locked(request: Any, user: Any) -> bool:
    """The account is locked at this address (by login failures or by this page's)."""
    return AxesProxyHandler.is_locked(request, _credentials(user))
