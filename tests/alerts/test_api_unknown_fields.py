"""A department's upload (multipart: its file beside the form's fields) with a misspelt form field was stored as if
it were not there: the field is now refused by name in Chinese (config.api_body) and nothing is stored, while the
file and the form's own fields pass."""

import pytest

from alerts.models import FeedUpload
from tests.alerts.conftest import csv_file, feed, header_of

pytestmark = pytest.mark.django_db

CODE = "health-uninsured-cost"


def test_an_upload_with_a_misspelt_form_field_is_refused_naming_it_and_nothing_is_stored(clerks, login):
    client = login(clerks["health"])
    body = {"feed_type": feed(CODE).pk, "file": csv_file([], header=header_of(CODE)), "periode": "2026-05"}

    refused = client.post("/api/v1/feed-uploads/", {**body, "csrfmiddlewaretoken": "x"})

    assert refused.status_code == 400, refused.content.decode()
    said = refused.json()["periode"][0]
    assert said.startswith("未知字段：periode（是否拼写有误？本接口可填写：") and "file" in said
    assert "csrfmiddlewaretoken" not in refused.json() and "file" not in refused.json()
    assert not FeedUpload.objects.exists()
