"""The household's income tab shows every amount the same way, with thousands separators (review of the cadre's
journey, item 5): the per-capita income read "10133.33" next to rigid expenses of "25,000.00"."""

from decimal import Decimal

import pytest

from households.services.income import income_save
from tests.clock import this_year

pytestmark = pytest.mark.django_db


def test_the_income_tab_separates_thousands_in_every_amount(personas, login, household_a):
    row = income_save(
        actor=personas.cadre_a,
        household=household_a,
        year=this_year(),
        amounts={"wage_income": Decimal("40400"), "medical_expenses": Decimal("25000")},
        confirm_unusual=True,
    )
    per_capita = row.per_capita_net_income
    assert per_capita >= 10000  # wide enough to need a separator

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/?tab=income").content.decode()

    assert f"{per_capita:,.2f}" in page and "40,400.00" in page and "25,000.00" in page
    assert f">{per_capita}<" not in page and "40400.00" not in page


def test_the_printed_form_sheet_separates_thousands_in_every_amount(personas, login, household_a):
    row = income_save(
        actor=personas.cadre_a,
        household=household_a,
        year=this_year(),
        amounts={"wage_income": Decimal("40400"), "medical_expenses": Decimal("25000")},
        confirm_unusual=True,
    )

    sheet = login(personas.cadre_a).get(f"/households/{household_a.pk}/form/print/").content.decode()

    assert "<td>40,400.00</td>" in sheet and "<td>25,000.00</td>" in sheet
    assert f"<strong>{row.per_capita_net_income:,.2f}</strong>" in sheet
    assert "40400.00" not in sheet and "25000.00" not in sheet
