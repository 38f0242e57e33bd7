"""监测对象变动 over months in which people moved between households: each month reads as it stood then, from the
registry's records (Household.split_on, closed_on, merged_into, the members' 户间迁出 rows), not from the wording of
history rows, and not from who is in which household today.

涂埠镇 (reports conftest): a1 (张三 and his son 张小三, monitored since 1 March 2026), a2 (monitored since 1 June),
a3 (王五, not monitored), b1 (monitored since December 2025). Every act is made through the services and dated back
(tests.reports.test_split_merge_changes.dated)."""

import datetime as dt

import pytest

from households.choices import MonitoringCategory, Relation
from households.models import Household, HouseholdEvent
from households.services.moves import member_transfer
from tests.reports.test_split_merge_changes import (
    MONTHS,
    _balance,
    _figures,
    _split_and_merge_back,
    _town,
    dated,
    merge,
    split_off_son,
)

pytestmark = pytest.mark.django_db


def _all(client):
    return {date: _town(client, date) for date in MONTHS}


def test_months_before_a_split_count_the_son_in_the_household_he_was_in(personas, registry, login):
    """张小三 splits off on 10 July and stays in his own household: June still counts him in a1 (期末 as before),
    July moves him to the new household (a1 −1 person, the new one +1 household and +1 person: 分户合户调整 +1,
    户内人员变动 0), and every month adds up."""
    client = login(personas.official)
    before = {date: _figures(changes) for date, changes in _all(client).items()}

    split_off_son(personas, registry.a1)
    after = _all(client)

    for date in ["2026-03-15", "2026-06-15"]:
        assert _figures(after[date]) == before[date], date
    july = after["2026-07-15"]
    assert (july.adjusted_households, july.changed_persons) == (1, 0)
    assert (july.end_households, july.end_persons) == (
        before["2026-07-15"]["期末"][0] + 1,
        before["2026-07-15"]["期末"][1],
    )
    assert all(_balance(after[date]) for date in MONTHS)


def test_a_member_moved_away_counts_in_the_household_he_left_until_the_move(personas, registry, login):
    """张小三 moves into a3 (not monitored) on 5 August (迁入他户): July counts him in a1 as before; August loses him
    as 户内人员变动 −1; the households do not change."""
    client = login(personas.official)
    before = {date: _figures(changes) for date, changes in _all(client).items()}
    son = registry.a1.members.get(relation=Relation.SON)

    dated(
        dt.date(2026, 8, 5),
        lambda: member_transfer(actor=personas.cadre_a, member=son, target=registry.a3, relation=Relation.OTHER),
    )
    after = _all(client)

    for date in ["2026-03-15", "2026-06-15", "2026-07-15"]:
        assert _figures(after[date]) == before[date], date
    august, september = after["2026-08-15"], after["2026-09-15"]
    assert august.changed_persons == -1 and august.adjusted_households == 0
    assert august.end_persons == before["2026-08-15"]["期末"][1] - 1
    assert september.start_persons == before["2026-09-15"]["期初"][1] - 1
    assert all(_balance(after[date]) for date in MONTHS)


def test_the_figures_do_not_hang_on_the_wording_of_history_rows(personas, registry, login):
    """A split and a merge back, then every history row and the 注销原因 reworded: no month changes."""
    new = _split_and_merge_back(personas, registry.a1)
    client = login(personas.official)
    said = {date: _figures(changes) for date, changes in _all(client).items()}
    adjusted = [changes.adjusted_households for changes in _all(client).values()]

    for event in HouseholdEvent.objects.filter(household__in=[new, registry.a1]):
        HouseholdEvent.objects.filter(pk=event.pk).update(summary=f"（改写）{event.summary}")
    Household.objects.filter(pk=new.pk).update(closed_reason="并户：并入农户 " + registry.a1.number)

    assert {date: _figures(changes) for date, changes in _all(client).items()} == said
    assert [changes.adjusted_households for changes in _all(client).values()] == adjusted == [0, 0, 1, -1, 0]


def test_a_merge_into_a_household_monitored_that_day_is_an_adjustment(personas, registry, login):
    """a1 (2 people) merges into a2 (monitored since June) on 20 August: 分户合户调整 −1, no 减少, its people now in
    a2 (户内人员变动 0); July is as it was."""
    client = login(personas.official)
    july, before = _figures(_town(client, "2026-07-15")), _figures(_town(client, "2026-08-15"))

    merge(personas, registry.a1, registry.a2, {m.pk: Relation.OTHER for m in registry.a1.members.all()})
    august = _town(client, "2026-08-15")

    assert _figures(_town(client, "2026-07-15")) == july
    assert (august.adjusted_households, august.changed_persons) == (-1, 0)
    assert _figures(august)["减少"] == before["减少"]
    assert (august.end_households, august.end_persons) == (before["期末"][0] - 1, before["期末"][1])
    assert _balance(august)


def test_a_merge_into_a_household_not_monitored_that_day_is_a_removal(personas, registry, login):
    """a1 (2 people) merged into a3, not monitored, on 20 August, as the merge allowed before it refused it (a3
    passes as monitored for the service only): the county lost a monitored household with no exit, a 减少 of 1
    household and 2 people, no 风险消除, no adjustment."""
    client = login(personas.official)
    before = _figures(_town(client, "2026-08-15"))

    Household.objects.filter(pk=registry.a3.pk).update(monitoring_category=MonitoringCategory.MARGINAL)
    merge(personas, registry.a1, registry.a3, {m.pk: Relation.OTHER for m in registry.a1.members.all()})
    Household.objects.filter(pk=registry.a3.pk).update(monitoring_category="")
    august = _town(client, "2026-08-15")

    assert august.adjusted_households == 0
    assert _figures(august)["减少"] == (before["减少"][0] + 1, before["减少"][1] + 2, before["减少"][2])
    assert (august.end_households, august.end_persons) == (before["期末"][0] - 1, before["期末"][1] - 2)
    assert _balance(august)
