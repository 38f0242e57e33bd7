"""How the API answers: JSON only, in Chinese. The browsable API (Django REST framework's English HTML page,
"Household List") is not served: a browser opening /api/v1/households/ gets the JSON, the documentation is the
schema's page (/api/v1/docs/). An unsupported ?format= (csv, xlsx, html…) or an Accept header the API cannot meet
is a 406 saying so, not DRF's 404 (which the exception handler words as 未找到该记录). OPTIONS names each field by
its Chinese label or help text where the serializer gives only its English name ("Number", "ID"), else by the
model field's verbose name. Every time is given in Beijing time (+08:00): a serializer's DateTimeField converts to
the current time zone, and the renderer's encoder does the same for a time a view puts in its answer as it is (a
token's expires_at was "…Z")."""

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from rest_framework import exceptions, renderers
from rest_framework.metadata import SimpleMetadata
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils import encoders

MSG_BAD_FORMAT = "接口不支持“{format}”格式，只返回 JSON：请去掉 format 参数，或使用 format=json。"
MSG_NOT_ACCEPTABLE = "接口只返回 JSON（application/json），请求头 Accept 中没有可以返回的格式。"
# Labels DRF makes from a field's name when nothing better is declared, in words.
FIELD_LABELS = {"ID": "编号", "Id": "编号"}
DISPLAY = "_display"  # household_type_display: the words of household_type's code


class LocalTimeEncoder(encoders.JSONEncoder):
    def default(self, obj: Any) -> Any:
        if isinstance(obj, dt.datetime) and timezone.is_aware(obj):
            return timezone.localtime(obj).isoformat()
        return super().default(obj)


class JSONRenderer(renderers.JSONRenderer):
    encoder_class = LocalTimeEncoder


class JsonNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers: list[Any], format: str) -> list[Any]:
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            raise exceptions.NotAcceptable(MSG_BAD_FORMAT.format(format=format[:20]))
        return found

    def select_renderer(self, request: Any, renderers: list[Any], format_suffix: str | None = None) -> Any:
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable as error:
            if error.detail == exceptions.NotAcceptable.default_detail:
                raise exceptions.NotAcceptable(MSG_NOT_ACCEPTABLE) from error
            raise


class ChineseMetadata(SimpleMetadata):
    """OPTIONS: a field whose label is only its name made readable (ASCII) is named by its help text, if Chinese,
    and a code's words (x_display) after the code's field (户类型 → 户类型名称)."""

    def get_field_info(self, field: Any) -> dict[str, Any]:
        info = super().get_field_info(field)
        label = str(info.get("label") or "")
        if label.isascii():
            help_text = str(info.get("help_text") or "")
            words = FIELD_LABELS.get(label) or (help_text.split("（")[0].split("；")[0] if help_text else "")
            words = words or _model_field_name(field)
            if not words and field.field_name.endswith(DISPLAY):
                base = getattr(field.parent, "fields", {}).get(field.field_name.removesuffix(DISPLAY))
                words = f"{base.label}名称" if base is not None and base.label else ""
            if words and not words.isascii():
                info["label"] = words
        return info


def _model_field_name(field: Any) -> str:
    """The model field's verbose name, for a field a ModelSerializer declares over it (feed_type → 数据类型)."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source.isidentifier():
        return ""
    try:
        return str(model._meta.get_field(source).verbose_name)
    except FieldDoesNotExist:
        return ""


SUFFIXES = {"List": "列表", "Instance": "详情"}
CLAUSE_ENDS = "：。；（，\n"


def _first_clause(text: str | None) -> str:
    """The words before a docstring's first colon or stop (集中排查：名称、阶段… → 集中排查), if Chinese and short."""
    text = (text or "").strip()
    for mark in CLAUSE_ENDS:
        text = text.split(mark)[0]
    text = text.strip()
    return text if text and not text.isascii() and len(text) <= 24 else ""


def _model_words(view: Any) -> str:
    queryset = getattr(view, "queryset", None)
    model = getattr(queryset, "model", None) or getattr(
        getattr(getattr(view, "serializer_class", None), "Meta", None), "model", None
    )
    return str(model._meta.verbose_name) if model is not None else ""


def view_name(view: Any) -> str:
    """VIEW_NAME_FUNCTION: OPTIONS names a view in Chinese (农户列表, 集中排查详情), not DRF's "Household List": an
    action by its own docstring's first words, a view by its class docstring's (or its model's name), with 列表 or 详情
    for a viewset's list or record. DRF's English name where the view says nothing in Chinese."""
    from rest_framework.views import get_view_name

    description = getattr(view, "description", None)  # an extra action's docstring (DRF passes it per action)
    if words := _first_clause(description):
        return words
    words = _first_clause(view.__class__.__doc__) or _model_words(view)
    if not words:
        return get_view_name(view)
    return words + SUFFIXES.get(getattr(view, "suffix", None) or "", "")
