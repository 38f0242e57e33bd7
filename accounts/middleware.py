"""Request-wide policy: client address for the audit log, idle timeout, login required, password age."""

import ipaddress
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from accounts.approvals import login_refusal
from accounts.audit import audit_record
from accounts.choices import Approval
from accounts.context import current_ip
from accounts.models import User
from accounts.policy import current_policy
from accounts.sessions import ENDED_BY_ADMIN, session_ended_by_hand, session_seen

MSG_PASSWORD_EXPIRED_API = "密码已过期或须在首次登录时修改，请先在网页上修改密码。"

# Paths that never need a session: the API authenticates in DRF (session or token), the rest is public.
_PUBLIC_PREFIXES = ("/api/", "/static/", "/healthz", "/favicon.ico")


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT says that many proxies of ours stand in front: then the
    address the outermost of them saw, i.e. that many entries from the right of X-Forwarded-For. Entries further
    left are whatever the client chose to send and are never trusted: the audit log and the public pages'
    throttle would otherwise record or count an address the client made up."""
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    address = request.META.get("REMOTE_ADDR") or None
    if trusted > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= trusted:
            address = hops[-trusted]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


# A cookie that outlives the session and says only "signed in on this browser, not signed out": when a request
# comes without a session but with it, the session ended by itself (idle timeout, or the browser closed) and the
# login page can say so. It holds no identity; signing out removes it. When the account itself ended the session
# (disabled, or its password changed, e.g. reset by the system admin), the cookie says that instead, so the user
# is not told "登录已超时" and left to retry a password that no longer works.
SIGNED_IN_COOKIE = "sw_signed_in"
SIGNED_IN_COOKIE_AGE = 24 * 60 * 60
ENDED_TIMEOUT = "1"  # also the value while signed in
ENDED_DISABLED = "disabled"
ENDED_PASSWORD = "password"
ENDED_RESET = "reset"  # the system admin reset the password: a new one, usable once the security admin approves
ENDED_CHANGED = "changed"  # role or scope changed: waiting for the security admin's approval
ENDED_REFUSED = "refused"  # the security admin refused the account
ENDED_FORCED = "forced"  # the security admin ended the session (强制下线, accounts.sessions)
ENDED_BY_OWNER = "owner"  # the user ended it from another of their sessions
_ENDED = (
    ENDED_TIMEOUT, ENDED_DISABLED, ENDED_PASSWORD, ENDED_RESET, ENDED_CHANGED, ENDED_REFUSED, ENDED_FORCED,
    ENDED_BY_OWNER,
)  # fmt: skip


def session_end_reason(request: HttpRequest) -> str:
    """Why the visitor's last session on this browser ended without signing out (ENDED_*), or ""."""
    value = request.COOKIES.get(SIGNED_IN_COOKIE, "")
    return value if not request.user.is_authenticated and value in _ENDED else ""


def _record_timeout(user_id: object) -> None:
    """The audit log says a session ended by the idle timeout (it said nothing, as if the user were still in)."""
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if user is not None:
        minutes = current_policy().idle_minutes
        audit_record(actor=user, action="auth.timeout", summary=f"{minutes}分钟无操作，自动退出登录", target=user)


# Why the account ended a session, as the audit log says it (auth.session_ended).
ENDED_WORDS = {
    ENDED_DISABLED: "账号已停用",
    ENDED_PASSWORD: "密码已修改",
    ENDED_RESET: "密码已被系统管理员重置，待安全管理员审核",
    ENDED_CHANGED: "角色或管辖区划已变更，待安全管理员审核",
    ENDED_REFUSED: "账号未通过安全管理员审核",
}


def _record_ended(user_id: object, ended: str) -> None:
    """The audit log says a session was ended by a change to its account, with the reason: the user was working,
    and the log otherwise shows a login and nothing after it."""
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        summary = f"会话已终止：{ENDED_WORDS.get(ended, '账号状态已变更')}"
        audit_record(
            actor=None, actor_username=user.username, action="auth.session_ended", summary=summary, target=user
        )


