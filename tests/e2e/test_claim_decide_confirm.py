"""A county officer's final 防贫保 decision is asked before it is sent: cancelled, the claim stays as it was;
confirmed, it is recorded (templates/assistance/claim_detail.html, data-confirm-rules)."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assistance.models import InsuranceClaim
from assistance.services import claims
from households.choices import HouseholdType, MonitoringCategory, Relation
from households.models import Household
from households.services import registry
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def claim(personas, county):
    rows = [member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary")]
    household = registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type=HouseholdType.LIFTED_OUT
    )
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=today(), risk_types=["medical_cost"]
    )
    household.refresh_from_db()
    return claims.claim_create(
        actor=personas.cadre_a,
        household=household,
        cause="illness",
        amount=Decimal("8000"),
        occurred_on=today(),
    )


def test_rejecting_a_claim_is_asked_first_and_a_cancel_sends_nothing(live_server, phone, personas, claim, log_in):
    asked = []
    log_in(phone, personas.county_officer.username)
    phone.goto(f"{live_server.url}/assistance/claims/{claim.pk}/")
    phone.get_by_role("radio", name="不予赔付").check()
    phone.get_by_label("核定意见（不予赔付时必填）").fill("不属于防贫保救助范围")

    # cancelled: nothing is sent
    phone.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    phone.get_by_role("button", name="确认").click()
    expect(phone.locator("h1")).to_contain_text("已申报")
    assert asked and "确认不予赔付" in asked[0]
    claim.refresh_from_db()
    assert claim.status == "submitted"

    # confirmed: the decision is recorded
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="确认").click()
    expect(phone.locator(".msg")).to_contain_text("已记录理赔处理结果")
    assert InsuranceClaim.objects.get(pk=claim.pk).status == "rejected"
