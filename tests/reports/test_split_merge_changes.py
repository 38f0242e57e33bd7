"""分户 and 合户 in 监测对象变动 (reports.selectors.monitoring): the household split off a monitored one carries its
纳入监测日期 but is monitored only from the day of the split, so past months keep their figures; neither the split
nor the 合户 that closes it is a 新增 or a 减少: both are 分户合户调整, and 期初 + 新增 − 减少 ± 调整 = 期末 holds.

a1 (张三 and his son 张小三, monitored since 1 March 2026, 涂埠镇): 张小三 splits off on 10 July, his household
merges back into a1 on 20 August. Done through the services, their history rows dated back to those days."""

import datetime as dt

import pytest
from django.utils import timezone

from households.choices import Relation
from households.models import Household, HouseholdEvent
from households.models.activity import MemberChange
from households.services.merge import household_merge
from households.services.moves import household_split
from reports.selectors.monitoring import monitored_on
from tests.reports.conftest import download, libreoffice_csv

pytestmark = pytest.mark.django_db

SPLIT_ON, MERGED_ON = dt.date(2026, 7, 10), dt.date(2026, 8, 20)
MONTHS = ["2026-03-15", "2026-06-15", "2026-07-15", "2026-08-15", "2026-09-15"]


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def dated(on: dt.date, act):
    """Run a registry act as if made on `on`: the days it records (the households' split_on and closed_on, the
    members' 成员变动 rows) and its history rows moved back to that day. Returns what the act returned."""
    last_change = MemberChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_event = HouseholdEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    done = act()
    today = timezone.localdate()
    Household.objects.filter(split_on=today).update(split_on=on)
    Household.objects.filter(closed_on=today).update(closed_on=on)
    MemberChange.objects.filter(pk__gt=last_change).update(changed_on=on, created_at=_at(on))
    HouseholdEvent.objects.filter(pk__gt=last_event).update(created_at=_at(on))
    return done


def split_off_son(personas, a1, on=SPLIT_ON) -> Household:
    son = a1.members.get(relation=Relation.SON)
    split = lambda: household_split(  # noqa: E731
        actor=personas.cadre_a, household=a1, members=[son], new_head=son, relations={}, confirm_unusual=True
    )  # fmt: skip
    return dated(on, split)


def merge(personas, source, target, relations, on=MERGED_ON) -> Household:
    return dated(on, lambda: household_merge(actor=personas.cadre_a, source=source, target=target, relations=relations))


def _split_and_merge_back(personas, a1) -> Household:
    new = split_off_son(personas, a1)
    son = new.members.get()
    merge(personas, new, a1, {son.pk: Relation.SON})
    return new


def _town(client, date):
    p = client.get(f"/reports/performance/?period=month&date={date}").context["p"]
    return next(row for row in p.rows if row.region.name == "涂埠镇").changes


def _figures(c):
    return {
        "期初": (c.start_households, c.start_persons),
        "新增": (c.added_households, c.added_persons),
        "减少": (c.removed_households, c.removed_persons, c.exited_households),
        "期末": (c.end_households, c.end_persons),
    }


def _balance(c):
    households = c.start_households + c.added_households - c.removed_households + c.adjusted_households
    persons = c.start_persons + c.added_persons - c.removed_persons + c.changed_persons
    return households == c.end_households and persons == c.end_persons


def test_the_household_split_off_is_monitored_from_the_split_and_not_before(personas, registry):
    new = _split_and_merge_back(personas, registry.a1)
    new.refresh_from_db()
    households = Household.objects.filter(pk=new.pk)

    assert new.monitoring_start == dt.date(2026, 3, 1)  # carried, as the split's notice says
    assert (new.split_from_id, new.split_on, new.merged_into_id, new.closed_on) == (
        registry.a1.pk,
        SPLIT_ON,
        registry.a1.pk,
        MERGED_ON,
    )
    days = [dt.date(2026, 3, 31), dt.date(2026, 7, 9), SPLIT_ON, dt.date(2026, 8, 19), MERGED_ON]
    assert [monitored_on(households, day).exists() for day in days] == [False, False, True, True, False]


def test_a_split_and_a_merge_back_leave_new_and_removed_as_they_were_and_show_as_adjustments(personas, registry, login):
    """The family was one monitored household before the split and after the merge, and two in between: March
    keeps its one 新增, July shows +1 and August −1 as 分户合户调整, no month counts a 新增 or a 减少 for them, the
    persons (the same people throughout) do not change, and every month adds up."""
    client = login(personas.official)
    before = {date: _figures(_town(client, date)) for date in MONTHS}

    _split_and_merge_back(personas, registry.a1)
    after = {date: _town(client, date) for date in MONTHS}

    for date in ["2026-03-15", "2026-06-15", "2026-09-15"]:
        assert _figures(after[date]) == before[date], date
        assert after[date].adjusted_households == 0, date
    july, august = after["2026-07-15"], after["2026-08-15"]
    assert july.adjusted_households == 1 and august.adjusted_households == -1
    assert (july.added_households, july.removed_households) == (before["2026-07-15"]["新增"][0], 0)
    assert july.end_households == before["2026-07-15"]["期末"][0] + 1
    assert august.start_households == before["2026-08-15"]["期初"][0] + 1
    assert _figures(august)["减少"] == before["2026-08-15"]["减少"]  # the merge is no 减少 and no 风险消除
    assert august.end_households == before["2026-08-15"]["期末"][0]
    assert [after[date].start_persons for date in MONTHS] == [before[date]["期初"][1] for date in MONTHS]
    assert [after[date].end_persons for date in MONTHS] == [before[date]["期末"][1] for date in MONTHS]
    assert all(_balance(after[date]) for date in MONTHS)


def test_the_dashboard_trend_counts_neither_the_split_nor_the_merge(personas, registry, login):
    client = login(personas.official)
    trend = client.get("/reports/dashboard/").context["charts"]["chart-trend"]

    _split_and_merge_back(personas, registry.a1)

    assert client.get("/reports/dashboard/").context["charts"]["chart-trend"] == trend


def test_the_page_the_api_and_the_workbook_show_the_adjustment(personas, registry, login):
    _split_and_merge_back(personas, registry.a1)
    client = login(personas.official)

    page = client.get("/reports/performance/?period=month&date=2026-07-15").content.decode()
    assert "分户合户调整（±户）" in page and '<td class="num" data-adjusted-households>+1</td>' in page
    body = client.get("/api/v1/reports/performance/?period=month&date=2026-08-15").json()
    town = next(row for row in body["rows"] if row["name"] == "涂埠镇")["changes"]
    assert (town["removed_households"], town["adjusted_households"]) == (0, -1)
    opened = libreoffice_csv(download(client.get("/reports/performance/export/?period=month&date=2026-08-15")))
    header = next(row for row in opened if row and row[0] == "单位" and row[1] == "期初监测户数")
    town_row = dict(zip(header, next(row for row in opened if row and row[0] == "涂埠镇"), strict=False))
    assert (town_row["本期减少户数"], town_row["分户合户调整（±户）"]) == ("0", "-1")
