"""The error pages people see, in Chinese (config/urls.py handler404, handler500). Out of scope is a 404 too
(accounts/scoping.py), so the 404 page never says whether a record exists."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader

from config.errors import NotFound

MSG_NOT_FOUND = "您要找的页面不存在，或不在您的管辖范围内。"


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    reason = str(exception) if isinstance(exception, NotFound) else MSG_NOT_FOUND
    return HttpResponseNotFound(loader.render_to_string("404.html", {"reason": reason}, request))


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context: whatever failed (the database, a context processor) may fail again.
    return HttpResponseServerError(loader.render_to_string("500.html"))
