"""A 回访 assesses the effect of the plan's measures (000 §三(三)7: 建立定期回访制度，跟踪帮扶效果落实): a plan without
any measure has nothing to assess, so its return visit is refused with the way to 添加帮扶措施, on the plan's page,
through the API and as a household 走访 counted as the return visit; the due date and 本月已走访 stay as they were."""

import pytest
from django.core.exceptions import ValidationError

from assistance.models import MeasureType, Plan, ReturnVisit
from assistance.services import measures, plans, visits
from assistance.services.visits import MSG_NO_MEASURE
from config.errors import ApplicationError
from households.models import Visit
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


def add_measure(actor, plan):
    measure_type = MeasureType.objects.filter(for_member=False).order_by("pk").first()
    return measures.measure_add(
        actor=actor, plan=plan, measure_type=measure_type, starts_on=today(), responsible_person="王干部",
        confirm_mismatch=True, mismatch_reason="测试", confirm_unusual=True,
    )  # fmt: skip


def test_the_service_refuses_a_return_visit_of_a_plan_without_measures(personas, plan):
    due = plan.next_return_due
    with pytest.raises(ApplicationError) as error:
        visits.return_visit_record(actor=personas.cadre_a, plan=plan, visited_on=today(), effect="fair")
    assert error.value.message == MSG_NO_MEASURE and "添加帮扶措施" in MSG_NO_MEASURE
    assert not ReturnVisit.objects.exists() and not Visit.objects.filter(household=plan.household).exists()
    assert Plan.objects.get(pk=plan.pk).next_return_due == due

    add_measure(personas.township, plan)
    visits.return_visit_record(actor=personas.cadre_a, plan=plan, visited_on=today(), effect="fair")
    assert ReturnVisit.objects.filter(plan=plan).count() == 1


def test_the_page_points_to_adding_a_measure(personas, login, plan):
    client = login(personas.cadre_a)
    url = f"/assistance/plans/{plan.pk}/return-visits/new/"

    page = client.get(url).content.decode()
    assert MSG_NO_MEASURE in page and f"/assistance/plans/{plan.pk}/measures/new/" in page
    assert 'name="effect"' not in page  # no form the service would refuse
    client.post(url, {"visited_on": f"{today():%Y-%m-%d}", "effect": "fair"})
    assert not ReturnVisit.objects.exists()


def test_the_api_refuses_it(personas, login, plan):
    response = login(personas.cadre_a).post(
        f"/api/v1/assistance/plans/{plan.pk}/return-visits/",
        {"visited_on": f"{today():%Y-%m-%d}", "effect": "fair"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "添加帮扶措施" in response.content.decode()
    assert not ReturnVisit.objects.exists()


def test_a_visit_does_not_offer_to_count_as_the_return_visit(personas, plan):
    from assistance.visit_extra import MSG_NO_MEASURE as MSG_VISIT
    from assistance.visit_extra import followed_plan

    with pytest.raises(ValidationError) as error:
        followed_plan(personas.cadre_a, plan.household)
    assert error.value.message_dict["as_return_visit"] == [MSG_VISIT]
    add_measure(personas.township, plan)
    assert followed_plan(personas.cadre_a, plan.household) == plan


def test_the_plan_page_hints_at_a_measure_instead_of_offering_a_return_visit(personas, login, plan):
    client = login(personas.cadre_a)
    url = f"/assistance/households/{plan.household_id}/"
    new_visit = f"/assistance/plans/{plan.pk}/return-visits/new/"

    page = client.get(url).content.decode()
    assert "添加帮扶措施后可记录回访" in page and "＋ 记录回访" not in page and new_visit not in page

    add_measure(personas.township, plan)
    page = client.get(url).content.decode()
    assert "＋ 记录回访" in page and new_visit in page and "添加帮扶措施后可记录回访" not in page
