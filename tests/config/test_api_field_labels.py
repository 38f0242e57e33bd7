"""Every field of every serializer the API documents (request and response, nested rows too) has a Chinese label
as OPTIONS gives it (config.api_rendering.ChineseMetadata): OPTIONS /api/v1/feed-uploads/ named feed_type
"Feed type" and has_error_file "Has error file", DRF's words made from the field's name. A new serializer is walked
without being listed here."""

import inspect
import re
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from config.api_rendering import ChineseMetadata

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def documented_serializers() -> dict[type, serializers.Serializer]:
    seen: dict[type, serializers.Serializer] = {}
    request_for, response_for = AutoSchema._get_request_for_media_type, AutoSchema._get_response_for_code

    def record(serializer: Any) -> None:
        serializer = getattr(serializer, "child", serializer)  # a list's rows
        if inspect.isclass(serializer) and issubclass(serializer, serializers.Serializer):
            serializer = serializer()
        if isinstance(serializer, serializers.Serializer):
            seen.setdefault(type(serializer), serializer)

    def requests(self: AutoSchema, serializer: Any, *args: Any, **kwargs: Any) -> Any:
        record(serializer)
        return request_for(self, serializer, *args, **kwargs)

    def responses(self: AutoSchema, serializer: Any, *args: Any, **kwargs: Any) -> Any:
        record(serializer)
        return response_for(self, serializer, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AutoSchema, "_get_request_for_media_type", requests)
        patch.setattr(AutoSchema, "_get_response_for_code", responses)
        SchemaGenerator().get_schema(request=None, public=True)
    return seen


def unlabelled(serializer: serializers.Serializer, place: str = "") -> list[str]:
    metadata, found = ChineseMetadata(), []
    for name, field in serializer.fields.items():
        label = str(metadata.get_field_info(field).get("label") or "")
        if not CHINESE.search(label):
            found.append(f"{place}{name}: {label}")
        child = getattr(field, "child", None)
        if isinstance(field, serializers.Serializer):
            found += unlabelled(field, f"{place}{name}.")
        elif isinstance(child, serializers.Serializer):
            found += unlabelled(child, f"{place}{name}[].")
    return found


def test_every_documented_field_has_a_chinese_label(documented_serializers):
    found = {
        f"{kind.__module__}.{kind.__name__}": missing
        for kind, serializer in documented_serializers.items()
        if (missing := unlabelled(serializer))
    }

    assert len(documented_serializers) > 100
    assert not found, found


def test_the_feed_uploads_options_name_the_feed_type_and_the_error_file_in_chinese(personas):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(personas.clerk)

    fields = client.options("/api/v1/feed-uploads/").json()["actions"]["POST"]

    assert fields["feed_type"]["label"] == "数据类型"
    assert CHINESE.search(fields["has_error_file"]["label"])
