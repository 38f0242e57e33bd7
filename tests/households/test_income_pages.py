"""The yearly income page: a new year is entered, an entered year is corrected, and never one by the other."""

from decimal import Decimal

import pytest

from households.services import income

pytestmark = pytest.mark.django_db

AMOUNTS = {
    "business_income": "0",
    "property_income": "0",
    "transfer_income": "0",
    "business_expenses": "0",
    "medical_expenses": "0",
    "education_expenses": "0",
    "disaster_expenses": "0",
    "other_rigid_expenses": "0",
}


@pytest.fixture
def entered(personas, household_a):
    return income.income_save(
        actor=personas.cadre_a, household=household_a, year=2025, amounts={"wage_income": Decimal("85368")}
    )


def test_a_new_entry_for_a_year_already_entered_is_refused_and_the_figures_are_kept(
    personas, household_a, entered, login
):
    client = login(personas.cadre_a)

    response = client.post(f"/households/{household_a.pk}/income/", {"year": "2025", "wage_income": "20000", **AMOUNTS})

    assert response.status_code == 200
    page = response.content.decode()
    assert "2025年度收支已录入" in page and "修改" in page
    assert 'value="20000"' in page  # what was typed is still there
    entered.refresh_from_db()
    assert entered.wage_income == Decimal("85368")


def test_correcting_a_year_updates_that_year_and_cannot_move_it(personas, household_a, entered, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/income/?year=2025"
    assert "修改2025年度收支" in client.get(url).content.decode()

    response = client.post(url, {"year": "2024", "wage_income": "90000", **AMOUNTS})

    assert response.status_code == 302
    entered.refresh_from_db()
    assert entered.wage_income == Decimal("90000")
    assert list(household_a.incomes.values_list("year", flat=True)) == [2025]


def test_a_new_year_is_entered(personas, household_a, entered, login):
    client = login(personas.cadre_a)

    response = client.post(f"/households/{household_a.pk}/income/", {"year": "2024", "wage_income": "30000", **AMOUNTS})

    assert response.status_code == 302
    assert sorted(household_a.incomes.values_list("year", flat=True)) == [2024, 2025]
