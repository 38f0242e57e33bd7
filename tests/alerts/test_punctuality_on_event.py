"""Review alrt 3: a feed reported as it happens (产业风险, seed 001 §二(四)④ "及时研判推送") owes no period, so the
punctuality page shows it as the within-7-days feeds: "—" for the counts, its cadence and 不按期应报, and no
（自 … 起） start of periods owed."""

import re

import pytest
from django.utils import timezone

from alerts.selectors import punctuality_table

pytestmark = pytest.mark.django_db
NAME = "产业风险"  # agriculture-industry, cadence on_event


def row_of(page: str, name: str) -> str:
    return next(row for row in re.findall(r"<tr[^>]*>.*?</tr>", page, flags=re.S) if name in row)


def test_the_as_it_happens_feed_owes_no_period_on_the_punctuality_page(clerks, login):
    today = timezone.localdate()
    (row,) = [r for r in punctuality_table(actor=clerks["agriculture"], start=today, end=today) if r.feed_type]
    assert (row.unscheduled, row.within_days, row.expected) == (True, False, 0)

    page = login(clerks["agriculture"]).get("/alerts/punctuality/").content.decode()
    shown = row_of(page, NAME)
    assert "（自" not in shown
    assert "发生即报，不定期，不按期应报" in shown
    cells = re.findall(r'<td data-label="(?:应报|按时|迟报|漏报|及时率)" class="num [a-z-]+">(.*?)</td>', shown)
    assert cells == ["—"] * 5


def test_a_department_whose_feeds_are_all_as_it_happens_owes_nothing_in_its_total_row(clerks, personas, login):
    """Review (last session): 农业农村局 reports only 产业风险, as it happens; its 合计 read 0 owed, 0 late, as if it
    had sent everything on time. It reads — as the feed's row does, and null in the API."""
    today = timezone.localdate()
    table = punctuality_table(actor=personas.county_officer, start=today.replace(month=1, day=1), end=today)
    (total,) = [r for r in table if r.feed_type is None and r.department == "agriculture"]
    assert (total.all_unscheduled, total.counted) == (True, False)
    assert all(r.counted for r in table if r.feed_type is None and r.department == "health")

    client = login(personas.county_officer)
    page = client.get("/alerts/punctuality/").content.decode()
    shown = row_of(page, "农业农村局 合计")
    cells = re.findall(r'<td data-label="(?:应报|按时|迟报|漏报|及时率)" class="num [a-z-]+">(.*?)</td>', shown)
    assert cells == ["—"] * 5

    api = client.get("/api/v1/feed-punctuality/").json()
    (total_api,) = [r for r in api if r["department"] == "agriculture" and r["feed_type"] is None]
    (feed_api,) = [r for r in api if r["department"] == "agriculture" and r["feed_type"] is not None]
    for row in (total_api, feed_api):
        assert (row["counted"], row["expected"], row["on_time"], row["late"], row["missing"], row["rate"]) == (
            False,
            None,
            None,
            None,
            None,
            None,
        )
    health = [r for r in api if r["department"] == "health" and r["feed_type"] is None]
    assert health and all(r["counted"] and isinstance(r["expected"], int) for r in health)
