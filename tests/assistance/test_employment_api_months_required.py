"""POST /api/v1/assistance/employment/ without `months` saved 0 months (the service's default), the "0 that nobody
reported" the 待补充 rows were made to stop: the API now asks for the months as the page's form does."""

import pytest

from assistance.api_records import MSG_MONTHS_REQUIRED
from assistance.models import EmploymentRecord
from tests.assistance.test_employment_snapshot_to_complete import registered, snapshot, this_quarter

pytestmark = pytest.mark.django_db

API = "/api/v1/assistance/employment/"


def test_a_quarter_to_complete_posted_without_months_is_refused_at_the_months(personas, login, monitored_a):
    head = registered(monitored_a, "张大山", "out_of_province", 0)
    client = login(personas.cadre_a)
    snapshot(client)
    year, number = this_quarter()
    body = {"member": head.pk, "year": year, "quarter": number, "employed": True, "place": "out_of_province"}

    response = client.post(API, body, content_type="application/json")

    assert response.status_code == 400 and response.json() == {"months": [MSG_MONTHS_REQUIRED]}
    assert EmploymentRecord.objects.get(member=head, year=year, quarter=number).months is None


def test_a_first_report_without_months_is_refused_and_with_them_saved(personas, login, monitored_a):
    head = monitored_a.members.get(name="张大山")
    client = login(personas.cadre_a)
    year, number = this_quarter()
    body = {"member": head.pk, "year": year, "quarter": number, "employed": False}

    missing = client.post(API, body, content_type="application/json")
    given = client.post(API, {**body, "months": 0}, content_type="application/json")

    assert missing.status_code == 400 and list(missing.json()) == ["months"]
    assert given.status_code == 201, given.content.decode()
    assert given.json()["months"] == 0


def test_the_schema_marks_the_months_required(personas, login):
    schema = login(personas.county_officer).get("/api/v1/schema/", {"format": "json"})

    assert "months" in schema.json()["components"]["schemas"]["EmploymentRequest"]["required"]
