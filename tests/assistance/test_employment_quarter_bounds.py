"""A quarter of a year the employment ledger cannot have (9999Q4, whose last day is past the last date, or 0000Q1)
given to the ledger's API is a 400 in Chinese at quarter saying the years it takes, and on its pages the current
quarter, as any unreadable quarter is; it was a 500 (the quarter's last day overflowed)."""

import pytest

from assistance.api_records import MSG_QUARTER, MSG_QUARTER_YEAR
from assistance.services.employment import quarter_of
from tests.clock import today

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/assistance/employment-members/", "/api/v1/assistance/employment/"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("quarter", ["9999Q4", "0000Q1", "1999Q4", "2101Q1"])
def test_the_ledger_api_refuses_a_quarter_of_a_year_it_cannot_have(url, quarter, household_a, personas, login):
    response = login(personas.cadre_a).get(url, {"quarter": quarter})

    assert response.status_code == 400, response.content.decode()[:300]
    assert response.json() == {"quarter": [MSG_QUARTER_YEAR.format(value=quarter)]}
    assert "2000 至 2100 年" in response.json()["quarter"][0]


@pytest.mark.parametrize("url", LISTS)
def test_the_ledger_api_still_takes_this_quarter_and_says_how_to_write_one(url, household_a, personas, login):
    client = login(personas.cadre_a)
    year, number = quarter_of(today())

    assert client.get(url, {"quarter": f"{year}Q{number}"}).status_code == 200
    assert client.get(url, {"quarter": "２０２６Q4"}).json() == {"quarter": [MSG_QUARTER]}


def test_the_ledger_page_shows_this_quarter_for_a_year_it_cannot_have(household_a, personas, login):
    year, number = quarter_of(today())

    page = login(personas.cadre_a).get("/assistance/employment/", {"quarter": "9999Q4"})

    assert page.status_code == 200
    assert f"{year}年第{number}季度" in page.content.decode()


def test_the_ledger_edit_page_answers_for_a_year_it_cannot_have(household_a, personas, login):
    head = household_a.members.get(relation="head")

    page = login(personas.cadre_a).get(f"/assistance/employment/members/{head.pk}/", {"quarter": "9999Q4"})

    # This quarter's form, or "not a labourer this quarter": either way not a server error.
    assert page.status_code in (200, 404)
