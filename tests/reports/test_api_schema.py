"""The reports API's responses match the schema it publishes: every field declared, nulls only where nullable."""

import pytest

from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/reports/dashboard/", {}),
        ("/api/v1/reports/performance/", {"period": "year"}),
        ("/api/v1/reports/national/", {}),
        ("/api/v1/reports/entry/", {}),
        ("/api/v1/reports/campaign-gaps/", {}),
        ("/api/v1/reports/ledgers/", {}),
    ],
)
def test_a_reports_response_matches_its_schema(personas, login, cases, path, params):
    client = login(personas.county_officer)

    response = client.get(path, params)

    assert_matches_schema(openapi(client), path, "get", response)


def test_the_national_marking_answer_matches_its_schema(personas, login, cases):
    client = login(personas.county_officer)

    response = client.post("/api/v1/reports/national/", {"cases": [cases.included.pk]}, content_type="application/json")

    assert_matches_schema(openapi(client), "/api/v1/reports/national/", "post", response)
