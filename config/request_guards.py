"""Requests refused before any view: a NUL byte in the query string, which PostgreSQL refuses in a text literal
(a 500 on every filter that passes the value on). Under /api/ the answer is JSON in the API's shape."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

MSG_NUL = "请求参数中含有非法字符（空字符 \\x00），已拒绝。"


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MSG_NUL}, status=400)
            return HttpResponse(MSG_NUL, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
