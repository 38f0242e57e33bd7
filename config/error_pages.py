"""The error pages people see, in Chinese (config/urls.py handler403, handler404, handler500). Out of scope is a 404 too
(accounts/scoping.py), so the 404 page never says whether a record exists. Under /api/ the answer is JSON in the
API's shape ({"detail": …}): a client parses it, and an unknown endpoint must not answer with a web page."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults

from accounts.refusals import denied_record
from config.errors import NotFound

MSG_NOT_FOUND = "您要找的页面不存在，或不在您的管辖范围内。"
MSG_API_NOT_FOUND = "接口地址不存在，请核对路径（接口说明见 /api/v1/docs/）。"
MSG_API_SERVER_ERROR = "服务器处理出错，请稍后重试；如反复出现，请联系系统管理员。"
API_PREFIX = "/api/"


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": MSG_API_NOT_FOUND}, status=404)
    reason = str(exception) if isinstance(exception, NotFound) else MSG_NOT_FOUND
    return HttpResponseNotFound(loader.render_to_string("404.html", {"reason": reason}, request))


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """Django's 403 page, after recording the refusal of a signed-in user in the audit log (accounts.refusals)."""
    denied_record(request, exception)
    return defaults.permission_denied(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": MSG_API_SERVER_ERROR}, status=500)
    # Rendered without the request's context: whatever failed (the database, a context processor) may fail again.
    return HttpResponseServerError(loader.render_to_string("500.html"))
