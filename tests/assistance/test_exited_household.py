"""After a household's exit (标注风险消除, 000 §三(三)8: 不再按"监测对象"监测帮扶): its measures are not closed for it
(a weakly stable household may be helped on), but its 回访 is no longer due, its pages ask to end or keep the
measures, a 计划中 one no longer counts as 已到开始日期未实施, and a 防贫保 claim is not approved any more (seed 001:
strictly the three monitored categories)."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.choices import ClaimCause, MeasureStatus
from assistance.models import MeasureType, Plan, PlanMeasure
from assistance.selectors import late_start_count
from assistance.services import claims
from config.errors import ApplicationError
from households.choices import HouseholdType
from households.models import Household
from tests.clock import today

pytestmark = pytest.mark.django_db

PROMPT = "该户已风险消除：请结束或保留帮扶措施（收入不稳定等稳定性较弱的可继续帮扶）"


def exited(household):
    """The household as the county's approval of its exit leaves it (workflow.services.outcomes)."""
    Household.objects.filter(pk=household.pk).update(monitoring_category="", risk_eliminated_on=today())
    household.refresh_from_db()
    return household


@pytest.fixture
def late_plan(personas, monitored_a):
    """A plan whose return visit is overdue, with a measure past its start date still 计划中."""
    user = personas.township
    plan = Plan.objects.create(
        household=monitored_a,
        region_path=monitored_a.region_path,
        next_return_due=today() - dt.timedelta(days=5),
        created_by=user,
    )
    PlanMeasure.objects.create(
        plan=plan,
        household=monitored_a,
        region_path=monitored_a.region_path,
        measure_type=MeasureType.objects.filter(for_member=False).order_by("pk").first(),
        responsible_unit="乡镇人民政府",
        responsible_person="王干部",
        starts_on=today() - dt.timedelta(days=10),
        status=MeasureStatus.PLANNED,
        created_by=user,
    )
    return plan


def test_an_exited_households_planned_measure_is_not_counted_late_and_its_visit_not_due(
    personas, login, monitored_a, late_plan
):
    # An ordinary household (一般农户): a lifted-out one is still helped as 脱贫户 after its exit, its return visits
    # due (assistance.following.assisted_q; tests/assistance/test_lifted_out_plan.py).
    Household.objects.filter(pk=monitored_a.pk).update(household_type=HouseholdType.ORDINARY)
    client = login(personas.township)
    assert late_start_count(actor=personas.township) == 1
    panel = client.get(f"/households/{monitored_a.pk}/?tab=assistance").content.decode()
    assert "已逾期" in panel and PROMPT not in panel

    exited(monitored_a)

    assert late_start_count(actor=personas.township) == 0
    assert client.get("/api/v1/assistance/measures/", {"late_start": "true"}).json()["results"] == []
    panel = client.get(f"/households/{monitored_a.pk}/?tab=assistance").content.decode()
    assert PROMPT in panel and "已逾期" not in panel and "不再回访" in panel
    plan_page = client.get(f"/assistance/households/{monitored_a.pk}/").content.decode()
    assert PROMPT in plan_page and f"原风险（{today():%Y-%m-%d} 已风险消除）</dt>" in plan_page
    # Kept: started, it is in place; ended: stopped. Neither is closed for the household.
    assert PlanMeasure.objects.get(plan=late_plan).status == MeasureStatus.PLANNED


def test_a_claim_is_not_approved_once_the_household_has_exited_but_may_be_rejected(personas, monitored_a):
    claim = claims.claim_create(
        actor=personas.cadre_a,
        household=monitored_a,
        cause=ClaimCause.ILLNESS,
        amount=Decimal("5000"),
        occurred_on=today(),
    )
    exited(monitored_a)

    with pytest.raises(ApplicationError) as error:
        claims.claim_decide(
            actor=personas.county_officer, claim=claim, status="approved", approved_amount=Decimal("5000")
        )
    assert error.value.message == claims.MSG_DECIDE_NOT_ELIGIBLE
    claim.refresh_from_db()
    assert claim.status == "submitted"
    rejected = claims.claim_decide(actor=personas.county_officer, claim=claim, status="rejected", note="已风险消除")
    assert rejected.status == "rejected"


def test_a_measure_planned_after_the_exit_is_late_like_any_other(personas, login, monitored_a, late_plan):
    """A 脱贫户 is helped on as 脱贫人口 after its exit (001 §一): a measure planned since then and not started by its
    date is 已到开始日期未实施, while the one planned while it was monitored is not."""
    Household.objects.filter(pk=monitored_a.pk).update(
        monitoring_category="", risk_eliminated_on=today() - dt.timedelta(days=30)
    )
    before = PlanMeasure.objects.get(plan=late_plan)
    PlanMeasure.objects.filter(pk=before.pk).update(created_at=before.created_at - dt.timedelta(days=40))
    after = PlanMeasure.objects.create(
        plan=late_plan,
        household=monitored_a,
        region_path=monitored_a.region_path,
        measure_type=before.measure_type,
        responsible_unit="乡镇人民政府",
        responsible_person="王干部",
        starts_on=today() - dt.timedelta(days=3),
        status=MeasureStatus.PLANNED,
        created_by=personas.township,
    )
    client = login(personas.township)

    assert late_start_count(actor=personas.township) == 1
    late = client.get("/api/v1/assistance/measures/", {"late_start": "true"}).json()["results"]
    assert [row["id"] for row in late] == [after.pk]
    measures = {row["id"]: row for row in client.get("/api/v1/assistance/measures/").json()["results"]}
    assert measures[after.pk]["late_start"] is True and measures[before.pk]["late_start"] is False


def test_the_village_publicity_print_is_offered_only_on_a_monitored_households_plan(
    personas, login, monitored_a, late_plan
):
    """The 本村措施公示 lists monitored households' measures only (000 §三(三)7): a 脱贫户 not monitored has none."""
    client = login(personas.township)
    assert "打印本村措施公示" in client.get(f"/assistance/households/{monitored_a.pk}/").content.decode()

    Household.objects.filter(pk=monitored_a.pk).update(monitoring_category="", risk_eliminated_on=today())

    assert "打印本村措施公示" not in client.get(f"/assistance/households/{monitored_a.pk}/").content.decode()
