"""Only an earlier year's line is entered for the county's province (000 §三(一)1: the monitoring range is adjusted
every year, 以后每年度根据省乡村振兴局统一调整确定). Every text that compares an income with that line says it stands
in for a year not entered ("沿用2021年监测标准 6,000 元（2026年未录入）"), those who enter lines (the county bureau,
the system admin) are warned on their home page and asked to enter it there; the village and the township, who cannot,
are not told on their home page but told on the screening's pages what the screening does meanwhile, without being
asked to act; once this year's line is in, the texts read plainly and the warning goes."""

import datetime as dt
from decimal import Decimal

import pytest

from households.choices import Relation
from households.services import registry
from households.services.income import per_capita_standing
from screening.choices import RunKind
from screening.models import MonitoringLine
from screening.selectors import MSG_OLD_LINE_REASON
from screening.services.runs import screening_run
from tests.clock import this_year
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_line(db):
    """Last year's line for Jiangxi, 6,000 元, and none for this year."""
    return MonitoringLine.objects.create(
        year=this_year() - 1, region_prefix="36", region_label="江西省", amount=Decimal("6000")
    )


@pytest.fixture
def no_income_household(personas, county):
    """Two people in village A, no income entered yet."""
    rows = [
        member_row("户主甲", Relation.HEAD, dt.date(1970, 1, 1), 901),
        member_row("成员乙", Relation.SON, dt.date(2000, 1, 1), 903),
    ]
    return registry.household_create(
        actor=personas.county_officer, village=county.village_a, members=rows, household_type="ordinary"
    )


def saved_message(client, household, wage_income: str) -> str:
    data = {"year": this_year(), "wage_income": wage_income}
    response = client.post(f"/households/{household.pk}/income/", data, follow=True)
    return "".join(str(message) for message in response.context["messages"])


def test_the_income_page_says_the_line_is_last_year_s_standing_in(old_line, no_income_household, personas, login):
    year = this_year()

    message = saved_message(login(personas.cadre_a), no_income_household, "10000")  # 5,000 per head

    assert f"人均纯收入 5,000.00 元，低于沿用{year - 1}年监测标准 6,000 元（{year}年未录入）。" in message


def test_an_income_at_an_inclusive_old_line_says_both(old_line, make_household):
    year = this_year()
    old_line.inclusive = True
    old_line.save()
    household = make_household("6000")

    standing = per_capita_standing(household=household, year=year, per_capita=Decimal("6000"))

    assert f"等于沿用{year - 1}年监测标准 6,000 元（{year}年未录入；标准以下含本数）" in standing


def test_last_year_s_income_against_last_year_s_line_reads_plainly(old_line, make_household):
    household = make_household("8000")
    year = this_year() - 1

    standing = per_capita_standing(household=household, year=year, per_capita=Decimal("5000"))

    assert f"低于{year}年监测标准 6,000 元" in standing
    assert "沿用" not in standing and "未录入" not in standing


def test_once_this_year_s_line_is_entered_the_income_page_reads_plainly(old_line, no_income_household, personas, login):
    year = this_year()
    MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal("7300"))

    message = saved_message(login(personas.cadre_a), no_income_household, "10000")

    assert f"人均纯收入 5,000.00 元，低于{year}年监测标准 7,300 元。" in message
    assert "沿用" not in message


def test_the_household_page_s_screening_reasons_say_the_line_is_last_year_s(old_line, make_household, personas, login):
    year = this_year()
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    note = MSG_OLD_LINE_REASON.format(year=year, line_year=year - 1)

    page = login(personas.cadre_a).get(f"{household.get_absolute_url()}?tab=screening").content.decode()

    assert f"低于 {year - 1} 年监测标准 6,000.00 元{note}" in page


WARNING = "{year}年的监测标准尚未录入：筛查仍按 {line_year} 年江西省标准 6,000 元执行。"


ENTER = "省里公布本年度标准后，请在“监测标准”中录入。"


@pytest.mark.parametrize(
    ("persona", "link"), [("county_officer", "/screening/lines/"), ("system_admin", "/admin/screening/monitoringline/")]
)
def test_who_enters_lines_is_warned_on_the_home_page(old_line, personas, login, persona, link):
    """Asked in the second person, on their own page, with the link to where they enter it (the county bureau's page
    said 请县乡村振兴局在“监测标准”中录入, as if to someone else)."""
    year = this_year()

    page = login(getattr(personas, persona)).get("/").content.decode()

    warning = page[page.index("data-tile-warn") : page.index("</div>", page.index("data-tile-warn"))]
    assert f'<a href="{link}">{WARNING.format(year=year, line_year=year - 1)}{ENTER}</a>' in warning
    assert "请县乡村振兴局" not in page


@pytest.mark.parametrize("persona", ["township", "cadre_a"])
def test_those_who_cannot_enter_the_line_are_not_asked_to(old_line, personas, login, persona):
    """Their home page says nothing of it (they cannot act on it); the screening results, whose income hits use last
    year's line, say so without asking them (or naming who should) to enter it (000 §三(一)1)."""
    year = this_year()
    client = login(getattr(personas, persona))

    home = client.get("/").content.decode()
    assert "监测标准尚未录入" not in home and "data-tile-note" not in home and "data-tile-warn" not in home

    page = client.get("/screening/").content.decode()
    notice = page[page.index("data-line-notice") : page.index("</p>", page.index("data-line-notice"))]
    assert WARNING.format(year=year, line_year=year - 1) in notice
    assert "请" not in notice and "去录入" not in notice


def test_the_county_is_asked_on_the_screening_results_too(old_line, personas, login):
    year = this_year()

    page = login(personas.county_officer).get("/screening/").content.decode()

    notice = page[page.index("data-line-notice") : page.index("</p>", page.index("data-line-notice"))]
    assert f"{WARNING.format(year=year, line_year=year - 1)}{ENTER}" in notice
    assert '<a href="/screening/lines/">去录入监测标准</a>' in notice


def test_the_approver_is_not_told_on_the_home_page(old_line, personas, login):
    page = login(personas.approver).get("/").content.decode()

    assert "监测标准尚未录入" not in page


def test_no_home_warning_once_this_year_s_line_is_entered(old_line, personas, login):
    MonitoringLine.objects.create(year=this_year(), region_prefix="36", region_label="江西省", amount=Decimal("7300"))

    page = login(personas.county_officer).get("/").content.decode()

    assert "监测标准尚未录入" not in page
    assert "监测标准待录入" not in page
    assert "data-tile-note" not in login(personas.cadre_a).get("/").content.decode()
