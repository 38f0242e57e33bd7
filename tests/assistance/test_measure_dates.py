"""Review finding 2: a measure's dates are bounded (not before the household was monitored or its plan was made,
not years ahead), a measure is 实施中 only once it has started, and only a started one counts as in place for the
exit. The page, the API and the service say the same."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assistance.choices import MeasureStatus
from assistance.hooks import _without_measure
from assistance.models import MeasureType, PlanMeasure
from assistance.services import measure_checks, measure_status, measures, plans
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):  # monitored since 2025-03-01 (tests/assistance/conftest.py monitor)
    return plans.plan_create(actor=personas.township, household=monitored_a)


def relief(actor, plan, **extra):
    values = {"starts_on": today(), "responsible_person": "王干部", **extra}
    return measures.measure_add(
        actor=actor, plan=plan, measure_type=MeasureType.objects.get(code="temporary_relief"), **values
    )


def legacy(plan, **fields):
    """A measure saved before the rules (the demo's 2099 one): written straight to the table."""
    values = {"starts_on": today(), "status": MeasureStatus.PLANNED, **fields}
    return PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        region_path=plan.region_path,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        responsible_unit="县民政局",
        responsible_person="王干部",
        created_by=plan.created_by,
        **values,
    )


def test_a_start_before_the_household_was_monitored_is_refused_naming_the_date(personas, plan):
    with pytest.raises(ValidationError) as error:
        relief(personas.township, plan, starts_on=dt.date(1990, 1, 1))

    assert error.value.message_dict["starts_on"] == ["开始日期不能早于该户纳入监测的日期（2025-03-01）。"]
    relief(personas.township, plan, starts_on=dt.date(2025, 3, 1))  # the day it was monitored is fine
    assert PlanMeasure.objects.count() == 1


def test_without_a_monitoring_start_the_plan_date_is_the_earliest(personas, household_c):
    plan = plans.plan_create(actor=personas.county_officer, household=household_c)  # no monitoring_start
    housing = MeasureType.objects.get(code="housing_renovation")

    with pytest.raises(ValidationError) as error:
        measures.measure_add(
            actor=personas.county_officer, plan=plan, measure_type=housing, responsible_person="张工",
            starts_on=today() - dt.timedelta(days=1),
        )  # fmt: skip

    assert error.value.message_dict["starts_on"] == [f"开始日期不能早于制定帮扶方案的日期（{today():%Y-%m-%d}）。"]


def test_dates_years_ahead_are_refused(personas, plan):
    with pytest.raises(ValidationError) as error:
        relief(personas.township, plan, starts_on=dt.date(2099, 1, 1), ends_on=dt.date(2099, 2, 1))

    limit = measure_checks.latest_start(today())
    assert error.value.message_dict["starts_on"] == [f"开始日期不能晚于{limit:%Y-%m-%d}：只能安排一年以内开始的措施。"]
    assert "ends_on" in error.value.message_dict and "五年以内" in error.value.message_dict["ends_on"][0]
    with pytest.raises(ValidationError) as error:
        relief(personas.township, plan, ends_on=dt.date(2099, 2, 1))
    assert list(error.value.message_dict) == ["ends_on"]
    assert not PlanMeasure.objects.exists()


def test_a_measure_still_to_start_cannot_be_set_under_way_until_it_starts(personas, plan):
    later = relief(personas.township, plan, starts_on=today() + dt.timedelta(days=10))

    with pytest.raises(ValidationError) as error:
        measure_status.measure_set_status(actor=personas.township, measure=later, status=MeasureStatus.IN_PROGRESS)

    assert error.value.message_dict["status"] == [measure_checks.MSG_NOT_STARTED.format(date=later.starts_on)]
    later.refresh_from_db()
    assert later.status == MeasureStatus.PLANNED
    now = relief(personas.township, plan, confirm_unusual=True)
    measure_status.measure_set_status(actor=personas.township, measure=now, status=MeasureStatus.IN_PROGRESS)
    now.refresh_from_db()
    assert now.status == MeasureStatus.IN_PROGRESS


def test_the_status_form_says_why_at_the_field(personas, login, plan):
    later = relief(personas.township, plan, starts_on=today() + dt.timedelta(days=10))
    client = login(personas.township)

    page = client.get(f"/assistance/measures/{later.pk}/").content.decode()
    assert "尚未开始，不能改为“实施中”" in page  # said before anyone tries
    response = client.post(f"/assistance/measures/{later.pk}/", {"action": "status", "status": "in_progress"})

    assert response.status_code == 200
    assert "尚未开始，不能改为“实施中”" in response.content.decode()
    later.refresh_from_db()
    assert later.status == MeasureStatus.PLANNED


def test_an_under_way_measure_cannot_be_moved_to_start_later(personas, plan):
    measure = relief(personas.township, plan)
    measure_status.measure_set_status(actor=personas.township, measure=measure, status=MeasureStatus.IN_PROGRESS)

    with pytest.raises(ValidationError) as error:
        measures.measure_update(actor=personas.township, measure=measure, starts_on=today() + dt.timedelta(days=3))

    assert error.value.message_dict["starts_on"] == [measure_checks.MSG_UNDER_WAY_NOT_STARTED]


def test_an_old_measure_keeps_its_dates_while_other_fields_are_corrected(personas, plan):
    old = legacy(plan, starts_on=dt.date(1990, 1, 1))

    measures.measure_update(actor=personas.township, measure=old, responsible_person="李干部")
    old.refresh_from_db()
    assert old.responsible_person == "李干部"
    with pytest.raises(ValidationError) as error:
        measures.measure_update(actor=personas.township, measure=old, starts_on=dt.date(1991, 1, 1))
    assert "2025-03-01" in error.value.message_dict["starts_on"][0]


def test_the_api_refuses_the_same_dates_and_the_early_start(personas, login, plan):
    client = login(personas.township)
    body = {
        "plan": plan.pk, "measure_code": "temporary_relief", "responsible_person": "王干部",
        "starts_on": "1990-01-01",
    }  # fmt: skip

    response = client.post("/api/v1/assistance/measures/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["starts_on"] == ["开始日期不能早于该户纳入监测的日期（2025-03-01）。"]

    later = relief(personas.township, plan, starts_on=today() + dt.timedelta(days=10))
    response = client.post(
        f"/api/v1/assistance/measures/{later.pk}/status/", {"status": "in_progress"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "尚未开始" in response.json()["status"][0]


def test_only_a_started_measure_counts_as_in_place_for_the_exit(personas, plan):
    household = plan.household
    legacy(plan, starts_on=dt.date(2099, 1, 1), status=MeasureStatus.IN_PROGRESS)  # set 实施中 before the rule

    assert _without_measure([household], today()) == {household.pk}
    legacy(plan, starts_on=today(), status=MeasureStatus.IN_PROGRESS)
    assert _without_measure([household], today()) == set()
