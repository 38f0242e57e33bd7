"""The answer to a form or session API call whose CSRF token is stale or missing, in Chinese (review admins finding
12): most often a page left open past its login, or a second login tab. Django's own page explains CSRF in English
to a cadre who only needs to reload the page; DRF's says "CSRF Failed: …"."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

MSG_CSRF_PAGE = "页面已过期，请刷新后重新提交。"
MSG_CSRF_API = (
    "安全校验失败（CSRF）：页面已过期，请刷新页面后重新提交；"
    "接口脚本请使用令牌认证（Authorization: Token <令牌> 或 Authorization: Bearer <令牌>）。"
)


def _back_url(request: HttpRequest) -> str:
    """The page the form was on, when it is one of ours; else the home page (the login page when signed out)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return reverse("home") if request.user.is_authenticated else reverse("accounts:login")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW. The reason stays out of the page: it is Django's English, for developers."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": MSG_CSRF_API}, status=403)
    context = {"message": MSG_CSRF_PAGE, "back_url": _back_url(request)}
    return render(request, "accounts/csrf_failure.html", context, status=403)


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, refusing a write without a valid CSRF token in Chinese."""

    def enforce_csrf(self, request: HttpRequest) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as error:
            raise exceptions.PermissionDenied(MSG_CSRF_API) from error


class SessionAuthenticationScheme(SessionScheme):
    """The API schema describes it as DRF's session cookie (drf-spectacular knows only DRF's own class)."""

    target_class = "accounts.csrf.SessionAuthentication"
