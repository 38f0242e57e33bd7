"""A department clerk's alerts leave out what the registry's roles read (the household, its head, the level, the
cadre's note…): the schema says so (those fields are not required, their descriptions name who sees them), and both
answers match it, as scripts are written against the schema."""

import pytest
from django.utils import timezone

from alerts.models import Alert
from tests.alerts.conftest import csv_file, header_of, ingest
from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"
LEFT_OUT = {"household", "head_name", "department", "rule_name", "feed_type_name", "outcome_note", "case", "level"}


@pytest.fixture
def alert(clerks, people):
    rows = [["张大山", people["zhang"].id_number, "白血病", f"{timezone.localdate():%Y-%m-%d}"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    return Alert.objects.get()


def test_a_clerks_and_the_countys_alerts_both_match_the_schema(personas, clerks, alert, login):
    schema = openapi(login(personas.county_officer))
    component = schema["components"]["schemas"]["Alert"]
    assert not LEFT_OUT & set(component["required"])
    assert all("行业部门" in component["properties"][name]["description"] for name in LEFT_OUT)

    for user in (clerks["health"], personas.county_officer):
        client = login(user)
        listed = client.get("/api/v1/alerts/")
        assert listed.json()["count"] == 1
        assert_matches_schema(schema, "/api/v1/alerts/", "get", listed)
        assert_matches_schema(schema, "/api/v1/alerts/{id}/", "get", client.get(f"/api/v1/alerts/{alert.pk}/"))
    assert "head_name" not in login(clerks["health"]).get(f"/api/v1/alerts/{alert.pk}/").json()  # privacy kept


def test_every_operation_documents_its_errors_once_in_chinese(personas, login):
    paths = openapi(login(personas.county_officer))["paths"]

    token = paths["/api/v1/auth/token/"]["post"]["responses"]
    assert {"400", "429"} <= set(token) and "403" not in token
    detail = paths["/api/v1/alerts/{id}/"]["get"]["responses"]
    assert {"401", "403", "404", "429"} <= set(detail) and "409" not in detail
    verify = paths["/api/v1/alerts/{id}/verify/"]["post"]["responses"]
    assert {"400", "403", "404", "409"} <= set(verify)
    assert verify["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/FieldErrors"}
    assert verify["409"]["description"].startswith("与记录的当前状态冲突")
