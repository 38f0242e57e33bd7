"""工作成效's visit coverage of a household monitored again after an exit (风险再标注) that was closed (注销) and
reopened (撤销注销) during its EARLIER monitoring: the months it was out of the registry are not due in that earlier
window either, and a visit dated in them does not count (the current window's closed months were tested on their own
in test_visit_coverage_reopened; the earlier window had no test of its own).

d1 (tests/reports/conftest.py `cases`, 涂埠镇 village B) was monitored from 2026-01-02 and its exit decided on
2026-05-10, so its earlier window is January–May 2026."""

import datetime as dt

import pytest
from django.utils import timezone

from households.choices import LivingStatus
from households.models import Household, HouseholdEvent
from households.services.closing import household_close, household_reopen
from households.services.member_status import member_set_status
from reports.selectors.visit_coverage import visit_windows
from tests.clock import today
from tests.reports.conftest import download, libreoffice_csv
from tests.reports.test_visit_coverage_remark import remark, visit

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
PERIOD = "period=year&date=2026-06-01"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def closed_and_reopened(personas, household: Household, closed: dt.date, reopened: dt.date) -> None:
    """注销 and 撤销注销 through the services (its head marked moved out by the village's cadre first), their history
    rows then dated as if done on those days."""
    head = household.members.get()
    member_set_status(
        left_reason="work", actor=personas.cadre_b, member=head, status=LivingStatus.MOVED_OUT, on=today()
    )
    household_close(actor=personas.township, household=household, reason="all_moved_out")
    closing = HouseholdEvent.objects.filter(household=household, summary__startswith="农户注销").latest("pk")
    HouseholdEvent.objects.filter(pk=closing.pk).update(created_at=_at(closed))
    head.refresh_from_db()
    household_reopen(actor=personas.county_officer, household=household, note="误将户主标记为迁出", restore_member=head)
    reopening = HouseholdEvent.objects.filter(household=household, summary__startswith="撤销农户注销").latest("pk")
    HouseholdEvent.objects.filter(pk=reopening.pk).update(created_at=_at(reopened))


@pytest.mark.parametrize(
    ("closed", "reopened", "remarked_on", "due_months"),
    [
        # Out February–March: January, April, May of the earlier window, and November–December: 5 (before: 7).
        (dt.date(2026, 1, 20), dt.date(2026, 4, 10), dt.date(2026, 11, 5), 5),
        # Out April–June, across the re-mark of May 20: January–March, then July–December: 9 (before: 12).
        (dt.date(2026, 3, 10), dt.date(2026, 7, 1), dt.date(2026, 5, 20), 9),
    ],
)
def test_the_earlier_window_skips_the_months_the_household_was_closed(
    personas, cases, closed, reopened, remarked_on, due_months
):
    closed_and_reopened(personas, cases.d1, closed, reopened)
    remark(cases.d1, remarked_on)

    window = visit_windows(personas.official, "", *YEAR).get(pk=cases.d1.pk)

    assert window.earlier_from is not None  # it is read as re-marked, with an earlier window
    assert window.due_months == due_months


def test_the_page_the_api_and_the_workbook_count_the_earlier_window_without_its_closed_months(personas, cases, login):
    """涂埠镇: a1, a2, a3 and b1 are 脱贫户, due all 12 months (48), and d1 5 months (January, April, May, November,
    December): 53. d1's visits: January, April and November count; February (closed) and August (between its exit and
    its re-mark) do not: 3."""
    closed_and_reopened(personas, cases.d1, dt.date(2026, 1, 20), dt.date(2026, 4, 10))
    remark(cases.d1, dt.date(2026, 11, 5))
    for day in (dt.date(2026, 1, 25), dt.date(2026, 2, 12), dt.date(2026, 4, 20), dt.date(2026, 8, 10)):
        visit(cases.d1, day, personas)
    visit(cases.d1, dt.date(2026, 11, 20), personas)
    client = login(personas.official)

    response = client.get(f"/reports/performance/?{PERIOD}")
    town = {row.region.name: row for row in response.context["p"].rows}["涂埠镇"]
    api = client.get(f"/api/v1/reports/performance/?{PERIOD}").json()
    row = next(r for r in api["rows"] if r["name"] == "涂埠镇")
    rows = libreoffice_csv(download(client.get(f"/reports/performance/export/?{PERIOD}")))
    header = next(r for r in rows if "应走访户月数" in r)
    sheet = next(r for r in rows[rows.index(header) :] if r and r[0] == "涂埠镇")

    assert (town.visit_due, town.visit_due_months, town.visit_months) == (5, 53, 3)  # before: 55 due, 4 visited
    assert (row["visit_due_months"], row["visit_months"]) == (53, 3)
    assert (sheet[header.index("应走访户月数")], sheet[header.index("已走访户月数")]) == ("53", "3")
