"""The API's own wording: no endpoint documented with a shared mixin's English docstring, a page_size above the
maximum refused in Chinese like one below 1, and DRF's stock zh-hans messages that name Python types reworded."""

import re

import pytest
import yaml

from accounts.tokens import token_for
from config.api import KnownQueryParamsMixin, PaginatedApiMixin, StandardPagination

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_no_endpoint_is_described_by_a_mixins_docstring(personas, login):
    schema = yaml.safe_load(login(personas.county_officer).get("/api/v1/schema/").content)
    leaked = ("For a view", "For an APIView", "query_params_known", "StandardPagination")
    wrong = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            description = operation.get("description", "")
            if any(text in description for text in leaked) or (description and not CJK.search(description)):
                wrong.append(f"{method.upper()} {path}: {description[:60]}")
    assert not wrong, wrong
    for path in ("/api/v1/reports/exports/", "/api/v1/reports/dashboard/", "/api/v1/reports/campaign-gaps/"):
        assert CJK.search(schema["paths"][path]["get"]["description"]), path
    assert KnownQueryParamsMixin.__doc__ is None and PaginatedApiMixin.__doc__ is None


@pytest.mark.parametrize("url", ["/api/v1/households/", "/api/v1/reports/entry/", "/api/v1/reports/national/"])
def test_a_page_size_above_the_maximum_is_a_400_stating_it(personas, login, url):
    client = login(personas.county_officer)
    cap = StandardPagination.max_page_size

    response = client.get(url, {"page_size": 100000})

    assert response.status_code == 400
    message = response.json()["page_size"][0]
    assert str(cap) in message and "100000" in message
    assert client.get(url, {"page_size": cap}).status_code == 200


def test_a_disabled_users_token_is_told_the_account_is_disabled(personas, client):
    token = token_for(personas.cadre_a)
    personas.cadre_a.is_active = False
    personas.cadre_a.save(update_fields=["is_active"])

    response = client.get("/api/v1/households/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 401
    assert response.json() == {"detail": "该账号已停用，请联系系统管理员。"}


def test_a_body_that_is_not_an_object_names_no_python_type(personas, login):
    response = login(personas.cadre_a).post("/api/v1/visits/", [1, 2], content_type="application/json")

    message = response.json()["non_field_errors"][0]
    assert response.status_code == 400 and "JSON 对象" in message and "list" not in message


def test_a_list_field_given_a_string_names_no_python_type(personas, county, login):
    body = {"village": county.village_a.code, "household_type": "ordinary", "risk_types": "income", "members": []}

    message = login(personas.cadre_a).post("/api/v1/households/", body, content_type="application/json").json()
    message = message["risk_types"][0]

    assert "列表" in message and "str" not in message
