"""The registry API's responses match the schema it publishes: a member's health and disability as an official
reads them (null), the county's parent_code (null); and null is still refused as a member's health on input."""

import pytest

from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db


def test_members_as_an_official_read_them_match_the_schema(personas, login, household_a):
    client = login(personas.official)
    listing = client.get("/api/v1/members/")
    row = listing.json()["results"][0]
    assert row["health"] is None and row["disability_grade"] is None

    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/members/", "get", listing)
    assert_matches_schema(schema, "/api/v1/members/{id}/", "get", client.get(f"/api/v1/members/{row['id']}/"))


def test_regions_with_the_county_s_null_parent_match_the_schema(personas, login, county):
    client = login(personas.county_officer)
    listing = client.get("/api/v1/regions/", {"level": "county"})
    assert listing.json()["results"][0]["parent_code"] is None

    assert_matches_schema(openapi(client), "/api/v1/regions/", "get", listing)


def test_a_null_health_is_refused_on_input(personas, login, household_a):
    member = household_a.members.first()

    response = login(personas.cadre_a).patch(
        f"/api/v1/members/{member.pk}/", {"health": None}, content_type="application/json"
    )

    assert response.status_code == 400 and "health" in response.json()
