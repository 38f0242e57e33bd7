"""The household screening form reports every error of one submission at once, each at its field (DESIGN.md "forms
show errors at the field"): the date's with the items', not the date first and the items on the next try."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import Relation
from households.services import registry
from screening.models import ScreeningForm
from screening.services import campaigns, form_findings
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def field_phase() -> dict:
    return {
        "kind": "field_screening",
        "starts_on": today() - dt.timedelta(days=10),
        "ends_on": today() + dt.timedelta(days=30),
    }


def future_day() -> dt.date:
    return today() + dt.timedelta(days=21)


# The reviewer's submission: 3② ticked without a problem, a problem under 4 without a tick, ② without ①, a date to come.
ANSWERS = {"3": {"checked": ["housing_2"], "problem": ""}, "4": {"checked": [], "problem": "水质浑浊"}}
EXPECTED = {
    "filled_on": [campaigns.MSG_DATE_FUTURE],
    "item_3": [campaigns.MSG_PROBLEM_TEXT_REQUIRED.format(number=3, label="住房安全")],
    "item_4": [campaigns.MSG_QUESTION_REQUIRED.format(number=4, label="安全饮水")],
    "propose_monitoring": [campaigns.MSG_PROPOSE_NEEDS_RISK],
    # 3② ticked on a household judged 未发现风险: asked about in the same round (form_findings.judgement_conflicts).
    "at_risk": [form_findings.MSG_CONFLICT_GUARANTEE.format(which="住房安全")],
    "confirm_judgement": [form_findings.MSG_CONFIRM_JUDGEMENT],
}


@pytest.fixture
def campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer, name="冬季集中排查", region=county.county, villages=[county.village_a],
        phases=[field_phase()],
    )  # fmt: skip


@pytest.fixture
def household(personas, county):
    rows = [member_row("张大山", Relation.HEAD, dt.date(1970, 1, 1), 11)]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )


def test_the_service_reports_the_date_with_the_items(campaign, household, personas):
    with pytest.raises(ValidationError) as refused:
        campaigns.form_submit(
            actor=personas.cadre_a, campaign=campaign, household=household, answers=ANSWERS, propose_monitoring=True,
            filled_on=future_day(),
        )  # fmt: skip

    assert refused.value.message_dict == EXPECTED


def test_the_page_shows_every_error_at_its_field_in_one_round(campaign, household, personas, login):
    response = login(personas.cadre_a).post(
        f"/campaigns/{campaign.pk}/households/{household.pk}/form/",
        {
            "filled_on": future_day().isoformat(),
            "item_3_checked": ["housing_2"],
            "item_4_problem": "水质浑浊",
            "propose_monitoring": "on",
        },
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["filled_on"] == EXPECTED["filled_on"]
    assert form.errors["item_3_problem"] == EXPECTED["item_3"]
    assert form.errors["item_4_problem"] == EXPECTED["item_4"]
    assert form.errors["propose_monitoring"] == EXPECTED["propose_monitoring"]
    page = response.content.decode()
    assert all(message[0] in page for message in EXPECTED.values())
    assert not ScreeningForm.objects.exists()


def test_a_missing_date_still_lets_the_items_be_checked(campaign, household, personas, login):
    response = login(personas.cadre_a).post(
        f"/campaigns/{campaign.pk}/households/{household.pk}/form/", {"filled_on": "", "item_3_checked": ["housing_2"]}
    )

    errors = response.context["form"].errors
    assert set(errors) == {"filled_on", "item_3_problem", "at_risk", "confirm_judgement"}


def test_the_api_reports_them_together(campaign, household, personas, login):
    response = login(personas.cadre_a).post(
        "/api/v1/screening-forms/",
        {
            "campaign": campaign.pk,
            "household": household.pk,
            "answers": ANSWERS,
            "propose_monitoring": True,
            "filled_on": future_day().isoformat(),
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == EXPECTED
