"""The alerts API's responses match the schema it publishes: a pending alert's outcome ("", a value of the enum), a
health alert's rule and feed_type as an official reads them (null), an unregistered person's household (null)."""

import pytest
from django.utils import timezone

from tests.alerts.conftest import csv_file, header_of, ingest
from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(clerks, people):
    """A pending health alert (张大山, registered) and an unregistered person named by the same feed."""
    from tests.alerts.conftest import pid

    code = "health-serious-illness"
    day = f"{timezone.localdate():%Y-%m-%d}"
    rows = [
        ["张大山", people["zhang"].id_number, "白血病", day],
        ["外来", pid(timezone.localdate().replace(year=1980), 91), "白血病", day],
    ]
    return ingest(clerks["health"], code, csv_file(rows, header=header_of(code)), today=timezone.localdate())


@pytest.mark.parametrize("role", ["official", "county_officer"])
def test_the_alert_list_and_one_alert_match_the_schema(alerts, personas, login, role):
    client = login(getattr(personas, role))
    schema = openapi(client)
    listing = client.get("/api/v1/alerts/")
    (row,) = listing.json()["results"]
    assert row["outcome"] == ""
    if role == "official":
        assert row["rule"] is None and row["feed_type"] is None

    assert_matches_schema(schema, "/api/v1/alerts/", "get", listing)
    assert_matches_schema(schema, "/api/v1/alerts/{id}/", "get", client.get(f"/api/v1/alerts/{row['id']}/"))


def test_the_unregistered_list_matches_the_schema(alerts, personas, login):
    client = login(personas.county_officer)
    listing = client.get("/api/v1/unregistered-persons/")
    assert [row["household"] for row in listing.json()["results"]] == [None]

    assert_matches_schema(openapi(client), "/api/v1/unregistered-persons/", "get", listing)
