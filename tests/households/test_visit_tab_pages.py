"""The household's 走访 tab lists its visits a page at a time (households.visit_tab.VISITS_PER_PAGE) and narrows
them to a year that has visits, each year offered with its count; the page links keep the tab and the year."""

import datetime as dt
import html
import re

import pytest

from households.models import Visit
from households.visit_tab import VISITS_PER_PAGE
from tests.clock import this_year

pytestmark = pytest.mark.django_db


def visits_in(household, visitor, year: int, count: int) -> None:
    for number in range(count):
        Visit.objects.create(
            household=household,
            region_path=household.region_path,
            visited_on=dt.date(year, 1 + number % 12, 1 + number // 12),
            visitor=visitor,
        )


def hrefs(page: str) -> set[str]:
    return {html.unescape(link) for link in re.findall(r'href="([^"]*)"', page)}


def cards(page: str) -> list[str]:
    """The visit dates the tab's cards show, in order."""
    section = page.split('<section class="tab-body">', 1)[1]
    return re.findall(r'<li class="card row-card"><strong>(\d{4}-\d{2}-\d{2})</strong>', section)


def test_the_tab_shows_a_page_of_visits_and_links_to_the_next_keeping_the_tab(personas, login, household_a):
    year = this_year()
    visits_in(household_a, personas.cadre_a, year, VISITS_PER_PAGE + 3)
    client, url = login(personas.cadre_a), f"/households/{household_a.pk}/"

    first = client.get(url, {"tab": "visits"}).content.decode()

    assert len(cards(first)) == VISITS_PER_PAGE
    assert cards(first)[0] == f"{year}-12-01"  # the latest first
    assert "?tab=visits&page=2" in hrefs(first)
    assert "第 1 / 2 页" in first
    second = client.get(url, {"tab": "visits", "page": 2}).content.decode()
    assert len(cards(second)) == 3
    assert not set(cards(first)) & set(cards(second))
    assert 'aria-current="page">走访</a>' in second  # still the visits tab


def test_the_year_filter_offers_the_years_with_visits_and_narrows_the_list(personas, login, household_a):
    year = this_year()
    visits_in(household_a, personas.cadre_a, year, 2)
    visits_in(household_a, personas.cadre_a, year - 2, 3)
    client, url = login(personas.cadre_a), f"/households/{household_a.pk}/"

    every = client.get(url, {"tab": "visits"}).content.decode()

    years = every.split("data-visit-years", 1)[1].split("</nav>", 1)[0]
    assert re.findall(r"(\d{4})年 <span", years) == [str(year), str(year - 2)]  # only years with visits
    assert '全部 <span class="badge">5</span>' in years
    assert f"?tab=visits&year={year - 2}" in hrefs(years)
    assert len(cards(every)) == 5
    earlier = client.get(url, {"tab": "visits", "year": year - 2}).content.decode()
    assert cards(earlier) == [f"{year - 2}-03-01", f"{year - 2}-02-01", f"{year - 2}-01-01"]
    assert f'aria-current="page">{year - 2}年' in earlier
    assert "?tab=visits" in hrefs(earlier)  # 全部: the tab kept, the year dropped


def test_the_page_links_keep_the_year(personas, login, household_a):
    year = this_year() - 1
    visits_in(household_a, personas.cadre_a, year, VISITS_PER_PAGE + 1)
    visits_in(household_a, personas.cadre_a, year + 1, 1)

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/", {"tab": "visits", "year": year})

    assert f"?tab=visits&year={year}&page=2" in hrefs(page.content.decode())


def test_a_year_without_visits_lists_none_and_says_so(personas, login, household_a):
    visits_in(household_a, personas.cadre_a, this_year(), 1)

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/", {"tab": "visits", "year": 1999})

    assert cards(page.content.decode()) == []
    assert "1999年没有走访记录。" in page.content.decode()


def test_a_single_year_offers_no_year_filter(personas, login, household_a):
    visits_in(household_a, personas.cadre_a, this_year(), 2)

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/", {"tab": "visits"}).content.decode()

    assert "data-visit-years" not in page and len(cards(page)) == 2
