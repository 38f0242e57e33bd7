"""防贫保 for a closed (已注销) household: closing ends its monitoring (seed 001 §五 limits 防贫保 to monitored
households), so no claim is taken, none made before the closing is approved, and no 防贫保 measure is arranged."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.choices import ClaimCause
from assistance.models import InsuranceClaim
from assistance.services import claims, plans
from config.errors import ApplicationError
from households.choices import HouseholdType, LivingStatus, Relation
from households.services import registry
from households.services.closing import household_close
from households.services.member_status import member_set_status
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored_one(personas, county):
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary")],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    return monitor(household, risks=["unsafe_housing"])


def close(personas, household):
    member_set_status(actor=personas.cadre_a, member=household.members.get(), status=LivingStatus.MOVED_OUT, on=today())
    household_close(actor=personas.township, household=household, reason="all_moved_out")
    household.refresh_from_db()


def test_a_closed_household_claim_is_refused_on_its_page_and_in_the_service(personas, monitored_one, login):
    close(personas, monitored_one)
    said = f"该户已注销（全户迁出，{today():%Y-%m-%d}注销），请先撤销注销。"
    client = login(personas.township)

    page = client.get(f"/assistance/households/{monitored_one.pk}/claims/new/").content.decode()
    posted = client.post(
        f"/assistance/households/{monitored_one.pk}/claims/new/",
        {"cause": ClaimCause.ILLNESS, "amount": "3000", "occurred_on": today().isoformat()},
    )

    assert said in page
    assert said in posted.content.decode()
    assert not InsuranceClaim.objects.filter(household=monitored_one).exists()
    assert not claims.claim_eligible(monitored_one)


def test_a_claim_made_before_the_closing_is_not_approved_after_it(personas, monitored_one):
    claim = claims.claim_create(
        actor=personas.cadre_a,
        household=monitored_one,
        cause=ClaimCause.ILLNESS,
        amount=Decimal("3000"),
        occurred_on=today(),
    )
    close(personas, monitored_one)

    with pytest.raises(ApplicationError, match=r"该户已注销.*请选择“不予赔付”并填写理由"):
        claims.claim_decide(
            actor=personas.county_officer, claim=claim, status="approved", approved_amount=Decimal("3000")
        )
    claims.claim_decide(actor=personas.county_officer, claim=claim, status="rejected", note="该户已注销")

    claim.refresh_from_db()
    assert claim.status == "rejected"


def test_no_fangpinbao_measure_is_arranged_for_a_closed_household(personas, monitored_one):
    plans.plan_create(actor=personas.township, household=monitored_one)
    close(personas, monitored_one)
    fangpinbao = type("MeasureType", (), {"code": claims.FANGPINBAO})()

    assert claims.measure_refusal(fangpinbao, monitored_one).startswith("该户已注销")
