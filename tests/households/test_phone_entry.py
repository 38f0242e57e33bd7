"""What a village cadre meets entering the registry on a phone (review "phone" findings 9 and 14, and the home
tile): the year's income opens on the right year, the income table keeps its key figures in view, the keyboards
and lists of the household form, phone numbers to call, and the month's visits shown as progress."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from households.models import Grid, Household, Member
from households.services import income, registry
from tests.clock import this_year
from tests.households.conftest import make_id, member_row
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db

# Every amount but the wage left blank (the form takes a blank as 0).
NO_AMOUNTS = {name: "" for name in income.AMOUNT_FIELDS if name != "wage_income"}


def _input(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, name
    return found.group(0)


def _select(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[start : page.index("</select>", start)]


# Finding 9: the year's income


def test_entering_the_income_when_this_year_is_entered_opens_this_years_figures_to_correct(
    personas, household_a, login
):
    year = this_year()
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=year, amounts={"wage_income": Decimal("36000")}
    )
    client = login(personas.cadre_a)

    response = client.get(f"/households/{household_a.pk}/income/", follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [(f"/households/{household_a.pk}/income/?year={year}", 302)]
    assert f"{year}年度收支已录入，下面是该年度的数据，可直接修改。" in page
    assert f"修改{year}年度收支" in page and 'value="36000.00"' in page
    # An earlier year is still reachable, and it offers only the years not yet entered.
    assert "?new=1" in page and "录入其他年度" in page
    other = client.get(f"/households/{household_a.pk}/income/?new=1").content.decode()
    years = _select(other, "year")
    assert f'value="{year}"' not in years and f'value="{year - 1}" selected' in years


def test_a_new_years_amounts_are_blank_in_yuan_and_blank_counts_as_zero(personas, household_a, login):
    year = this_year()
    client = login(personas.cadre_a)

    page = client.get(f"/households/{household_a.pk}/income/").content.decode()

    wage = _input(page, "wage_income")
    assert "value=" not in wage and 'placeholder="0"' in wage  # nothing to delete before typing
    assert "工资性收入（元）" in page and "其他刚性支出（元）" in page
    assert f'value="{year}" selected' in _select(page, "year")

    response = client.post(
        f"/households/{household_a.pk}/income/", {"year": str(year), "wage_income": "30000", **NO_AMOUNTS}
    )

    assert response.status_code == 302
    row = household_a.incomes.get(year=year)
    assert row.wage_income == Decimal("30000") and row.medical_expenses == Decimal("0")
    assert row.per_capita_net_income == Decimal("10000.00")  # three living members


def test_the_income_tab_puts_the_per_capita_income_and_the_correction_link_first(personas, household_a, login):
    year = this_year()
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=year, amounts={"wage_income": Decimal("36000")}
    )

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/?tab=income").content.decode()

    # On a phone each year is a card (.ledger): no column is off to the right of the screen.
    table = page[page.index('<div class="ledger income-table">') :]
    row = table[table.index("<tbody>") :]
    assert row.index("修改") < row.index('data-label="人均纯收入"') < row.index('data-label="工资性"')
    assert "<th>年度</th><th>人均纯收入（元）</th>" in table
    # A read-only role gets no 修改 link that would only answer 403.
    read_only = login(personas.official).get(f"/households/{household_a.pk}/?tab=income").content.decode()
    assert f"?year={year}" not in read_only


# Finding 14: keyboards, lists and phone numbers


def test_id_number_inputs_keep_the_x_key_and_no_autocorrect(personas, county, household_a, login):
    client = login(personas.cadre_a)
    for url in ("/households/new/", f"/households/{household_a.pk}/members/new/"):
        field = _input(client.get(url).content.decode(), r"(?:members-0-)?id_number")
        assert 'autocapitalize="characters"' in field and 'spellcheck="false"' in field
        assert 'autocomplete="off"' in field and 'maxlength="18"' in field
        assert "inputmode" not in field  # a number pad has no X


def test_ethnicity_is_a_list_of_the_56_groups_and_a_short_form_is_read_as_the_full_name(
    personas, county, household_a, login
):
    client = login(personas.cadre_a)
    page = client.get("/households/new/").content.decode()
    options = re.findall(r"<option value=\"([^\"]+)\"", _select(page, "members-0-ethnicity"))
    assert len(options) == 57 and options[:2] == ["汉族", "蒙古族"] and options[-1] == "其他"
    assert 'value="汉族" selected' in _select(page, "members-0-ethnicity")

    # A member stored as "汉" before the list existed opens on 汉族 and is saved as 汉族.
    member = household_a.members.get(name="李秀英")
    Member.objects.filter(pk=member.pk).update(ethnicity="汉")
    edit = client.get(f"/households/members/{member.pk}/edit/").content.decode()
    assert 'value="汉族" selected' in _select(edit, "ethnicity")
    row = member_row("孙小", "son", dt.date(2015, 5, 5), 55, ethnicity="畲", student_stage="primary")
    added = registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=row)
    assert added.ethnicity == "畲族"


def test_the_household_form_lists_grids_by_number_and_opens_on_the_cadres_village(personas, county, login):
    for name in ("第一网格", "第三网格", "第十网格", "第二网格"):
        Grid.objects.create(village=county.village_a, name=name, region_path=county.village_a.path)

    page = login(personas.cadre_a).get("/households/new/").content.decode()

    grids = re.findall(r"<option value=\"\d+\">([^<]+)</option>", _select(page, "grid"))
    assert grids == ["城南村 第一网格", "城南村 第二网格", "城南村 第三网格", "城南村 第十网格"]
    village = _select(page, "village")
    assert f'value="{county.village_a.pk}" selected' in village and 'value=""' not in village


def test_the_household_phone_is_a_link_to_call_for_the_cadre_and_masked_text_for_a_read_only_role(
    personas, household_a, login
):
    Household.objects.filter(pk=household_a.pk).update(phone="13912345678")

    own = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()
    masked = login(personas.official).get(f"/households/{household_a.pk}/").content.decode()

    assert '<a class="tel" href="tel:13912345678">13912345678</a>' in own
    assert "139****5678" in masked and "tel:" not in masked


# The home tile: this month's visits are progress until the month ends


def test_the_home_tile_shows_this_months_unvisited_households_as_progress_not_as_late(personas, household_a, login):
    home = login(personas.cadre_a).get("/").content.decode()

    tile = home[home.index("本月尚未走访") :].split("</a>")[0]
    assert '<span class="tile-count">1</span>' in tile and "本月底前走访即可" in tile
    assert "本月未走访" not in home and "逾期" not in tile


def test_a_household_created_from_the_form_keeps_a_full_width_id_number_readable(personas, county, login):
    """The member forms keep reading what a phone's Chinese keyboard may type: full-width digits, a small x."""
    number = make_id(dt.date(1980, 2, 2), 17)
    typed = number[:17].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + number[17].lower()
    data = _household_post(county, [_member_post(0, "周全", typed, "head")])

    response = login(personas.cadre_a).post("/households/new/", data)

    assert response.status_code == 302
    assert Member.objects.get(name="周全").id_number == number


def test_the_member_form_shows_no_template_source(personas, household_a, login):
    # A {# … #} note over two lines printed an English developer comment under 文化程度 on every member form.
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/members/new/").content.decode()

    assert "文化程度" in page and "{#" not in page and "#}" not in page
