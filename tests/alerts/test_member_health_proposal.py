"""The health box of a verification says the change the feed suggests and chooses nothing (review alerts finding 2,
then fx_verify 4: proposed ticked, it changed a member's health unasked): 更新为 患有大病 was shown pre-filled with the
tick left empty, and a 纳入监测 declaring the medical risk left the member 健康 without a word. The page now says so
before the confirmation (in the browser: tests/e2e/test_medical_risk_advisory.py)."""

import pytest

from alerts.forms_verify import VerifyForm
from alerts.services.member_health import MSG_MEDICAL_RISK_HEALTHY, medical_risk_advisory
from households.choices import Health
from households.models import Member
from tests.alerts.test_member_health import illness  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_suggested_change_is_said_but_not_chosen_and_no_change_leaves_both_empty(illness):  # noqa: F811
    # Review fx_verify 4: proposed ticked, it changed the health of a member found 无返贫致贫风险 unasked.
    form = VerifyForm(alert=illness)
    assert (form["update_member_health"].value(), form["member_health"].value()) == (False, "")
    assert form.health_suggestion == "患有大病"

    Member.objects.filter(pk=illness.member_id).update(health=Health.SERIOUS)  # already registered ill
    illness.member.refresh_from_db()
    form = VerifyForm(alert=illness)
    assert (form["update_member_health"].value(), form["member_health"].value()) == (False, "")
    assert form.health_suggestion == ""


def test_the_page_carries_the_advisory_for_a_member_registered_healthy(personas, illness, login):  # noqa: F811
    page = login(personas.cadre_a).get(f"/alerts/{illness.pk}/").content.decode()

    message = MSG_MEDICAL_RISK_HEALTHY.format(risk="大病重病重残医疗支出大", name="张大山")
    assert medical_risk_advisory(illness)["message"] == message
    assert 'data-health-advisory data-outcome="include" data-risk="medical_cost" data-healthy="healthy" hidden>' in page
    assert message in page


def test_no_advisory_once_the_member_is_registered_ill(personas, illness, login):  # noqa: F811
    Member.objects.filter(pk=illness.member_id).update(health=Health.SERIOUS)
    illness.member.refresh_from_db()

    assert medical_risk_advisory(illness) is None
    assert (
        "data-health-advisory data-outcome"
        not in login(personas.cadre_a).get(f"/alerts/{illness.pk}/").content.decode()
    )
