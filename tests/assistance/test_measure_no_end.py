"""Review finding: a measure without an end date can never be overdue, and seed 003 asks a deadline (整改时限) of
every measure. Those saved without one are listed (未定结束日期: a filter on the measure list and the API, a badge
on the list, the plan page and the measure page) rather than broken; the demo seed gives every measure an end date."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from accounts.choices import Role
from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from assistance.services import plans
from tests.assistance.test_department_progress import put
from tests.clock import today
from tests.factories import UserFactory
from tests.households.conftest import numbered
from tests.workflow.batch_helpers import new_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(personas, monitored_a):
    plan = plans.plan_create(actor=personas.county_officer, household=monitored_a)
    no_end = put(plan, responsible="", code="temporary_relief")
    dated = put(plan, responsible="", code="charity", ends_on=today() + dt.timedelta(days=30))
    closed = put(plan, responsible="", code="pairing", status=MeasureStatus.DONE, completed_on=today())
    return plan, no_end, dated, closed


def test_the_list_filters_and_flags_open_measures_without_an_end_date(personas, login, three):
    plan, no_end, _, closed = three
    client = login(personas.township)

    page = client.get("/assistance/measures/?no_end=on").content.decode()

    assert page.count("data-no-end") == 1 and f"/assistance/measures/{no_end.pk}/" in page
    assert "共 1 项" in page and 'data-note="no-end"' in page and "长期性措施可不填" in page
    everything = client.get("/assistance/measures/").content.decode()
    assert everything.count("data-no-end") == 1 and f"/assistance/measures/{closed.pk}/" in everything
    detail = client.get(f"/assistance/measures/{no_end.pk}/").content.decode()
    assert "未定结束日期</span>（无法判断是否逾期；长期性措施可不填，其他措施请补填）" in detail
    assert "data-no-end" not in client.get(f"/assistance/measures/{closed.pk}/").content.decode()
    assert client.get(f"/assistance/households/{plan.household_id}/").content.decode().count("data-no-end") == 1


def test_the_api_filters_the_same(personas, login, three):
    _, no_end, _, _ = three
    listed = login(personas.township).get("/api/v1/assistance/measures/?no_end=true").json()["results"]
    assert [m["id"] for m in listed] == [no_end.pk]


def test_the_demo_seed_gives_every_measure_an_end_date(county):
    cadre = UserFactory(username="cadre", role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    UserFactory(username="county", role=Role.COUNTY_OFFICER, region_path=county.county.path)
    for n in range(4):
        household = new_household(cadre, county.village_a, numbered("户主", n), 80 + n)
        household.members.update(health="chronic")  # the seed's 家庭医生签约服务 goes to the sick

    call_command("seed_assistance_demo", stdout=io.StringIO())

    assert PlanMeasure.objects.filter(measure_type__code="family_doctor").exists()
    assert not PlanMeasure.objects.filter(ends_on__isnull=True).exists()
