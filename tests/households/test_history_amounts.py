"""变更记录 shows amounts in one format (review: a manual entry read "0 → 30000.00", the import "（空） → 24,000.00"):
thousands separated, cents only where there are some, （空） where there was no figure; stored history rows of
either shape are shown so, without being rewritten."""

from decimal import Decimal

import pytest

from households.models import HouseholdEvent
from households.services import income
from tests.clock import this_year

pytestmark = pytest.mark.django_db


def history(client, household) -> str:
    return client.get(f"/households/{household.pk}/", {"tab": "history"}).content.decode()


def test_a_manual_first_entry_reads_from_blank_with_thousands_and_no_cents(household_a, personas, login):
    income.income_save(
        actor=personas.cadre_a,
        household=household_a,
        year=this_year(),
        amounts={"wage_income": Decimal("30000"), "transfer_income": Decimal("1234.5")},
    )

    body = history(login(personas.cadre_a), household_a)

    assert "工资性收入：（空） → 30,000<" in body
    assert "转移性收入：（空） → 1,234.50<" in body
    assert "30000.00" not in body and "工资性收入：0 →" not in body


def test_a_correction_and_the_stored_rows_of_the_import_and_older_entries_read_alike(household_a, personas, login):
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=this_year(), amounts={"wage_income": Decimal("30000")}
    )
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=this_year(), amounts={"wage_income": Decimal("24000")}
    )
    for old, new in (("", "24,000.00"), ("0", "18000.00")):  # the import's row, an entry recorded before the fix
        HouseholdEvent.objects.create(
            household=household_a,
            region_path=household_a.region_path,
            summary="导入年度收支" if not old else "录入年度收支",
            changes=[{"field": "business_income", "label": "生产经营性收入", "old": old, "new": new}],
        )

    body = history(login(personas.cadre_a), household_a)

    assert "工资性收入：30,000 → 24,000<" in body
    assert "生产经营性收入：（空） → 24,000<" in body
    assert "生产经营性收入：0 → 18,000<" in body
    assert "24,000.00" not in body and "18000.00" not in body
