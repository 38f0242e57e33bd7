"""API plumbing shared by every app: pagination and the one exception handler (STYLE.md §6)."""

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, NoReturn

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.refusals import API_DENIED, denied_record
from config.api_dates import refuse_reversed_filters
from config.api_fields import CodeRelatedField as CodeRelatedField  # re-exported for the apps' serializers
from config.api_fields import install as install_field_messages
from config.api_ids import ScopedIdFilterSet
from config.api_no_body import install as install_no_body_check
from config.api_wording import api_worded
from config.errors import AlreadyRecorded, ApplicationError, Busy, Conflict, Gone
from config.throttling import MSG_THROTTLED

MSG_NOT_FOUND = "未找到该记录，或您无权查看。"
MSG_PERMISSION_DENIED = "您没有执行此操作的权限。"
MSG_NOT_AUTHENTICATED = "请先登录。"
MSG_BAD_DATE = "“{value}”不是有效的日期，应为 YYYY-MM-DD（如 2026-12-03）。"
MSG_BAD_CHOICE = "“{value}”不是可用的取值，可用：{allowed}。"
MSG_BAD_BODY = "请求体无法解析：不是有效的 JSON，或与 Content-Type 声明的格式不符。"
MSG_INVALID = "提交的数据有误，请检查后重试。"
MSG_BAD_REGION = "“{value}”不是您管辖范围内的{level}区划代码。"
MSG_NO_DATA = "请求体为空（或为 null）：应为 JSON 对象，如 {…}。"
MSG_UNKNOWN_PARAM = "本接口没有“{name}”这个查询参数（是否拼写有误？），可用：{allowed}。"
# Understood by every endpoint besides its filters: DRF's format override; and by a paginated list, its pages.
COMMON_PARAMS = ("page", "page_size", "format")
PAGE_PARAMS = ("page", "page_size")

install_field_messages()  # every request body's choice fields name the allowed values (config.api_fields)
install_no_body_check()  # a write that takes no body refuses one (config.api_no_body)


