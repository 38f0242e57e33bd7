"""Request-wide policy: client address for the audit log, idle timeout, login required, password age."""

import ipaddress
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from accounts.context import current_ip
from accounts.policy import current_policy

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
# login page can say so. It holds no identity; signing out removes it.
SIGNED_IN_COOKIE = "sw_signed_in"
SIGNED_IN_COOKIE_AGE = 24 * 60 * 60


def session_timed_out(request: HttpRequest) -> bool:
    """The visitor had a session on this browser that ended without signing out."""
    return not request.user.is_authenticated and request.COOKIES.get(SIGNED_IN_COOKIE) == "1"


class IdleTimeoutMiddleware:
    """Sessions end after N idle minutes (SecurityPolicy.idle_minutes): the expiry slides on each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        page = not request.path.startswith(_PUBLIC_PREFIXES)
        was_signed_in = request.user.is_authenticated
        if was_signed_in and not request.path.startswith("/static/"):
            request.session.set_expiry(current_policy().idle_minutes * 60)
        response = self.get_response(request)
        if not page:
            return response
        if request.user.is_authenticated:  # after the view: a login sets it, a logout clears it
            response.set_cookie(
                SIGNED_IN_COOKIE,
                "1",
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
