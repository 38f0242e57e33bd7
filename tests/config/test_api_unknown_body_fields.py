"""Every write operation of the API (POST, PUT, PATCH in the generated OpenAPI schema) refuses a body field its
serializer does not have with a 400 in Chinese naming it (config.api_body), and a nested row's unknown field names
the row (members[0].zz_row_field): a clerk's integration sending aproval_number got a 200 with nothing saved.

The walk takes each operation's request serializer as drf-spectacular documents it and validates a body with one
unknown field through it; a new endpoint is walked without being listed here. A write documented with no body at all
(a POST action reading no serializer, a DELETE) refuses any body, naming what was sent (config.api_no_body): its
walk sends {"zz_unknown_field": 1} through the real view."""

import inspect
import json
import re
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from config.api_no_body import MSG_NO_BODY

pytestmark = pytest.mark.django_db

WRITES = ("POST", "PUT", "PATCH")
PATH_PARAMETER = re.compile(r"\{[^}]+\}")
UNKNOWN = "zz_unknown_field"
ROW_UNKNOWN = "zz_row_field"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def request_serializers() -> dict[tuple[str, str], Any]:
    """{(method, path): the request serializer} of every write operation with a body, as the schema has it."""
    seen: dict[tuple[str, str], Any] = {}
    original = AutoSchema._get_request_for_media_type

    def recording(self: AutoSchema, serializer: Any, direction: str = "request") -> Any:
        if direction == "request" and self.method in WRITES and serializer is not None:
            seen.setdefault((self.method, self.path), serializer)
        return original(self, serializer, direction)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AutoSchema, "_get_request_for_media_type", recording)
        SchemaGenerator().get_schema(request=None, public=True)
    return seen


