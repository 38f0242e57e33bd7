"""PATCH of a plan and a measure through the API: the web edit's services, scope, checks and audit record."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.choices import Role
from accounts.models import AuditEvent
from assistance.choices import ReturnCadence
from assistance.models import MeasureType, Plan
from assistance.services import measures, plans
from households.models import HouseholdEvent
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a, note="低保兜底")


@pytest.fixture
def relief(personas, plan):
    return measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        starts_on=today(),
        responsible_person="王干部",
        amount=Decimal("3000.00"),
        content="发放临时救助金",
    )


def test_a_township_officer_changes_a_plans_return_cadence(personas, plan, login):
    client = login(personas.township)
    response = client.patch(
        f"/api/v1/assistance/plans/{plan.pk}/", {"return_cadence": ReturnCadence.QUARTERLY}, content_type=JSON
    )

    assert response.status_code == 200, response.json()
    assert response.json()["return_cadence"] == ReturnCadence.QUARTERLY
    assert response.json()["note"] == "低保兜底"  # not sent: kept
    assert_matches_schema(openapi(client), "/api/v1/assistance/plans/{id}/", "PATCH", response)
    plan.refresh_from_db()
    assert plan.return_cadence == ReturnCadence.QUARTERLY
    event = AuditEvent.objects.filter(action="assistance.plan_update").get()
    assert event.actor == personas.township and "回访周期" in event.summary


def test_a_township_officer_changes_a_measures_amount_and_dates(personas, relief, login):
    starts, ends = today() + dt.timedelta(days=3), today() + dt.timedelta(days=60)
    client = login(personas.township)
    response = client.patch(
        f"/api/v1/assistance/measures/{relief.pk}/",
        {"amount": "4500", "starts_on": starts.isoformat(), "ends_on": ends.isoformat()},
        content_type=JSON,
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["amount"], body["starts_on"], body["ends_on"]) == ("4500.00", starts.isoformat(), ends.isoformat())
    assert body["content"] == "发放临时救助金" and body["responsible_person"] == "王干部"
    assert_matches_schema(openapi(client), "/api/v1/assistance/measures/{id}/", "PATCH", response)
    history = HouseholdEvent.objects.filter(household=relief.household).latest("id")
    changed = {c["label"]: (c["old"], c["new"]) for c in history.changes}
    assert changed["金额（元）"][1] == "4500.00"
    assert {"开始日期", "结束日期"} <= set(changed)
    assert AuditEvent.objects.filter(action="assistance.measure_update", actor=personas.township).count() == 1


def test_bad_input_is_refused_with_the_fields_chinese_error(personas, plan, relief, login):
    client = login(personas.township)
    before = relief.ends_on

    ends_first = client.patch(
        f"/api/v1/assistance/measures/{relief.pk}/",
        {"ends_on": (today() - dt.timedelta(days=1)).isoformat()},
        content_type=JSON,
    )
    bad_date = client.patch(f"/api/v1/assistance/measures/{relief.pk}/", {"starts_on": "明天"}, content_type=JSON)
    no_person = client.patch(f"/api/v1/assistance/measures/{relief.pk}/", {"responsible_person": ""}, content_type=JSON)
    status = client.patch(f"/api/v1/assistance/measures/{relief.pk}/", {"status": "done"}, content_type=JSON)
    bad_cadence = client.patch(f"/api/v1/assistance/plans/{plan.pk}/", {"return_cadence": 45}, content_type=JSON)

    assert ends_first.status_code == 400 and ends_first.json()["ends_on"] == ["结束日期不能早于开始日期。"]
    assert bad_date.status_code == 400 and bad_date.json()["starts_on"] == ["开始日期格式应为 YYYY-MM-DD。"]
    assert no_person.status_code == 400 and no_person.json()["responsible_person"] == ["请填写责任人。"]
    assert status.status_code == 400 and status.json()["status"] == [
        "此处不能修改该字段；可修改的字段：responsible_department、responsible_unit、responsible_person、starts_on、"
        "ends_on、amount、content。"
    ]
    assert bad_cadence.status_code == 400 and bad_cadence.json()["return_cadence"] == ["回访周期无效。"]
    relief.refresh_from_db()
    assert relief.ends_on == before and relief.responsible_person == "王干部"
    assert not AuditEvent.objects.filter(action__in=["assistance.measure_update", "assistance.plan_update"]).exists()


def test_another_townships_plan_and_measure_are_not_found(county, plan, relief, login):
    other = UserFactory(
        username="township_c", role=Role.TOWNSHIP_OFFICER, region_path=county.township2.path, region_name="虬津镇"
    )
    client = login(other)

    plan_response = client.patch(f"/api/v1/assistance/plans/{plan.pk}/", {"note": "改"}, content_type=JSON)
    measure_response = client.patch(f"/api/v1/assistance/measures/{relief.pk}/", {"amount": "1"}, content_type=JSON)

    assert (plan_response.status_code, measure_response.status_code) == (404, 404)
    assert Plan.objects.get(pk=plan.pk).note == "低保兜底"


def test_an_official_who_only_reads_gets_403(personas, plan, relief, login):
    client = login(personas.official)

    assert client.get(f"/api/v1/assistance/plans/{plan.pk}/").status_code == 200
    plan_response = client.patch(f"/api/v1/assistance/plans/{plan.pk}/", {"return_cadence": "abc"}, content_type=JSON)
    measure_response = client.patch(f"/api/v1/assistance/measures/{relief.pk}/", {"amount": "1"}, content_type=JSON)

    assert (plan_response.status_code, measure_response.status_code) == (403, 403)
    relief.refresh_from_db()
    assert relief.amount == Decimal("3000.00")


def test_put_is_not_offered(personas, plan, login):
    response = login(personas.township).put(f"/api/v1/assistance/plans/{plan.pk}/", {"note": "改"}, content_type=JSON)

    assert response.status_code == 405
