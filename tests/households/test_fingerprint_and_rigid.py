"""Review rev-ux 6: plain words instead of technical text on the registry's pages: the go-live import's 文件指纹 is
short (the full SHA-256 value in its title); the income tab's 刚性支出 is a total with its parts named, not
"3000.00/0.00/0.00/0.00" and a footnote; and the "仍要保存" box is marked so that the error banner (errors.js,
tests/e2e/test_error_count_confirm.py) says it apart from the errors it counts."""

import datetime as dt
from decimal import Decimal

import pytest

from households.registry_import import registry_import_create
from households.services import income
from tests.clock import this_year
from tests.households.test_registry_import import VILLAGE_B, csv_upload, member, pid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_import_page_shows_a_short_fingerprint(personas, county, login):
    rows = [member("H1", VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]
    record = registry_import_create(actor=personas.county_officer, upload=csv_upload(rows), enqueue=False)

    page = login(personas.county_officer).get(f"/households/import/{record.pk}/").content.decode()

    assert "文件指纹" in page and "SHA-256）" not in page
    assert f'title="SHA-256 校验值：{record.checksum}">{record.checksum[:8]} ' in page
    assert page.count(record.checksum) == 1


def test_the_income_tab_names_each_rigid_expense_under_their_total(personas, household_a, login):
    amounts = {"wage_income": Decimal("9537"), "medical_expenses": Decimal("3000"), "disaster_expenses": Decimal("500")}
    income.income_save(actor=personas.cadre_a, household=household_a, year=this_year(), amounts=amounts)

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/?tab=income").content.decode()

    assert '<span data-rigid>3,500.00<br><span class="muted small">医疗 3,000.00 · 灾害 500.00</span></span>' in page
    assert "3000.00/0.00/500.00/0.00" not in page and "依次为" not in page


def test_the_confirmation_box_is_marked_apart_from_errors(personas, household_a, login):
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=this_year(), amounts={"wage_income": Decimal("95370")}
    )
    client = login(personas.cadre_a)

    page = client.post(
        f"/households/{household_a.pk}/income/?year={this_year()}", {"year": this_year(), "wage_income": "9537"}
    ).content.decode()

    assert 'name="confirm_unusual" data-confirm' in page or 'data-confirm id="id_confirm_unusual"' in page
