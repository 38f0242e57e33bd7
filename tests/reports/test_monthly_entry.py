"""每月信息录入 (seed 004 §三(五): 每月20日前镇村完成脱贫人口和监测对象…信息录入): the lifted-out and monitored
households with nothing entered this month, per unit, scoped; 本月待录入 up to the county's day, 逾期未录入 after."""

import datetime as dt

import pytest
from django.utils import timezone

from households.models import HouseholdEvent, Visit
from reports.models import ReportSettings
from reports.selectors.entry import OVERDUE, PENDING, entry_month
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db

# A fixed month (a fake clock, as tests/clock.py asks: no date taken at import): March 2026, 31 days.
MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def clock(monkeypatch):
    """Set today (timezone.localdate, which the app asks) to a given day."""

    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def entries(registry, personas, clock):
    """Today 10 March 2026. Entered this month: a1 (a visit on the 2nd), a3 (a history row the cadre wrote on the
    5th). Not entered: a2 (a visit in February, another dated after today), b1 (a history row the system wrote),
    c1 (nothing)."""
    clock(MARCH.replace(day=10))

    def visit(household, day):
        Visit.objects.create(
            household=household, region_path=household.region_path, visited_on=day, visitor=personas.cadre_a
        )

    def event(household, actor, day):
        HouseholdEvent.objects.create(
            household=household, region_path=household.region_path, actor=actor, summary="修改农户信息",
            created_at=at(day),
        )  # fmt: skip

    visit(registry.a1, MARCH.replace(day=2))
    visit(registry.a2, dt.date(2026, 2, 27))
    visit(registry.a2, MARCH.replace(day=15))
    event(registry.a3, personas.cadre_a, MARCH.replace(day=5))
    event(registry.b1, None, MARCH.replace(day=5))
    return registry


def numbers(page: str, name: str) -> str:
    start = page.index(f'data-entry="{name}"')
    value = page.index('class="stat-value">', start) + len('class="stat-value">')
    return page[value : page.index(" ", value)]


def test_the_county_sees_each_township_with_its_households_due_entered_and_missing(entries, personas, login, county):
    page = login(personas.county_officer).get("/reports/entry/").content.decode()

    assert (numbers(page, "due"), numbers(page, "entered"), numbers(page, "missing")) == ("5", "2", "3")
    t1 = page[page.index(f'data-unit="{county.township.code}"') :]
    assert [cell.split("<")[0] for cell in t1.split('class="num">')[1:4]] == ["4", "2", ""]
    assert "<strong>2</strong>" in t1.split("</tr>")[0]
    for missing in (entries.a2, entries.b1, entries.c1):
        assert missing.number in page
    for entered in (entries.a1, entries.a3):
        assert entered.number not in page


def test_a_cadre_sees_only_their_village_and_a_township_not_the_other_township(entries, personas, login):
    cadre = login(personas.cadre_a).get("/reports/entry/").content.decode()
    assert entries.a2.number in cadre
    assert entries.b1.number not in cadre and entries.c1.number not in cadre
    assert (numbers(cadre, "due"), numbers(cadre, "missing")) == ("3", "1")

    township = login(personas.township).get("/reports/entry/").content.decode()
    assert entries.b1.number in township and entries.c1.number not in township

    # A village outside one's scope is not a choice: said at the field, and the page keeps to the scope.
    response = login(personas.cadre_b).get("/api/v1/reports/entry/", {"village": entries.a1.village.code})
    assert response.status_code == 400


def test_the_filters_narrow_to_a_village_and_a_household_type(entries, personas, login, county):
    client = login(personas.county_officer)
    page = client.get("/reports/entry/", {"village": county.village_a.code}).content.decode()
    assert entries.a2.number in page and entries.b1.number not in page

    data = client.get("/api/v1/reports/entry/", {"household_kind": "monitored"}).json()
    # a3 is lifted-out and not monitored; the monitored: a1, a2, b1, c1 (a1 entered).
    assert (data["total"]["due"], data["total"]["entered"], data["total"]["missing"]) == (4, 1, 3)
    assert {h["number"] for h in data["results"]} == {entries.a2.number, entries.b1.number, entries.c1.number}


@pytest.mark.parametrize(
    ("day", "status"),
    [(MARCH.replace(day=20), PENDING), (MARCH.replace(day=21), OVERDUE), (MARCH.replace(day=1), PENDING)],
)
def test_missing_entries_are_pending_up_to_the_20th_and_overdue_from_the_21st(registry, clock, day, status):
    clock(day)
    month = entry_month()
    assert (month.deadline, month.status) == (MARCH.replace(day=20), status)


def test_the_county_sets_its_own_day_and_a_short_month_ends_on_its_last_day(registry, clock):
    ReportSettings.objects.update_or_create(pk=1, defaults={"entry_day": 25})
    clock(MARCH.replace(day=21))
    assert entry_month().status == PENDING
    ReportSettings.objects.filter(pk=1).update(entry_day=31)
    clock(dt.date(2026, 2, 28))
    assert (entry_month().deadline, entry_month().status) == (dt.date(2026, 2, 28), PENDING)


def test_the_page_says_overdue_after_the_day(entries, personas, login, clock):
    clock(MARCH.replace(day=21))
    page = login(personas.township).get("/reports/entry/").content.decode()
    assert "data-entry-status>逾期未录入" in page
    clock(MARCH.replace(day=20))
    page = login(personas.township).get("/reports/entry/").content.decode()
    assert "data-entry-status>本月待录入" in page


def test_the_export_lists_the_missing_households_of_the_cadres_village(entries, personas, login):
    response = login(personas.cadre_a).post("/reports/export/", {"ledger": "entry_missing", "region": ""})
    header, body = ledger_table(read_xlsx(download(response)))
    assert header[3] == "户编号" and header[-1] == "录入状态"
    assert [(row[3], row[-1]) for row in body] == [(entries.a2.number, PENDING)]
    # The last record before today: the February visit (the one dated after today is not counted).
    assert body[0][-2] in (dt.date(2026, 2, 27), dt.datetime(2026, 2, 27))


def test_the_dashboard_and_the_home_page_link_to_the_list(entries, personas, login):
    client = login(personas.county_officer)
    dashboard = client.get("/reports/dashboard/").content.decode()
    card = dashboard[dashboard.index('data-duty="entry"') :]
    assert 'href="/reports/entry/' in card.split(">")[0]
    assert '<div class="stat-value">3 ' in card
    home = client.get("/").content.decode()
    assert "本月未录入信息" in home and "/reports/entry/" in home
