"""防贫保 as a measure follows the claims' rule (seed 001 §五: 救助对象严格限定为三类防止返贫监测对象): a household
helped first in the green channel, not yet monitored, cannot be given it on the plan page or through the API, and
the village notice does not list it; a monitored household still can."""

import pytest
from django.core.exceptions import ValidationError

from assistance.models import MeasureType, PlanMeasure
from assistance.services import claims, measures, plans
from households.choices import HouseholdType
from households.models import Household
from tests.assistance.test_following import open_green
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def green_plan(personas, household_a):
    """An ordinary household (一般农户) in the green channel, with its plan: helped first, not yet monitored."""
    Household.objects.filter(pk=household_a.pk).update(household_type=HouseholdType.ORDINARY)
    household_a.refresh_from_db()
    open_green(personas, household_a)  # a disaster case helped first, as test_following opens it
    plan = plans.plan_create(actor=personas.township, household=household_a)
    assert plan.pre_monitoring and not plan.household.monitoring_category
    return plan


def fangpinbao():
    return MeasureType.objects.get(code=claims.FANGPINBAO)


def add_fangpinbao(actor, plan):
    return measures.measure_add(
        actor=actor,
        plan=plan,
        measure_type=fangpinbao(),
        starts_on=today(),
        responsible_person="县乡村振兴局 李干部",
        amount=5000,
        confirm_mismatch=True,
        mismatch_reason="受灾",
        confirm_unusual=True,
    )


def test_the_service_refuses_fangpinbao_for_a_household_not_yet_monitored(personas, green_plan):
    with pytest.raises(ValidationError) as refused:
        add_fangpinbao(personas.township, green_plan)

    assert refused.value.message_dict == {"measure_type": [claims.MSG_MEASURE_NOT_ELIGIBLE]}
    assert not PlanMeasure.objects.filter(plan=green_plan).exists()


def test_the_plan_page_refuses_it_in_chinese_and_the_village_notice_does_not_list_it(
    personas, county, login, green_plan
):
    client = login(personas.township)
    response = client.post(
        f"/assistance/plans/{green_plan.pk}/measures/new/",
        {
            "measure_type": fangpinbao().pk,
            "responsible_department": "",
            "responsible_unit": "",
            "responsible_person": "县乡村振兴局 李干部",
            "starts_on": today().isoformat(),
            "amount": "5000",
            "confirm_mismatch": "on",
            "mismatch_reason": "受灾",
            "confirm_unusual": "on",
        },
    )

    assert response.status_code == 200
    assert claims.MSG_MEASURE_NOT_ELIGIBLE in response.content.decode()
    assert not PlanMeasure.objects.filter(plan=green_plan).exists()
    notice = client.get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()
    assert "防贫保" not in notice


def test_the_api_refuses_it_with_the_same_message(personas, login, green_plan):
    body = {
        "plan": green_plan.pk,
        "measure_code": claims.FANGPINBAO,
        "responsible_person": "县乡村振兴局 李干部",
        "starts_on": today().isoformat(),
        "amount": 5000,
        "confirm_mismatch": True,
        "mismatch_reason": "受灾",
        "confirm_unusual": True,
    }

    response = login(personas.township).post("/api/v1/assistance/measures/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["measure_type"] == [claims.MSG_MEASURE_NOT_ELIGIBLE]
    assert not PlanMeasure.objects.filter(plan=green_plan).exists()


def test_a_monitored_household_is_still_given_fangpinbao(personas, monitored_a):
    plan = plans.plan_create(actor=personas.township, household=monitored_a)

    measure = add_fangpinbao(personas.township, plan)

    assert measure.measure_type.code == claims.FANGPINBAO


def test_other_measures_stay_open_to_the_green_channel_household(personas, green_plan):
    measure = measures.measure_add(
        actor=personas.township,
        plan=green_plan,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        starts_on=today(),
        responsible_person="民政办 王主任",
        amount=500,
        confirm_mismatch=True,
        mismatch_reason="暴雨受灾先行救助",
    )

    assert measure.plan_id == green_plan.pk