def _ended_by_account(user_id: object) -> str:
    """The session named this account and it no longer opens it: disabled (the password backend's get_user),
    waiting for or refused the security admin's approval (get_user too; accounts.approvals), or a password other
    than the one it was opened with (Django flushes such a session)."""
    user = User.objects.filter(pk=user_id).only("is_active", "approval", "approval_pending").first()
    if user is None or not user.is_active:
        return ENDED_DISABLED
    if login_refusal(user):
        return {Approval.RESET: ENDED_RESET, Approval.REFUSED: ENDED_REFUSED}.get(user.approval, ENDED_CHANGED)
    return ENDED_PASSWORD


# When the session last saw a request (Unix seconds): the idle timeout counts from it.
LAST_SEEN_KEY = "sw_last_seen"


def session_check(request: HttpRequest) -> bool:
    """A page asking whether its session is still signed in (accounts.views_session, ?check=1): no activity of its
    user, so it does not count as a request for the idle timeout, or an open page would keep its session forever."""
    return request.GET.get("check") == "1" and request.path == reverse("accounts:session_ping")


class IdleTimeoutMiddleware:
    """Sessions end after N idle minutes (SecurityPolicy.idle_minutes), counted on the server from the session's
    last request, and when the browser closes: the session cookie carries no expiry (SESSION_EXPIRE_AT_BROWSER_CLOSE;
    setting the expiry in seconds on each request, as before, made it a persistent cookie that survived closing the
    browser on a shared village or township computer)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        page = not request.path.startswith(_PUBLIC_PREFIXES)
        # Read before request.user is resolved: Django forgets the account of a session it refuses.
        claimed = request.session.get(SESSION_KEY) if page else None
        now = int(timezone.now().timestamp())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > current_policy().idle_minutes * 60:
            # Idle too long: signed out here, before request.user is read; the cookie below still says "signed in",
            # so the login page says 登录已超时.
            request.session.flush()
            _record_timeout(claimed)
            claimed = None
        was_signed_in = request.user.is_authenticated
        ended = _ended_by_account(claimed) if claimed is not None and not was_signed_in else ""
        if ended:
            request.session.flush()  # a disabled account's session would otherwise linger until it expires
            _record_ended(claimed, ended)
        elif page and not was_signed_in and request.COOKIES.get(SIGNED_IN_COOKIE) == ENDED_TIMEOUT:
            # No session, though this browser was signed in: ended by hand (recorded then), or it timed out.
            by = session_ended_by_hand(request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""))
            ended = (ENDED_FORCED if by == ENDED_BY_ADMIN else ENDED_BY_OWNER) if by else ""
        if was_signed_in and not request.path.startswith("/static/") and not session_check(request):
            request.session[LAST_SEEN_KEY] = now
        response = self.get_response(request)
        if SESSION_KEY in request.session and LAST_SEEN_KEY not in request.session:
            # Signed in by this request. Only a session login counts: an API token authenticates request.user in
            # DRF too, and writing here would save a new session row (and set a cookie) on every token request.
            request.session[LAST_SEEN_KEY] = now
        if request.user.is_authenticated and not request.path.startswith("/static/") and not session_check(request):
            session_seen(request)  # the session lists' last activity (a session login only)
        if not page:
            return response
        if request.user.is_authenticated or ended:  # after the view: a login sets it, a logout clears it
            response.set_cookie(
                SIGNED_IN_COOKIE,
                ENDED_TIMEOUT if request.user.is_authenticated else ended,
                max_age=SIGNED_IN_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif was_signed_in:
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login except those marked @login_not_required; the API answers 401 itself."""

    def process_view(self, request, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if request.path.startswith(_PUBLIC_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def password_expired(user: object) -> bool:
    if getattr(user, "must_change_password", False):
        return True
    changed = getattr(user, "password_changed_at", None)
    if changed is None:
        return True
    return timezone.now() - changed > timedelta(days=current_policy().password_max_age_days)


class PasswordPolicyMiddleware:
    """Forces the password change at first login and when the password is older than the policy allows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and password_expired(user):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MSG_PASSWORD_EXPIRED_API}, status=403)
            if request.path not in allowed and not request.path.startswith(_PUBLIC_PREFIXES):
                return redirect("accounts:password_change")
        return self.get_response(request)