@pytest.fixture(scope="module")
def bodyless_operations() -> list[tuple[str, str]]:
    """(method, path) of every write operation (DELETE too) the schema documents with no request body."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method.upper() in (*WRITES, "DELETE") and "requestBody" not in operation
    ]


def bound(serializer: Any, data: Any, *, method: str, user: Any) -> serializers.BaseSerializer:
    """A new serializer of the documented one's kind, given `data` as a request's body would be."""
    request = Request(APIRequestFactory().generic(method, "/api/v1/"))
    request.user = user
    context = {"request": request, "view": None, "member": None, "household": None}
    if inspect.isclass(serializer):
        return serializer(data=data, context=context, partial=method == "PATCH")
    kwargs = {**serializer._kwargs, "data": data, "context": context, "partial": method == "PATCH"}
    return type(serializer)(*serializer._args, **kwargs)


def messages(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return [text for value in errors.values() for text in messages(value)]
    if isinstance(errors, list):
        return [text for value in errors for text in messages(value)]
    return [str(errors)]


def nested_rows(serializer: serializers.BaseSerializer) -> dict[str, Any]:
    """{field: a body value with one row holding an unknown field} for each writable nested serializer field."""
    rows: dict[str, Any] = {}
    for name, field in serializer.fields.items():
        child = getattr(field, "child", None)
        if field.read_only:
            continue
        if isinstance(field, serializers.Serializer):
            rows[name] = {ROW_UNKNOWN: "1"}
        elif isinstance(child, serializers.Serializer) and isinstance(field, serializers.DictField):
            rows[name] = {"k": {ROW_UNKNOWN: "1"}}
        elif isinstance(child, serializers.Serializer):
            rows[name] = [{ROW_UNKNOWN: "1"}]
    return rows


def test_the_walk_finds_the_write_operations_and_each_has_a_serializer(request_serializers):
    operations = set(request_serializers)

    assert len(operations) > 70
    assert {("POST", "/api/v1/members/{id}/transfer/"), ("POST", "/api/v1/assistance/claims/")} <= operations
    odd = {key: value for key, value in request_serializers.items() if not _is_serializer(value)}
    assert not odd, f"a write operation whose body is not a serializer is not checked: {odd}"


def _is_serializer(value: Any) -> bool:
    kind = value if inspect.isclass(value) else type(value)
    return issubclass(kind, serializers.BaseSerializer)


def test_every_write_operation_refuses_an_unknown_field_naming_it_in_chinese(request_serializers, personas):
    passed = []
    for (method, path), documented in request_serializers.items():
        serializer = bound(documented, {UNKNOWN: "1"}, method=method, user=personas.county_officer)

        assert not serializer.is_valid(), f"{method} {path} took {UNKNOWN}"
        refusal = serializer.errors.get(UNKNOWN)
        assert refusal, f"{method} {path}: {serializer.errors}"
        assert CHINESE.search(str(refusal[0])), f"{method} {path}: {refusal}"
        passed.append(path)

    assert len(passed) == len(request_serializers)


def test_every_nested_row_refuses_an_unknown_field_naming_its_place(request_serializers, personas):
    places = set()
    for (method, path), documented in request_serializers.items():
        for name, value in nested_rows(bound(documented, {}, method=method, user=personas.county_officer)).items():
            serializer = bound(documented, {name: value}, method=method, user=personas.county_officer)
            place = f"{name}.k.{ROW_UNKNOWN}" if isinstance(value, dict) and "k" in value else None
            place = place or (f"{name}[0].{ROW_UNKNOWN}" if isinstance(value, list) else f"{name}.{ROW_UNKNOWN}")

            serializer.is_valid()

            said = [text for text in messages(serializer.errors) if ROW_UNKNOWN in text]
            assert said and all(f"未知字段：{place}（" in text for text in said), f"{method} {path}: {said}"
            places.add(place)

    assert f"members[0].{ROW_UNKNOWN}" in places  # a new household's member rows


def test_a_form_bodys_files_form_fields_and_nested_keys_pass_and_an_unknown_one_does_not(personas):
    from households.api import HouseholdSerializer

    def errors(data: dict[str, str]) -> Any:
        serializer = bound(HouseholdSerializer, _form(data), method="POST", user=personas.county_officer)
        serializer.is_valid()
        return serializer.errors

    nested = errors({"csrfmiddlewaretoken": "x", "members[0]name": "张三", "members[0]nmae": "张三"})
    unknown = errors({"adress": "城北村1组"})

    assert "csrfmiddlewaretoken" not in nested and "members[0]name" not in nested
    assert "未知字段：members[0].nmae（" in " ".join(messages(nested))
    assert unknown["adress"][0].startswith("未知字段：adress（是否拼写有误？本接口可填写：")


def _form(data: dict[str, str]) -> Any:
    from django.http import QueryDict

    form = QueryDict(mutable=True)
    for key, value in data.items():
        form[key] = value
    return form


def test_every_write_operation_without_a_body_refuses_one_naming_what_was_sent(
    bodyless_operations, personas, monkeypatch
):
    """Permissions are let through so that each view is reached whichever role it is for: the refusal comes before
    the action (the record, id 999999, is not even looked for)."""
    monkeypatch.setattr(APIView, "check_permissions", lambda self, request: None)
    client = APIClient()
    client.force_authenticate(personas.county_officer)
    refused = set()
    for method, path in bodyless_operations:
        url = PATH_PARAMETER.sub("999999", path)

        response = client.generic(method, url, json.dumps({UNKNOWN: 1}), content_type="application/json")

        assert response.status_code == 400, f"{method} {path}: {response.status_code} {response.content[:200]!r}"
        assert response.json() == {"non_field_errors": [MSG_NO_BODY.format(names=UNKNOWN)]}, f"{method} {path}"
        refused.add((method, path))

    assert {
        ("POST", "/api/v1/applications/{id}/start-verification/"),
        ("POST", "/api/v1/area-problems/{id}/start/"),
        ("POST", "/api/v1/household-problems/{id}/start/"),
        ("POST", "/api/v1/locked-accounts/{id}/unlock/"),
        ("POST", "/api/v1/members/{id}/safety-net-end/"),
        ("DELETE", "/api/v1/auth/token/"),
    } <= refused


def test_a_write_without_a_body_takes_an_empty_one_and_a_forms_own_fields(personas, login, monkeypatch):
    """DELETE /auth/token/ revokes the caller's token: with nothing, {}, null or a form's CSRF field alike."""
    client = login(personas.county_officer)

    nothing = client.delete("/api/v1/auth/token/")
    empty = client.delete("/api/v1/auth/token/", "{}", content_type="application/json")
    null = client.delete("/api/v1/auth/token/", "null", content_type="application/json")
    form = client.delete(
        "/api/v1/auth/token/", "csrfmiddlewaretoken=x", content_type="application/x-www-form-urlencoded"
    )
    listed = client.delete("/api/v1/auth/token/", json.dumps(["x"]), content_type="application/json")

    assert [nothing.status_code, empty.status_code, null.status_code, form.status_code] == [204] * 4
    assert listed.status_code == 400 and "本接口不接收请求内容" in listed.json()["non_field_errors"][0]
