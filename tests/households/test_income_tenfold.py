"""Review rev-ux 1: a correction of a year's income that drops a digit (工资性收入 95,370 typed as 9,537) is asked
about ("仍要保存") naming the amount, the figure on file and the new one, on the page and through the API alike,
and saved once confirmed; an ordinary correction is saved at once."""

from decimal import Decimal

import pytest

from households.models import HouseholdEvent
from households.services import income
from households.services.confirm import CONFIRM_FIELD
from tests.clock import this_year

pytestmark = pytest.mark.django_db

ZEROS = {
    "business_income": "0",
    "property_income": "0",
    "transfer_income": "0",
    "business_expenses": "0",
    "medical_expenses": "0",
    "education_expenses": "0",
    "disaster_expenses": "0",
    "other_rigid_expenses": "0",
}
ASKED = "工资性收入由 95,370.00 元改为 9,537.00 元，只有原来的十分之一或更少"


@pytest.fixture
def on_file(personas, household_a):
    return income.income_save(
        actor=personas.cadre_a, household=household_a, year=this_year(), amounts={"wage_income": Decimal("95370")}
    )


def test_a_wage_income_corrected_to_a_tenth_is_asked_about_on_the_page_and_saved_once_confirmed(
    personas, household_a, on_file, login
):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/income/?year={this_year()}"

    asked = client.post(url, {"year": this_year(), "wage_income": "9537", **ZEROS})

    assert asked.status_code == 200
    page = asked.content.decode()
    assert ASKED in page and "仍要保存" in page
    on_file.refresh_from_db()
    assert on_file.wage_income == Decimal("95370.00")

    confirmed = client.post(url, {"year": this_year(), "wage_income": "9537", CONFIRM_FIELD: "on", **ZEROS})

    assert confirmed.status_code == 302
    on_file.refresh_from_db()
    assert on_file.wage_income == Decimal("9537.00")
    event = HouseholdEvent.objects.filter(household=household_a, summary__startswith="修改").first()
    assert ASKED in event.summary  # the history notes what was confirmed


def test_an_ordinary_correction_and_a_small_amount_are_saved_without_a_question(personas, household_a, on_file, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/income/?year={this_year()}"

    # Within ten times: saved at once; a property income of 50 → 600 moves by less than the floor.
    assert client.post(url, {"year": this_year(), "wage_income": "60000", **ZEROS}).status_code == 302
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=this_year(), amounts={"property_income": Decimal("50")}
    )
    zeros = {**ZEROS, "property_income": "600"}
    assert client.post(url, {"year": this_year(), "wage_income": "60000", **zeros}).status_code == 302
    on_file.refresh_from_db()
    assert on_file.property_income == Decimal("600.00")


def test_the_api_asks_the_same_question_and_saves_with_confirm_unusual(personas, household_a, on_file, login):
    client = login(personas.cadre_a)
    body = {"household": household_a.pk, "year": this_year(), "wage_income": "953700"}

    asked = client.post("/api/v1/incomes/", body, content_type="application/json")

    assert asked.status_code == 400
    said = asked.json()["wage_income"][0]
    assert said.startswith("工资性收入由 95,370.00 元改为 953,700.00 元，是原来的 10 倍或更多")
    assert CONFIRM_FIELD in asked.json()
    saved = client.post("/api/v1/incomes/", {**body, CONFIRM_FIELD: True}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["wage_income"] == "953700.00"
