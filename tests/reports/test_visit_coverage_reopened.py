"""工作成效's visit coverage and a closing undone (review: a household closed (注销) and reopened (撤销注销) was counted
as due a visit in the months it was closed, since reopening clears closed_on). The months after the closing's month
and before the reopening's are read from the household's history and are not due; a visit dated in them does not
count. Both the closing's and the reopening's months are due (the household was in the registry for part of each)."""

import datetime as dt

import pytest
from django.utils import timezone

from households.choices import HouseholdType, LivingStatus, Relation
from households.models import HouseholdEvent, Visit
from households.services import registry
from households.services.closing import household_close, household_reopen
from households.services.member_status import member_set_status
from reports.selectors.visit_coverage import VISIT_RULE, visit_windows
from tests.clock import today
from tests.households.conftest import member_row
from tests.reports.conftest import LIVE_SINCE, download, libreoffice_csv, registered_since

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _household(personas, county, name, sequence):
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row(name, Relation.HEAD, dt.date(1968, 3, 12), sequence)],
        household_type=HouseholdType.LIFTED_OUT,
    )
    registered_since(LIVE_SINCE, household)
    return household


def _closed_and_reopened(personas, household, closed: dt.date, reopened: dt.date) -> None:
    """注销 and 撤销注销 through the services, their history rows then dated as if done on those days."""
    head = household.members.get()
    member_set_status(
        left_reason="work", actor=personas.cadre_a, member=head, status=LivingStatus.MOVED_OUT, on=today()
    )
    household_close(actor=personas.township, household=household, reason="all_moved_out")
    closing = HouseholdEvent.objects.filter(household=household, summary__startswith="农户注销").latest("pk")
    HouseholdEvent.objects.filter(pk=closing.pk).update(created_at=_at(closed))
    head.refresh_from_db()
    household_reopen(actor=personas.county_officer, household=household, note="误将户主标记为迁出", restore_member=head)
    reopening = HouseholdEvent.objects.filter(household=household, summary__startswith="撤销农户注销").latest("pk")
    HouseholdEvent.objects.filter(pk=reopening.pk).update(created_at=_at(reopened))


@pytest.fixture
def households(personas, county):
    """涂埠镇, 2026, both lifted out and registered long ago:
    - `reopened`: closed 2026-03-15, reopened 2026-07-02: due January–March and July–December, 9 months; visited in
      March, in May (dated while closed: not counted) and in July;
    - `steady`: never closed: due all 12 months; visited in January."""
    reopened = _household(personas, county, "张大山", 11)
    steady = _household(personas, county, "李红", 45)
    _closed_and_reopened(personas, reopened, dt.date(2026, 3, 15), dt.date(2026, 7, 2))
    for household, day in [
        (reopened, dt.date(2026, 3, 20)),
        (reopened, dt.date(2026, 5, 8)),
        (reopened, dt.date(2026, 7, 9)),
        (steady, dt.date(2026, 1, 12)),
    ]:
        Visit.objects.create(
            household=household, region_path=household.region_path, visited_on=day, visitor=personas.cadre_a
        )
    return {"reopened": reopened, "steady": steady}


def test_the_months_a_household_was_closed_are_not_due(personas, households):
    windows = visit_windows(personas.official, "", *YEAR).in_bulk()

    assert windows[households["reopened"].pk].due_months == 9  # before: 12, the closed months April–June included
    assert windows[households["steady"].pk].due_months == 12


def test_a_period_inside_the_closing_charges_nothing(personas, households):
    windows = visit_windows(personas.official, "", dt.date(2026, 4, 1), dt.date(2026, 6, 30)).in_bulk()

    assert windows[households["reopened"].pk].due_months == 0
    assert windows[households["steady"].pk].due_months == 3


def test_the_page_the_api_and_the_workbook_count_only_the_months_in_the_registry(personas, households, login):
    """21 household-months due (9 + 12); visited: reopened March and July (May not counted), steady January: 3."""
    client = login(personas.official)
    response = client.get("/reports/performance/?period=year&date=2026-06-01")
    town = {row.region.name: row for row in response.context["p"].rows}["涂埠镇"]
    api = client.get("/api/v1/reports/performance/?period=year&date=2026-06-01").json()
    row = next(r for r in api["rows"] if r["name"] == "涂埠镇")
    rows = libreoffice_csv(download(client.get("/reports/performance/export/?period=year&date=2026-06-01")))
    header = next(r for r in rows if "应走访户月数" in r)
    sheet = next(r for r in rows[rows.index(header) :] if r and r[0] == "涂埠镇")

    assert (town.visit_due, town.visit_due_months, town.visit_months) == (2, 21, 3)  # before: 24 due, 4 visited
    assert (row["visit_due_months"], row["visit_months"]) == (21, 3)
    assert (sheet[header.index("应走访户月数")], sheet[header.index("已走访户月数")]) == ("21", "3")
    assert "撤销注销的农户，注销当月之后至撤销注销当月之前的月份不计" in response.content.decode()


def test_the_workbook_states_the_counting_rule_the_page_states(personas, households, login):
    """Review: the workbook gave 应走访户月数 and 走访覆盖率 without saying which months were due or what a visit is."""
    client = login(personas.official)
    page = client.get("/reports/performance/?period=year&date=2026-06-01").content.decode()
    rows = libreoffice_csv(download(client.get("/reports/performance/export/?period=year&date=2026-06-01")))
    notes = [row[0] for row in rows if row and row[0].startswith("走访口径说明：")]
    header = next(r for r in rows if "应走访户月数" in r)

    assert len(notes) == 1 and VISIT_RULE in notes[0] and VISIT_RULE in page
    assert "注销当月之后至撤销注销当月之前的月份不计" in notes[0] and "已作废的走访记录" in notes[0]
    assert "每月均走访户数为应走访的每个月都走访到的户数" in notes[0]
    assert rows.index(header) < next(i for i, row in enumerate(rows) if row and row[0] == notes[0])  # under 三
