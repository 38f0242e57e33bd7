"""防贫保 final decisions (已赔付, 不予赔付) cannot be undone, so the claim page asks before sending them, as a
measure's closing does (data-confirm-rules, static/js/page_actions.js); 核准 is not final and is not asked."""

import json
import re
from decimal import Decimal

import pytest

from assistance.services import claims
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(personas, monitored_a):
    return claims.claim_create(
        actor=personas.cadre_a, household=monitored_a, cause="illness", amount=Decimal("8000"), occurred_on=today()
    )


def rules(page: str) -> list[dict]:
    found = re.search(r"data-confirm-rules='([^']*)'", page)
    assert found, "the decision form asks nothing before sending"
    return json.loads(found.group(1))


def test_paying_or_rejecting_a_claim_is_confirmed_first(personas, login, claim):
    claims.claim_decide(actor=personas.county_officer, claim=claim, status="approved", approved_amount=Decimal("7000"))

    page = login(personas.county_officer).get(f"/assistance/claims/{claim.pk}/").content.decode()

    asked = {rule["when"]["status"]: rule for rule in rules(page)}
    assert set(asked) == {"paid", "rejected"}
    # asked once what the server needs is filled: a form it would refuse is sent and refused without asking
    assert asked["paid"]["when"] == {"status": "paid", "paid_amount": True}
    assert "{paid_amount}" in asked["paid"]["ask"] and "不能更改或撤回" in asked["paid"]["ask"]
    assert asked["rejected"]["when"] == {"status": "rejected", "note": True}
    assert "确认不予赔付" in asked["rejected"]["ask"] and "不能更改或撤回" in asked["rejected"]["ask"]
    assert 'name="paid_amount"' in page and 'name="note"' in page  # the fields the rules read


def test_a_submitted_claim_asks_before_a_rejection_not_before_approval(personas, login, claim):
    page = login(personas.county_officer).get(f"/assistance/claims/{claim.pk}/").content.decode()

    assert "approved" not in [rule["when"]["status"] for rule in rules(page)]
    assert 'value="rejected"' in page
