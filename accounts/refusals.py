"""Refused privileged actions, in the audit log (三员分立: a refused attempt is as telling as a done one).

Two kinds are recorded as "越权操作被拒绝": a change the account rules refuse (the system admin unticking 有效 on the
security admin, changing their own role, resetting the audit admin's password: accounts.services raises Refused),
and a page refused with PermissionDenied to a signed-in user (config.error_pages.permission_denied: the audit log
for a non-auditor, say), or an API request refused with 403 to an authenticated one (config.api.exception_handler:
DRF answers its own 403s, which never reach the page handler), once per request. Anonymous requests are not
recorded (the login page catches those; the API answers them 401), so no one floods the log without an account.

The refusing service's transaction is rolled back with the refusal; the row is written after it (refusals_audited
sits outside the service's transaction.atomic), so it stays."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.audit import audit_record

USER_REFUSED = "user.refused"
ACCESS_DENIED = "access.denied"
API_DENIED = "access.denied_api"  # an API request refused (config.api.exception_handler): 接口, not 页面
TITLE = "越权操作被拒绝"
RECORDED = "_refusal_recorded"
F = TypeVar("F", bound=Callable[..., Any])


class Refused(ValidationError):
    """A ValidationError (forms show it as before) that says what was attempted, for the audit log."""

    def __init__(self, message: Any, *, attempted: str) -> None:
        super().__init__(message)
        self.attempted = attempted


def refusals_audited(function: F) -> F:
    """Records a Refused raised by `function` (called with actor= and user=) once its transaction is over."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Refused as refusal:
            user, actor = kwargs.get("user"), kwargs.get("actor")
            if actor is not None:
                attempted = f"{refusal.attempted}：账号 {user.username}（{user.get_role_display()}）"
                _record(actor=actor, attempted=attempted, reason="；".join(refusal.messages), target=user)
            raise

    return wrapper  # type: ignore[return-value]


def _record(*, actor: Any, attempted: str, reason: str, target: Any = None, action: str = USER_REFUSED) -> None:
    audit_record(
        actor=actor,
        action=action,
        summary=f"{TITLE}：{attempted}" + (f"（{reason}）" if reason else ""),
        target=target,
        region_path="",
        after={"attempted": attempted, "reason": reason},
    )


def denied_record(request: HttpRequest, exception: Any = None, *, action: str = ACCESS_DENIED) -> None:
    """A page or API request refused to a signed-in (or token-authenticated) user, once per request, recorded as
    `action` (API_DENIED for the API's handler). A DRF Request is read through the Django request it wraps, whose
    user DRF sets on authenticating: the mark is then seen by both handlers, and a request DRF has not
    authenticated (a refused CSRF token) is not read as anyone's."""
    request = getattr(request, "_request", request)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, RECORDED, False):
        return
    setattr(request, RECORDED, True)
    reason = str(exception or "")
    _record(actor=user, attempted=f"访问 {request.method} {request.path}", reason=reason, action=action)
