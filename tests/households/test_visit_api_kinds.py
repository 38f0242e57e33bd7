"""The schema's visit kind lists every kind a visit response can carry (review API integrator finding 3): a
client validating responses against the schema no longer rejects an alert's, a plan's or an application's visit;
recording one here is still refused, saying where it is recorded."""

import pytest

from households.api_visits import MSG_KIND_NOT_MANUAL
from households.choices import VisitKind
from tests.clock import today
from tests.config.schema_check import openapi

pytestmark = pytest.mark.django_db


def _enum(schema: dict, node: dict) -> list[str]:
    node = node.get("allOf", [node])[0]
    if "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node["enum"]


def test_every_visit_kind_appears_in_the_schema(personas, login):
    schema = openapi(login(personas.cadre_a))
    response_kind = schema["components"]["schemas"]["Visit"]["properties"]["kind"]
    parameters = schema["paths"]["/api/v1/visits/"]["get"]["parameters"]
    filter_kind = next(p for p in parameters if p["name"] == "kind")["schema"]

    assert set(_enum(schema, response_kind)) == set(VisitKind.values)
    assert set(_enum(schema, filter_kind)) == set(VisitKind.values)


def test_recording_an_alert_visit_here_is_refused_naming_where_it_is_recorded(personas, login, household_a):
    body = {"household": household_a.pk, "visited_on": today().isoformat(), "kind": "alert"}

    refused = login(personas.cadre_a).post("/api/v1/visits/", body, content_type="application/json")

    assert refused.status_code == 400
    assert refused.json()["kind"] == [MSG_KIND_NOT_MANUAL.format(kind="预警核实")]
    assert "/api/v1/alerts/{id}/verify/" in refused.json()["kind"][0]
    assert not household_a.visits.exists()
