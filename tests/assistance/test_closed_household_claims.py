"""防贫保 for a closed (已注销) household: closing ends its monitoring (seed 001 §五 limits 防贫保 to monitored
households), so no claim is taken, no 防贫保 measure is arranged, and a household is not closed while a claim waits to
be decided or paid; one a closing left pending is neither approved nor paid after it, only refused."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.choices import ClaimCause
from assistance.models import InsuranceClaim
from assistance.services import claims, plans
from config.errors import ApplicationError
from households.choices import HouseholdType, LivingStatus, Relation
from households.services import closing, registry
from households.services.closing import household_close
from households.services.member_status import member_set_status
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored_one(personas, county):
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary")],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    return monitor(household, risks=["unsafe_housing"])


def close(personas, household):
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=household.members.get(),
        status=LivingStatus.MOVED_OUT,
        on=today(),
    )
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


def claim_for(personas, household, **kwargs):
    values = {"cause": ClaimCause.ILLNESS, "amount": Decimal("3000"), "occurred_on": today()} | kwargs
    return claims.claim_create(actor=personas.cadre_a, household=household, **values)


def close_as_before(personas, household, monkeypatch):
    """Closed as a closing did before pending claims held it up (or a claim slipped in): no blocker asked."""
    monkeypatch.setattr(closing, "_blockers", [])
    close(personas, household)


def test_a_household_with_a_claim_still_to_decide_or_pay_is_not_closed(personas, monitored_one, login):
    claim = claim_for(personas, monitored_one, occurred_on=dt.date(2026, 3, 1))
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=monitored_one.members.get(),
        status=LivingStatus.MOVED_OUT,
        on=today(),
    )
    submitted = "该户有防贫保理赔“因病，2026-03-01出险”已申报，尚未核定，请先核定（核准或不予赔付），再注销农户。"

    with pytest.raises(ApplicationError) as refused:
        household_close(actor=personas.township, household=monitored_one, reason="all_moved_out")
    assert str(refused.value) == submitted
    page = login(personas.township).get(f"/households/{monitored_one.pk}/close/").content.decode()
    assert submitted in page

    claims.claim_decide(actor=personas.county_officer, claim=claim, status="approved", approved_amount=Decimal("2000"))
    with pytest.raises(ApplicationError, match="“因病，2026-03-01出险”已核准，尚未赔付，请先赔付或选择“不予赔付”"):
        household_close(actor=personas.township, household=monitored_one, reason="all_moved_out")

    claims.claim_decide(actor=personas.county_officer, claim=claim, status="paid", paid_amount=Decimal("2000"))
    household_close(actor=personas.township, household=monitored_one, reason="all_moved_out")
    monitored_one.refresh_from_db()
    assert not monitored_one.is_active


def test_a_claim_left_pending_by_a_closing_is_neither_approved_nor_paid_only_refused(
    personas, monitored_one, login, monkeypatch
):
    to_approve = claim_for(personas, monitored_one)
    to_pay = claim_for(personas, monitored_one, cause=ClaimCause.DISASTER)
    claims.claim_decide(actor=personas.county_officer, claim=to_pay, status="approved", approved_amount=Decimal("3000"))
    close_as_before(personas, monitored_one, monkeypatch)
    said = f"该户已注销（全户迁出，{today():%Y-%m-%d}注销），请先撤销注销。请选择“不予赔付”并填写理由。"

    with pytest.raises(ApplicationError) as not_approved:
        claims.claim_decide(
            actor=personas.county_officer, claim=to_approve, status="approved", approved_amount=Decimal("3000")
        )
    county = login(personas.county_officer)
    page = county.get(f"/assistance/claims/{to_pay.pk}/").content.decode()
    posted = county.post(f"/assistance/claims/{to_pay.pk}/", {"status": "paid", "paid_amount": "3000"})
    api = county.post(
        f"/api/v1/assistance/claims/{to_pay.pk}/decide/",
        {"status": "paid", "paid_amount": "3000"},
        content_type="application/json",
    )

    assert str(not_approved.value) == said
    assert "data-closed-notice" in page and "撤销注销后再核准或赔付；否则只能“不予赔付”" in page
    assert 'value="rejected"' in page and 'value="paid"' not in page
    assert posted.status_code == 200 and said in posted.content.decode()  # a page opened before the closing
    assert api.status_code == 400 and api.json()["detail"] == said
    to_pay.refresh_from_db()
    assert to_pay.status == "approved" and to_pay.paid_amount is None

    claims.claim_decide(actor=personas.county_officer, claim=to_pay, status="rejected", note="该户已注销")
    to_pay.refresh_from_db()
    assert to_pay.status == "rejected"


def test_no_fangpinbao_measure_is_arranged_for_a_closed_household(personas, monitored_one):
    plans.plan_create(actor=personas.township, household=monitored_one)
    close(personas, monitored_one)
    fangpinbao = type("MeasureType", (), {"code": claims.FANGPINBAO})()

    assert claims.measure_refusal(fangpinbao, monitored_one).startswith("该户已注销")
