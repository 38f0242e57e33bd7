"""The API schema and its Swagger page describe every endpoint, field and message: for logged-in users only."""

import pytest

from accounts.tokens import token_for

pytestmark = pytest.mark.django_db


def test_the_schema_needs_a_login(client):
    response = client.get("/api/v1/schema/")

    assert response.status_code == 401
    assert "/api/v1/households/" not in response.content.decode()


def test_the_docs_page_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/api/v1/schema/", "/api/v1/docs/"])
def test_a_logged_in_user_reads_the_schema_and_the_docs(personas, login, url):
    response = login(personas.cadre_a).get(url)

    assert response.status_code == 200


def test_an_api_client_reads_the_schema_with_its_token(personas, client):
    token = token_for(personas.cadre_a)

    response = client.get("/api/v1/schema/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200 and "/api/v1/households/" in response.content.decode()


def test_a_real_response_is_checked_against_the_schema(personas, login):
    """tests/config/schema_check.py, which the apps' tests use on their endpoints (tests/reports/test_api_schema.py,
    tests/assistance/test_api_schema.py): a real response passes, one with a field the schema does not declare
    fails."""
    import copy
    from types import SimpleNamespace

    import jsonschema

    from tests.config.schema_check import assert_matches_schema, openapi

    client = login(personas.official)
    schema = openapi(client)
    response = client.get("/api/v1/reports/ledgers/")
    data = copy.deepcopy(response.json())  # the test client keeps the parsed body: change a copy
    data[0]["undeclared"] = 1
    changed = SimpleNamespace(status_code=200, content=b"", json=lambda: data)

    assert_matches_schema(schema, "/api/v1/reports/ledgers/", "get", response)
    with pytest.raises(jsonschema.ValidationError):
        assert_matches_schema(schema, "/api/v1/reports/ledgers/", "get", changed)
