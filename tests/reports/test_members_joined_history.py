"""监测对象变动 over months in which members joined a household (新生儿, 婚入, 迁入 … through the member pages: their
新增 成员变动 row, households.models.MemberChange): a member counts on a day only if they had joined by then, so a
past month's persons do not change when someone is registered later, and the one who joined counts as
户内人员变动 in the month they joined. A 已故 or 迁出 mark undone as a mistake (撤销误标) leaves the member counted
throughout, as if never marked.

涂埠镇 (reports conftest): a1 (张三 and his son 张小三, monitored since 1 March 2026), a2 (monitored since 1 June),
a3 (not monitored). Every act is made through the services and dated back (test_split_merge_changes.dated)."""

import datetime as dt

import pytest
from django.utils import timezone

from households.choices import LivingStatus, Relation
from households.models import Household
from households.models.activity import MemberChange
from households.services import registry as members
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from households.services.moves import member_transfer
from tests.clock import today
from tests.households.conftest import member_row
from tests.reports.test_moves_history import _all
from tests.reports.test_split_merge_changes import MONTHS, _balance, _figures, _town, dated

pytestmark = pytest.mark.django_db

BORN, ADDED = dt.date(2026, 5, 2), dt.date(2026, 7, 10)


def _add_baby(personas, household, on=ADDED):
    baby = member_row("张小宝", Relation.GRANDSON, BORN, 75, student_stage="none")
    add = lambda: members.member_add(actor=personas.cadre_a, household=household, data=baby, reason="newborn")  # noqa: E731
    return dated(on, add)


def test_a_newborn_registered_in_july_is_not_in_the_months_before(personas, registry, login):
    """张小宝 (born in May) is registered in a1 on 10 July: March and June keep their figures, July gains him as
    户内人员变动 +1 (not in 期初), August starts with him, and every month adds up."""
    client = login(personas.official)
    before = {date: _figures(changes) for date, changes in _all(client).items()}

    baby = _add_baby(personas, registry.a1)
    after = _all(client)

    assert baby.changes.get().kind == MemberChange.Kind.JOINED
    for date in ["2026-03-15", "2026-06-15"]:
        assert _figures(after[date]) == before[date], date
    july = after["2026-07-15"]
    assert july.start_persons == before["2026-07-15"]["期初"][1]
    assert (july.changed_persons, july.end_persons) == (1, before["2026-07-15"]["期末"][1] + 1)
    assert after["2026-08-15"].start_persons == before["2026-08-15"]["期初"][1] + 1
    assert all(_balance(after[date]) for date in MONTHS)
    assert (
        "之后新增的成员（新生儿、婚入、迁入等）自其变动日期（加入本户之日，新生儿一般为出生日期，不是录入之日）起计入"
        in client.get("/reports/performance/").content.decode()
    )


def _month(day: dt.date, months: int) -> str:
    """The 15th of the month `months` after `day`'s (before it, for a negative number)."""
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12}-{index % 12 + 1:02d}-15"


def test_a_baby_born_two_months_before_its_registration_counts_from_its_birth(personas, registry, login):
    """张小宝 is born two months ago and registered in a1 today, its 变动日期 its birth date (households.services.
    member_joined): the month before his birth keeps its figures, his birth month gains him as 户内人员变动 +1, the
    next month starts with him, and both identities of 监测对象变动 hold in every month."""
    Household.objects.filter(pk=registry.a1.pk).update(created_at=timezone.make_aware(dt.datetime(2026, 1, 2)))
    born = today().replace(day=1) - dt.timedelta(days=1)
    born = born.replace(day=1) - dt.timedelta(days=1)
    born = born.replace(day=5)  # the 5th of the month two months ago
    months = [_month(born, n) for n in (-1, 0, 1)]
    client = login(personas.official)
    before = {date: _town(client, date) for date in months}

    baby = member_row("张小宝", Relation.GRANDSON, born, 75, student_stage="none")
    members.member_add(actor=personas.cadre_a, household=registry.a1, data=baby, reason="newborn")
    after = {date: _town(client, date) for date in months}

    month_before, birth_month, next_month = months
    assert _figures(after[month_before]) == _figures(before[month_before])
    assert after[birth_month].start_persons == before[birth_month].start_persons
    assert after[birth_month].changed_persons == before[birth_month].changed_persons + 1
    assert after[birth_month].end_persons == before[birth_month].end_persons + 1
    assert after[next_month].start_persons == before[next_month].start_persons + 1
    assert all(_balance(changes) for changes in after.values())


def test_a_member_who_joined_and_then_moved_counts_nowhere_before_joining(personas, registry, login):
    """The baby joins a1 on 10 July and moves into a2 on 5 August (迁入他户): June counts him nowhere, July counts
    him in a1 (+1), August moves him between two monitored households (户内人员变动 0)."""
    client = login(personas.official)
    before = {date: _figures(changes) for date, changes in _all(client).items()}

    baby = _add_baby(personas, registry.a1)
    move = lambda: member_transfer(actor=personas.cadre_a, member=baby, target=registry.a2, relation=Relation.OTHER)  # noqa: E731
    dated(dt.date(2026, 8, 5), move)
    after = _all(client)

    for date in ["2026-03-15", "2026-06-15"]:
        assert _figures(after[date]) == before[date], date
    assert after["2026-07-15"].changed_persons == 1
    august = after["2026-08-15"]
    assert (august.start_persons, august.changed_persons) == (before["2026-08-15"]["期初"][1] + 1, 0)
    assert all(_balance(after[date]) for date in MONTHS)


def test_a_household_monitored_from_the_start_counts_its_go_live_members_from_the_start(personas, registry, login):
    """Members with no 新增 row (on record before the rows began) count from the household's first month."""
    assert not MemberChange.objects.filter(member__household=registry.a1).exists()
    client = login(personas.official)

    march = _all(client)["2026-03-15"]

    assert (march.added_households, march.added_persons) == (1, 2)


def test_a_mark_undone_as_a_mistake_leaves_the_member_counted_throughout(personas, registry, login):
    """张小三 marked 迁出 on 5 May, the mark undone (撤销误标) on 10 July: every month reads as before the mark."""
    client = login(personas.official)
    before = {date: _figures(changes) for date, changes in _all(client).items()}
    son = registry.a1.members.get(relation=Relation.SON)

    mark = lambda: member_set_status(  # noqa: E731
        actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=dt.date(2026, 5, 5), left_reason="study"
    )  # fmt: skip
    dated(dt.date(2026, 5, 5), mark)
    marked = _all(client)
    restore = lambda: member_restore(actor=personas.cadre_a, member=son, reason="误标，仍在家", relation=Relation.SON)  # noqa: E731
    dated(ADDED, restore)

    assert marked["2026-06-15"].end_persons == before["2026-06-15"]["期末"][1] - 1
    assert {date: _figures(changes) for date, changes in _all(client).items()} == before
    assert all(_balance(changes) for changes in _all(client).values())
