"""Review finding: a new measure whose end date has already passed was saved without a word, at once 逾期未办结 and
printed on the village notice as 拟实施. The service asks first (confirm_mismatch with a reason, in the same round as
the other errors); the page and the API ask the same, and the reason is kept with the measure and its history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assistance import fit
from assistance.models import MeasureType, PlanMeasure
from assistance.services import measures, plans
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):  # monitored since 2025-03-01 (tests/assistance/conftest.py monitor)
    return plans.plan_create(actor=personas.township, household=monitored_a)


def relief(actor, plan, **extra):
    values = {"starts_on": today() - dt.timedelta(days=20), "responsible_person": "王干部", **extra}
    return measures.measure_add(
        actor=actor, plan=plan, measure_type=MeasureType.objects.get(code="temporary_relief"), **values
    )


def test_an_end_date_already_past_is_asked_with_the_other_errors_then_needs_a_reason(personas, plan):
    past = today() - dt.timedelta(days=5)
    with pytest.raises(ValidationError) as error:
        relief(personas.township, plan, ends_on=past, responsible_person=" ")

    said = error.value.message_dict
    assert f"结束日期{past:%Y-%m-%d}已过" in said["confirm_mismatch"][0] and "逾期未办结" in said["confirm_mismatch"][0]
    assert said["responsible_person"] == [measures.MSG_PERSON_REQUIRED]  # the same round
    with pytest.raises(ValidationError) as error:
        relief(personas.township, plan, ends_on=past, confirm_mismatch=True)
    assert error.value.message_dict["mismatch_reason"] == [fit.MSG_MISMATCH_REASON_REQUIRED]
    assert not PlanMeasure.objects.exists()

    measure = relief(personas.township, plan, ends_on=past, confirm_mismatch=True, mismatch_reason="补录已发放的救助")

    assert measure.mismatch_reason == "补录已发放的救助"
    summary = plan.household.events.filter(summary__startswith="安排帮扶措施").latest("pk").summary
    assert "（结束日期已过，理由：补录已发放的救助）" in summary


def test_an_end_date_today_or_later_or_none_is_not_asked(personas, plan):
    assert relief(personas.township, plan, ends_on=today()).mismatch_reason == ""
    assert relief(personas.township, plan, ends_on=today() + dt.timedelta(days=30), confirm_unusual=True).pk


def test_an_end_before_the_start_is_refused_not_asked(personas, plan):
    starts_on, ends_on = today() - dt.timedelta(days=2), today() - dt.timedelta(days=9)
    with pytest.raises(ValidationError) as error:
        relief(personas.township, plan, starts_on=starts_on, ends_on=ends_on)
    assert error.value.message_dict["ends_on"] == [measures.MSG_ENDS_BEFORE_START]
    assert "confirm_mismatch" not in error.value.message_dict


def test_the_form_page_asks_then_adds_with_the_reason(personas, login, plan):
    client = login(personas.township)
    form = {
        "measure_type": MeasureType.objects.get(code="temporary_relief").pk,
        "starts_on": (today() - dt.timedelta(days=20)).isoformat(),
        "ends_on": (today() - dt.timedelta(days=5)).isoformat(),
        "responsible_person": "李干部",
    }
    url = f"/assistance/plans/{plan.pk}/measures/new/"

    page = client.post(url, form).content.decode()

    assert "已过：添加后即为“逾期未办结”" in page and 'name="confirm_mismatch"' in page
    assert 'name="mismatch_reason"' in page and not PlanMeasure.objects.exists()
    response = client.post(url, form | {"confirm_mismatch": "on", "mismatch_reason": "补录"})
    assert response.status_code == 302
    assert PlanMeasure.objects.get().mismatch_reason == "补录"


def test_the_api_asks_the_same(personas, login, plan):
    client = login(personas.township)
    body = {
        "plan": plan.pk,
        "measure_code": "temporary_relief",
        "starts_on": (today() - dt.timedelta(days=20)).isoformat(),
        "ends_on": (today() - dt.timedelta(days=5)).isoformat(),
        "responsible_person": "李干部",
    }

    response = client.post("/api/v1/assistance/measures/", body, content_type="application/json")

    assert response.status_code == 400 and "已过" in response.json()["confirm_mismatch"][0]
    body |= {"confirm_mismatch": True, "mismatch_reason": "补录"}
    assert client.post("/api/v1/assistance/measures/", body, content_type="application/json").status_code == 201
