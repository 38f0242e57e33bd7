"""The API answers in JSON and in Chinese (review api, finding 5): ?format=csv was a 404 "未找到该记录，或您无权查看",
a browser opening /api/v1/households/ got Django REST framework's English page ("Household List"), and OPTIONS
named fields "Number" and "ID"."""

import pytest

from config.api_rendering import MSG_BAD_FORMAT, MSG_NOT_ACCEPTABLE

pytestmark = pytest.mark.django_db


def test_an_unsupported_format_is_a_406_saying_so(personas, login):
    client = login(personas.official)
    for fmt in ("csv", "api", "xlsx"):
        response = client.get("/api/v1/households/", {"format": fmt})
        assert response.status_code == 406 and response.json() == {"detail": MSG_BAD_FORMAT.format(format=fmt)}
    assert client.get("/api/v1/households/", {"format": "json"}).status_code == 200
    refused = client.get("/api/v1/households/", HTTP_ACCEPT="text/csv")
    assert refused.status_code == 406 and refused.json() == {"detail": MSG_NOT_ACCEPTABLE}


def test_a_browser_gets_json_not_the_english_browsable_page(personas, login):
    client = login(personas.official)
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/api/v1/households/", HTTP_ACCEPT=accept)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "Household List" not in response.content.decode()
    # The schema's documentation page is still served.
    assert client.get("/api/v1/docs/").status_code == 200


def test_options_names_the_fields_in_chinese(personas, login):
    response = login(personas.cadre_a).options("/api/v1/households/")
    fields = response.json()["actions"]["POST"]
    labels = {name: info["label"] for name, info in fields.items()}
    assert labels["id"] == "编号"
    english = {name: label for name, label in labels.items() if label.isascii()}
    assert not english, english


def test_options_names_the_view_in_chinese(personas, login, county):
    client = login(personas.county_officer)

    assert client.options("/api/v1/households/").json()["name"] == "农户档案列表"
    assert client.options("/api/v1/regions/").json()["name"] == "行政区划列表"
    assert client.options(f"/api/v1/regions/{county.village_a.code}/").json()["name"] == "行政区划详情"
    assert client.options("/api/v1/alerts/summary/").json()["name"] == "预警汇总"
