"""A visit entered after the month of its visit ended is 补录 (seed 003 §二1(7) 台账资料规范; 004 (五) 每月20日前
录入): a back-dated visit fills last month's shortfall, and nothing said so (review). Its 录入时间 is shown on the
visit card and in the visit API, the card and the API mark it 补录, and saving it says so. Computed from created_at
in the county's time, never stored."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from households.models import Visit
from households.services.visit_stated import FINDINGS, MSG_LATE_ENTRY
from households.services.visits import visit_record
from tests.clock import today
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def last_month_end() -> dt.date:
    return today().replace(day=1) - dt.timedelta(days=1)


def test_a_visit_entered_after_its_month_is_late_by_the_countys_clock(personas, household_a):
    visit = visit_record(actor=personas.cadre_a, household=household_a, visited_on=last_month_end(), notes="补记")
    assert visit.entered_late is True
    day = last_month_end()
    # 23:30 on the month's last day in Shanghai is still that month (15:30 UTC); 00:30 the next day is not.
    visit.created_at = dt.datetime.combine(day, dt.time(23, 30), tzinfo=SHANGHAI)
    assert visit.entered_late is False
    visit.created_at = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 30), tzinfo=SHANGHAI)
    assert visit.entered_late is True
    today_visit = visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), notes="本月")
    assert today_visit.entered_late is False


def test_saving_a_back_dated_visit_says_it_is_late_and_its_card_shows_it(personas, household_a, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/visits/new/"
    page = changed(page_form(client.get(url), "notes"), visited_on=last_month_end().isoformat(), notes="上月入户")

    response = client.post(url, page, follow=True)

    html = response.content.decode()
    assert MSG_LATE_ENTRY in html
    visit = Visit.objects.get(household=household_a)
    card = html[html.index("上月入户") - 1500 : html.index("上月入户")]
    assert "data-late-entry" in card and ">补录<" in card
    entered = visit.created_at.astimezone(SHANGHAI)
    assert f"录入时间 {entered:%Y-%m-%d %H:%M}" in card


def test_a_visit_entered_in_its_month_says_nothing_of_it(personas, household_a, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/visits/new/"
    page = changed(page_form(client.get(url), "notes"), visited_on=today().isoformat(), notes="本月入户")

    html = client.post(url, page, follow=True).content.decode()

    assert MSG_LATE_ENTRY not in html and "data-late-entry" not in html
    assert "录入时间 " in html


def test_the_api_gives_the_entry_time_and_the_late_mark(personas, household_a, login):
    client = login(personas.cadre_a)
    body = {"household": household_a.pk, "visited_on": last_month_end().isoformat(), **dict.fromkeys(FINDINGS, True)}

    recorded = client.post("/api/v1/visits/", body, content_type="application/json")

    assert recorded.status_code == 201, recorded.content
    visit = Visit.objects.get(household=household_a)
    assert recorded.json()["entered_late"] is True
    assert dt.datetime.fromisoformat(recorded.json()["created_at"]) == visit.created_at
    listed = client.get("/api/v1/visits/", {"household": household_a.pk}).json()["results"][0]
    assert listed["entered_late"] is True and listed["created_at"] == recorded.json()["created_at"]
