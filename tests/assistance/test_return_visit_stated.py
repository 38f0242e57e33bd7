"""The 帮扶回访 form shows all five 两不愁三保障/饮水 boxes as the household's record has them: a box the cadre changes
there is their finding, the others are the record as it stood (Visit.stated_findings; 本次未核 where shown)."""

import pytest

from assistance.services import plans
from households.models import Visit
from tests.assistance.measured import measured
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a))


def test_a_return_visit_page_records_the_box_unticked_as_its_finding_only(personas, login, plan):
    kept = ["food_clothing_ok", "education_ok", "medical_ok", "housing_ok"]  # water unticked by the cadre
    response = login(personas.cadre_a).post(
        f"/assistance/plans/{plan.pk}/return-visits/new/",
        {"visited_on": today().isoformat(), "effect": "fair", "note": "回访", "findings": kept},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    visit = Visit.objects.get(household=plan.household)
    assert visit.stated_findings == ["water_ok"]
    page = login(personas.cadre_a).get(f"/households/{plan.household.pk}/?tab=visits").content.decode()
    assert '<span data-finding="water_ok">饮水安全 <strong>否</strong></span>' in page
    assert '<span data-finding="medical_ok" class="muted">基本医疗（本次未核）</span>' in page
