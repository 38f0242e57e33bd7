"""Each coded value of the alerts API has its Chinese label beside it, `<field>_display`, as /api/v1/households/
gives household_type_display: a county's dashboard or a mobile app shows 卫生健康委员会 and 村级核实, not "health"
and "village", without a code list of its own."""

import datetime as dt

import pytest

from alerts.choices import Cadence, ColumnKind, RuleKind, UnregisteredOutcome
from alerts.models import FeedType, UnregisteredEntry
from alerts.services.unregistered import unregistered_check
from households.choices import RiskType
from tests.alerts.conftest import csv_file, header_of, ingest, pid
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"


@pytest.fixture
def upload(clerks, people, personas):
    """A health feed naming 张大山 (registered: a pending alert) and a person the registry does not hold, whom the
    county finds to be the department's mistake."""
    unknown = pid(dt.date(1980, 5, 5), 91)
    day = f"{today():%Y-%m-%d}"
    rows = [["张大山", people["zhang"].id_number, "白血病", day], ["外来", unknown, "白血病", day]]
    record = ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=today())
    unregistered_check(
        actor=personas.county_officer,
        entry=UnregisteredEntry.objects.get(id_number=unknown),
        outcome=UnregisteredOutcome.WRONG_DATA,
        note="身份证号查无此人",
        checked_on=today(),
    )
    return record


def test_an_alert_its_upload_and_its_feed_type_give_each_code_with_its_chinese_label(upload, personas, login):
    client = login(personas.county_officer)
    feed_type = FeedType.objects.get(code=CODE)

    alerts = client.get("/api/v1/alerts/")
    uploads = client.get("/api/v1/feed-uploads/")
    feed_types = client.get(f"/api/v1/feed-types/{feed_type.pk}/")
    rows = client.get(f"/api/v1/feed-uploads/{upload.pk}/unregistered/")
    punctuality = client.get("/api/v1/feed-punctuality/")
    persons = client.get("/api/v1/unregistered-persons/")

    (alert,) = alerts.json()["results"]
    assert (alert["department"], alert["department_display"]) == ("health", "卫生健康委员会")
    assert (alert["level"], alert["level_display"]) == ("village", "村级核实")
    assert (alert["status_display"], alert["outcome_display"]) == ("待核实", "")
    (listed,) = uploads.json()["results"]
    assert listed["department_display"] == "卫生健康委员会"
    kind = feed_types.json()
    assert kind["department_display"] == "卫生健康委员会"
    assert kind["cadence_display"] == Cadence(feed_type.cadence).label
    assert {c["kind_display"] for c in kind["columns"]} <= set(ColumnKind.labels)
    assert "身份证号" in {c["kind_display"] for c in kind["columns"]}
    for rule in kind["rules"]:
        assert rule["kind_display"] == RuleKind(rule["kind"]).label
        assert rule["risk_type_display"] == RiskType(rule["risk_type"]).label
        assert rule["exclusion_kind_display"] == ""
    (row,) = rows.json()["results"]
    assert (row["finding"], row["finding_display"]) == ("wrong_data", UnregisteredOutcome.WRONG_DATA.label)
    (person,) = persons.json()["results"]
    assert person["finding"]["outcome_display"] == UnregisteredOutcome.WRONG_DATA.label
    assert person["finding"]["village"] is None  # no village to register in: null, as the schema now says
    assert {r["department_display"] for r in punctuality.json() if r["department"] == "health"} == {"卫生健康委员会"}
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/alerts/", "get", alerts)
    assert_matches_schema(schema, "/api/v1/feed-uploads/", "get", uploads)
    assert_matches_schema(schema, "/api/v1/feed-types/{id}/", "get", feed_types)
    assert_matches_schema(schema, "/api/v1/feed-uploads/{id}/unregistered/", "get", rows)
    assert_matches_schema(schema, "/api/v1/feed-punctuality/", "get", punctuality)
    assert_matches_schema(schema, "/api/v1/unregistered-persons/", "get", persons)
