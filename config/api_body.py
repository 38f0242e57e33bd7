"""Every request body's fields checked against its serializer: a field it does not have (aproval_number for
approval_number, note for notes) is a 400 in Chinese naming it and the fields taken, rather than a 200 or 201 with
what the caller meant silently dropped, which a clerk's integration took for saved.

Installed on DRF's Serializer, once (config.api_fields.install), rather than through a base class of our own: every
serializer that reads a body (those declared, ModelSerializers, a row of a nested list) has it without being told,
so a new one cannot go without. Only a body is ever checked: a serializer's to_internal_value reads nothing else
(query parameters have their own check, config.api.refuse_unknown_params).

The top-level object's unknown fields are refused before any of its fields is read (the 400 names the misspelt field
rather than a required one it stood for); a nested object's (a member row of a new household) where DRF reports that
row's errors, the message naming its place in the body: 未知字段：members[2].nmae（…）. A read-only field sent back
(a script echoing what it read) is the serializer's own to ignore or refuse (households.api_fields.PatchFieldsGuard).
A form or multipart body passes its files, DRF's form fields (FORM_EXTRAS) and a nested field's form keys
(members[0]name, household.address): the nested serializer checks what they name."""

import re
from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.utils import html

MSG_UNKNOWN_FIELD = "未知字段：{name}（是否拼写有误？本接口可填写：{allowed}）。"
MSG_UNKNOWN_NESTED_FIELD = "未知字段：{name}（是否拼写有误？此处可填写：{allowed}）。"
UNKNOWN_FIELD_CODE = "unknown_field"
# Sent by a browser's form or DRF's browsable API beside the body's fields, never a field of ours.
FORM_EXTRAS = frozenset({"format", "csrfmiddlewaretoken", "_method", "_content", "_content_type"})
# A form's key for a nested field (DRF's html.parse_html_list and parse_html_dict): members[0]name, address.village.
_FORM_NESTED_KEY = re.compile(r"^(?P<field>[^\[\].]+)(?:\[\d+\]|\.)")
_NAME_SHOWN = 40

_drf_to_internal_value = serializers.Serializer.to_internal_value


def unknown_fields(serializer: serializers.Serializer, data: Any) -> dict[str, list[ErrorDetail]]:
    """{name: [message]} for each key of `data` that `serializer` has no field for; {} when there is none.
    A serializer may word the refusal itself (`unknown_field_message`, formatted with name and allowed)."""
    fields = serializer.fields
    top = serializer.parent is None
    form = html.is_html_input(data)
    unknown = [str(key)[:_NAME_SHOWN] for key in data if not _known(str(key), fields, top=top, form=form)]
    if not unknown:
        return {}
    default = MSG_UNKNOWN_FIELD if top else MSG_UNKNOWN_NESTED_FIELD
    message = getattr(serializer, "unknown_field_message", None) or default
    allowed = "、".join(name for name, field in fields.items() if not field.read_only)
    return {
        name: [ErrorDetail(message.format(name=name, allowed=allowed), code=UNKNOWN_FIELD_CODE)] for name in unknown
    }


def _known(key: str, fields: Any, *, top: bool, form: bool) -> bool:
    if key in fields or (top and key in FORM_EXTRAS):
        return True
    nested = _FORM_NESTED_KEY.match(key) if form else None
    return nested is not None and nested["field"] in fields


def checked_to_internal_value(self: serializers.Serializer, data: Any) -> Any:
    """DRF's Serializer.to_internal_value, refusing the unknown fields of `data` first (see the module)."""
    if isinstance(data, Mapping) and (errors := unknown_fields(self, data)):
        raise serializers.ValidationError(errors)
    if self.parent is not None:
        return _drf_to_internal_value(self, data)
    try:
        return _drf_to_internal_value(self, data)
    except serializers.ValidationError as error:
        name_nested_places(error.detail)
        raise


def name_nested_places(detail: Any, place: str = "") -> None:
    """In a body's errors, each nested unknown field's message names its place: members[2].nmae, not nmae. A list's
    rows are keyed by their index (DRF's dict of rows) or placed at it (its list of rows)."""
    if isinstance(detail, Mapping):
        items: Any = [(_step(place, key), key, value) for key, value in detail.items()]
    elif isinstance(detail, list):
        items = [(f"{place}[{index}]", index, value) for index, value in enumerate(detail)]
    else:
        return
    for here, key, value in items:
        if isinstance(value, list) and place:
            for position, message in enumerate(value):
                if isinstance(message, ErrorDetail) and message.code == UNKNOWN_FIELD_CODE:
                    text = str(message).replace(f"：{key}（", f"：{here}（", 1)
                    value[position] = ErrorDetail(text, code=UNKNOWN_FIELD_CODE)
        name_nested_places(value, here)


def _step(place: str, key: Any) -> str:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit() and place):
        return f"{place}[{key}]"
    return f"{place}.{key}" if place else str(key)


def install() -> None:
    serializers.Serializer.to_internal_value = checked_to_internal_value  # type: ignore[method-assign]