class SelectorFilterSet(django_filters.FilterSet):
    """Query parameters checked by their filters (a bad value is a 400 naming the parameter), filtered by the
    app's selector, which the list page shares: declare each filter with method="noop" and write select()."""

    def noop(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset

    def cleaned(self) -> dict[str, Any]:
        """The parameters given, valid; {} when one is not (the 400 is raised before the list is read)."""
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")} if self.is_valid() else {}

    def select(self, filters: dict[str, Any]) -> Any:
        raise NotImplementedError

    @property
    def qs(self) -> Any:
        return self.select(self.cleaned())


YES_VALUES = ("yes", "true", "1")
NO_VALUES = ("no", "false", "0")
MSG_BAD_YES = "“%(value)s”不是可用的取值，可用：{allowed}。"
MSG_NO_NOT_A_FILTER = "（本参数只能筛选“是”；不筛选时请不带此参数）"


class _YesField(forms.TypedChoiceField):
    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().lower()  # Python's requests sends True as "True"


class YesFilter(django_filters.TypedChoiceFilter):
    """A flag parameter: yes, true or 1 keeps those that `help_text` says. A flag given `no` (what its "no" keeps)
    also takes no, false or 0, cleaned to False, which its selector reads as "no"; on the others these are a 400
    listing the values taken, as any other value is: "no" was read as "not given", so ?monitored=false returned
    every household, monitored ones included, to a script asking for the others."""

    field_class = _YesField

    def __init__(self, *, help_text: str, no: str = "", **kwargs: Any) -> None:
        values = YES_VALUES + (NO_VALUES if no else ())
        choices = [(value, "是" if value in YES_VALUES else "否") for value in values]
        allowed = "、".join(values) + ("" if no else MSG_NO_NOT_A_FILTER)
        kwargs.setdefault("error_messages", {"invalid_choice": MSG_BAD_YES.format(allowed=allowed)})
        help_text = f"{'/'.join(YES_VALUES)}：{help_text}；" + (
            f"{'/'.join(NO_VALUES)}：{no}" if no else "不筛选时不带此参数（no/false/0 为400）"
        )
        super().__init__(
            choices=choices,
            coerce=lambda value: value in YES_VALUES,
            empty_value=None,
            help_text=help_text,
            **kwargs,
        )


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing a query parameter that the list's filters do not know: a misspelt
    filter (?villge=…) was ignored and the whole list came back as if filtered, which a script reading the county's
    data would take for the answer. A list without a filter set reads its own parameters: those it declares in
    `query_params_known` (none by default), the others are refused the same way. A list's `filterset_fields` on a
    foreign key take only ids the caller may see (config.api_ids). A date range given the wrong way round (x_from
    after x_to) is a 400 at x_to (config.api_dates)."""

    filterset_base = ScopedIdFilterSet

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            refuse_reversed_filters(filterset)
        return filterset

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            refuse_unknown_params(request, filter_params(filterset_class), paged=paginates(view))
        elif getattr(view, "action", None) == "list":
            # Only the list: a record's detail or an action reads the list's parameters nowhere.
            refuse_unknown_params(request, getattr(view, "query_params_known", ()), paged=paginates(view))
        return super().filter_queryset(request, queryset, view)


# For a view that reads its own query parameters (`query_params_known`) outside a filter set: an APIView, which
# has no filter backend, or a list that validates a parameter itself. An unknown parameter is refused before any
# is read, so the 400 names the misspelt one rather than a required one it stood for (?quater= for ?quarter=).
# Checked for GET on an APIView or a viewset's list; an action reading parameters calls refuse_unknown_params.
# A comment, not a docstring: drf-spectacular describes a view without a docstring of its own by the first one up its
# classes, and this English text documented the report endpoints in /api/v1/docs/.
class KnownQueryParamsMixin:
    query_params_known: tuple[str, ...] = ()

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # authentication and permissions first
        if request.method in ("GET", "HEAD") and getattr(self, "action", "list") == "list":
            refuse_unknown_params(request, self.known_query_params(), paged=paginates(self))

    def known_query_params(self) -> tuple[str, ...]:
        """The parameters this user may send, those a refusal lists: `query_params_known` unless a view narrows it."""
        return self.query_params_known


def paginates(view: Any) -> bool:
    """Whether the view answers in pages (StandardPagination: a generic view or viewset, unless its pagination_class
    is None, or an APIView with PaginatedApiMixin): only such a view reads page and page_size. A fixed list (the
    monitoring lines, the feed types) or a report (the dashboard) is answered whole; ?page=2 there was accepted and
    ignored, and the refusal of a misspelt parameter named page and page_size as usable."""
    return getattr(view, "pagination_class", None) is not None


def refuse_unknown_params(request: Any, known: Iterable[str], *, paged: bool = True) -> None:
    """A 400 in Chinese naming the first query parameter not in `known` (nor COMMON_PARAMS; nor page and page_size
    when the answer is not `paged`) and the allowed ones."""
    common = COMMON_PARAMS if paged else tuple(name for name in COMMON_PARAMS if name not in PAGE_PARAMS)
    allowed = [*known, *common]
    for name in request.query_params:
        if name not in allowed:
            shown = name[:40]
            raise exceptions.ValidationError(
                {shown: [MSG_UNKNOWN_PARAM.format(name=shown, allowed="、".join(allowed))]}
            )


def filter_params(filterset_class: Any) -> list[str]:
    """The query parameters a filter set reads: a filter's name, or its suffixed names (a lookup choice)."""
    names = []
    for name, item in filterset_class.base_filters.items():
        widget = item.field.widget
        suffixes = getattr(widget, "suffixes", None)
        names += [widget.suffixed(name, suffix) for suffix in suffixes] if suffixes else [name]
    return names


MSG_BAD_PAGE_SIZE = "每页条数应为正整数（1–{cap}），不能是“{value}”。"
MSG_PAGE_SIZE_TOO_LARGE = "每页条数最多{cap}条，不能是“{value}”：请分页读取（page=2、3…）。"


class StandardPagination(PageNumberPagination):
    """Every list's pages: {count, next, previous, results}. A page past the end (or not a number) is a 404; a
    page_size that is not a positive whole number is a 400 (it was read as the default 50, so a script asking for
    page_size=0 or abc got a page it had not asked for); one above max_page_size is a 400 stating the maximum (it was
    served at the cap, and the `next` link kept the size asked for, so a script took 500 rows for the whole list)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = "没有第“{page_number}”页：页码应为从1到末页的整数。"

    def get_page_size(self, request: Any) -> int:
        value = (request.query_params.get(self.page_size_query_param) or "").strip()
        if not value:
            return self.page_size
        if not value.isascii() or not value.isdigit() or int(value) == 0:
            message = MSG_BAD_PAGE_SIZE.format(cap=self.max_page_size, value=value[:20])
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        if int(value) > self.max_page_size:
            message = MSG_PAGE_SIZE_TOO_LARGE.format(cap=self.max_page_size, value=value[:20])
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(value)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = "页码，从1开始；超出末页为404"
            elif parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"每页条数，默认{self.page_size}，最多{self.max_page_size}；须为1到{self.max_page_size}的整数，"
                    "否则为400"
                )
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters


# For an APIView that returns a list: the list paginated by StandardPagination, as a viewset's list is
# ({count, next, previous, results}), with the same 404 past the end and 400 for a bad page_size.
# The schema shows the pagination for a response declared as a list (Serializer(many=True)). A response with a
# summary beside the list (an entry's counts per township) declares a PageSerializer and page_parameters().
# A comment, not a docstring, for the reason given at KnownQueryParamsMixin.
class PaginatedApiMixin:
    pagination_class = StandardPagination

    def paginated(self, request: Any, items: Any, serializer_class: Any) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(items, request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)

    def paginated_with(self, request: Any, items: Any, serializer_class: Any, summary: dict[str, Any]) -> Response:
        """One page of `items` as `results` of `serializer_class` (a PageSerializer), the summary beside it."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(items, request, view=self)
        links = {"next": paginator.get_next_link(), "previous": paginator.get_previous_link()}
        data = {**summary, "count": paginator.page.paginator.count, **links, "results": page}
        return Response(serializer_class(data).data)


class PageSerializer(serializers.Serializer):
    """What StandardPagination puts around a page, for a response with a summary beside the list: a subclass
    declares its summary fields and `results`."""

    count = serializers.IntegerField(help_text="总条数")
    next = serializers.URLField(allow_null=True, help_text="下一页地址（末页为 null）")
    previous = serializers.URLField(allow_null=True, help_text="上一页地址（首页为 null）")


def page_parameters() -> list[Any]:
    """page and page_size, described as StandardPagination's schema describes them (for an APIView whose response
    is not declared as a plain list)."""
    return [
        OpenApiParameter(item["name"], int, description=item["description"])
        for item in StandardPagination().get_schema_operation_parameters(None)
    ]


def strict_boolean_filter(label: str) -> django_filters.TypedChoiceFilter:
    """A yes/no filter that refuses any other value with a 400 (django-filter's own boolean filter reads an
    unknown value as "not given" and returns everything)."""
    return django_filters.TypedChoiceFilter(
        label=label, choices=[("true", "是"), ("false", "否")], coerce=lambda value: value == "true"
    )


def refuse_param(name: str, message: str) -> NoReturn:
    """A 400 in Chinese naming the query parameter (a filter given a value it cannot use, found after parsing)."""
    raise exceptions.ValidationError({name: [message]})


def choice_param(request: Any, name: str, allowed: Iterable[str]) -> str:
    """A query parameter that must be one of `allowed`: "" when absent, a 400 in Chinese naming the parameter and
    the values it takes otherwise (a filter that silently matched nothing looked like an empty county)."""
    value = (request.query_params.get(name) or "").strip()
    allowed = list(allowed)
    if value and value not in allowed:
        raise exceptions.ValidationError({name: [MSG_BAD_CHOICE.format(value=value[:20], allowed="、".join(allowed))]})
    return value


def date_param(request: Any, name: str) -> dt.date | None:
    """A query parameter that is a date (YYYY-MM-DD): None when absent, a 400 in Chinese naming it otherwise."""
    value = (request.query_params.get(name) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise exceptions.ValidationError({name: [MSG_BAD_DATE.format(value=value[:20])]}) from None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain errors and Django's own to DRF responses whose messages are Chinese."""
    if isinstance(exc, AlreadyRecorded):
        extra = {"id": exc.record.pk, **_record_url(exc.record, context.get("view"))}
        return Response({"detail": exc.text, "extra": extra}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail: Any = api_error_shape(exc.message_dict) if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Conflict):
        return Response({"detail": exc.message, "extra": exc.extra}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, Busy):
        headers = {"Retry-After": str(exc.retry_after)}
        return Response({"detail": exc.message}, status=status.HTTP_429_TOO_MANY_REQUESTS, headers=headers)
    elif isinstance(exc, Gone):
        return Response({"detail": exc.message}, status=status.HTTP_410_GONE)
    elif isinstance(exc, ApplicationError):
        return Response({"detail": exc.message, "extra": exc.extra}, status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(MSG_NOT_FOUND)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or MSG_PERMISSION_DENIED)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled) and exc.detail == exceptions.Throttled(wait=exc.wait).detail:
        # DRF's words ("Request was throttled…", half translated); a view's own (the token's) are kept.
        response.data = {"detail": MSG_THROTTLED.format(seconds=exc.wait or 1)}
    elif isinstance(exc, exceptions.NotAuthenticated):
        response.data = {"detail": MSG_NOT_AUTHENTICATED}
    elif isinstance(exc, exceptions.ParseError):
        response.data = {"detail": MSG_BAD_BODY}
    elif isinstance(exc, exceptions.ValidationError) and not isinstance(response.data, dict):
        response.data = {"detail": MSG_INVALID, "errors": response.data}
    elif isinstance(exc, exceptions.ValidationError):
        _word_no_data(response.data)
    elif isinstance(exc, exceptions.PermissionDenied) and response.status_code == status.HTTP_403_FORBIDDEN:
        # 越权操作被拒绝 in the audit log, as a refused page is (accounts.refusals; not a 401 or a 404).
        denied_record(context["request"], exc.detail, action=API_DENIED)
    if isinstance(exc, exceptions.ValidationError):
        api_worded(response.data)  # what a page's message says to do there, in the API's words (config.api_wording)
    return response


# A service's errors for the rows of a list it was given, keyed as the page's formset names them (members-0-name).
ROW_KEY = re.compile(r"^(?P<list>[a-z_]+)-(?P<index>\d+)-(?P<field>\w+)$")


def _record_url(record: Any, view: Any) -> dict[str, str]:
    """{"url": the record's own address} on an endpoint that reads single records of its kind (a client polls an
    upload's status there); {} elsewhere."""
    serializer = getattr(view, "serializer_class", None)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or not isinstance(record, model) or not hasattr(view, "retrieve"):
        return {}
    return {"url": view.reverse_action("detail", args=[record.pk])}


def api_error_shape(errors: dict[str, list[str]]) -> dict[str, Any]:
    """A service's ValidationError in the shape DRF gives a serializer's: a list's rows nested by their index as
    strings ({"members": {"0": {"id_number": [...]}}}), errors of no field (Django's "__all__") under DRF's
    non-field key ("non_field_errors"), as a nested serializer's are; the other fields as they are."""
    shaped: dict[str, Any] = {}
    for key, messages in errors.items():
        match = ROW_KEY.match(key)
        if key == NON_FIELD_ERRORS:
            shaped.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(messages)
        elif match:
            row = shaped.setdefault(match["list"], {}).setdefault(match["index"], {})
            row.setdefault(match["field"], []).extend(messages)
        else:
            shaped.setdefault(key, []).extend(messages)
    return shaped


def _word_no_data(data: dict[str, Any]) -> None:
    """A serializer given a null body says "No data provided" (DRF's, with no translation): say it in Chinese."""
    errors = data.get(api_settings.NON_FIELD_ERRORS_KEY)
    if isinstance(errors, list) and any(getattr(error, "code", None) == "null" for error in errors):
        data[api_settings.NON_FIELD_ERRORS_KEY] = [
            exceptions.ErrorDetail(MSG_NO_DATA, code="null") if getattr(error, "code", None) == "null" else error
            for error in errors
        ]
