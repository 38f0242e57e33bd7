"""分户, 合户 and 农户注销 record what they did on the households (split_from and split_on, merged_into, closed_on),
for the reports of past months to read instead of the wording of history rows. Migration 0038 fills them in for the
households split, merged or closed before, and lists the moves between households made before the 成员变动 rows
began (0037): 户间迁出 and 户间迁入, dated, registered by and at the move's 变更记录 row."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from households.choices import Relation
from households.models import Household, HouseholdEvent
from households.models.activity import MemberChange
from households.services.closing import household_close, household_reopen
from households.services.member_status import member_set_status
from households.services.merge import household_merge
from households.services.moves import household_split, member_transfer
from tests.clock import today

pytestmark = pytest.mark.django_db
Kind = MemberChange.Kind
migration = importlib.import_module("households.migrations.0038_household_split_merge_closed_fields")


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def on_day(day: dt.date, hour: int, act):
    """Run `act`, its history rows as if written at `hour` on `day`."""
    last = HouseholdEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    done = act()
    HouseholdEvent.objects.filter(pk__gt=last).update(created_at=at(day, hour))
    return done


def split_son(personas, household):
    son = household.members.get(name="张小明")
    return household_split(
        actor=personas.township, household=household, members=[son], new_head=son, relations={}, confirm_unusual=True
    )


def test_a_split_records_where_from_and_when(household_a, personas):
    new = split_son(personas, household_a)

    assert (new.split_from, new.split_on) == (household_a, today())
    household_a.refresh_from_db()
    assert (household_a.split_from, household_a.split_on) == (None, None)


def test_a_closing_records_its_day_and_the_reopening_clears_it(household_b, personas):
    head = household_b.members.get()
    member_set_status(actor=personas.township, member=head, status="moved_out", on=today(), left_reason="work")
    household_close(actor=personas.township, household=household_b, reason="all_moved_out")
    household_b.refresh_from_db()
    assert household_b.closed_on == today()

    head.refresh_from_db()
    household_reopen(actor=personas.township, household=household_b, note="误标迁出", restore_member=head)

    household_b.refresh_from_db()
    assert (household_b.is_active, household_b.closed_on, household_b.merged_into) == (True, None, None)


def _moves(members):
    rows = MemberChange.objects.filter(member__in=members, kind__in=[Kind.TRANSFER_OUT, Kind.TRANSFER_IN])
    return sorted(
        rows.values_list(
            "member__name", "kind", "household", "other_household", "reason", "reason_text", "changed_on", "actor",
            "created_at",
        )
    )  # fmt: skip


def test_the_migration_fills_in_the_records_and_the_moves_made_before(household_a, household_b, personas):
    """A split on 3 March, a transfer on 9 April and a merge on 20 May, made before 0038: with their fields and
    their 成员变动 rows gone (the state 0037 left), the migration gives them back as the services write them, each
    row dated and registered by its move's history row. Run twice, it adds nothing."""
    split_on, moved_on, merged_on = dt.date(2026, 3, 3), dt.date(2026, 4, 9), dt.date(2026, 5, 20)
    new = on_day(split_on, 9, lambda: split_son(personas, household_a))
    wife = household_a.members.get(name="李秀英")
    transfer = lambda: member_transfer(  # noqa: E731
        actor=personas.township, member=wife, target=household_b, relation=Relation.OTHER
    )  # fmt: skip
    on_day(moved_on, 10, transfer)
    son = new.members.get()
    merge = lambda: household_merge(  # noqa: E731
        actor=personas.township, source=new, target=household_b, relations={son.pk: Relation.OTHER}
    )  # fmt: skip
    on_day(merged_on, 11, merge)
    moved = MemberChange.objects.filter(kind__in=[Kind.TRANSFER_OUT, Kind.TRANSFER_IN])
    records = list(Household.objects.filter(pk__in=[new.pk]).values_list("split_from", "split_on", "merged_into"))
    assert records == [(household_a.pk, today(), household_b.pk)]

    Household.objects.update(split_from=None, split_on=None, merged_into=None, closed_on=None)
    moved.delete()
    state = MigrationExecutor(connection).loader.project_state(("households", migration.__name__.rsplit(".", 1)[1]))
    migration.backfill_households(state.apps, None)
    migration.backfill_moves(state.apps, None)
    migration.backfill_moves(state.apps, None)

    new.refresh_from_db()
    assert (new.split_from, new.split_on, new.merged_into, new.closed_on) == (
        household_a,
        split_on,
        household_b,
        merged_on,
    )
    a, b, n = household_a.pk, household_b.pk, new.pk
    na, nb, nn = household_a.number, household_b.number, new.number

    def rows(name, out, into, reason, label, day, hour, verb="迁入"):
        by = (personas.township.pk, at(day, hour))
        return [
            (name, Kind.TRANSFER_OUT, out, into, reason, f"{label}（迁至农户{numbers[into]}）", day, *by),
            (name, Kind.TRANSFER_IN, into, out, reason, f"{label}（由农户{numbers[out]}{verb}）", day, *by),
        ]

    numbers = {a: na, b: nb, n: nn}
    assert _moves([wife, son]) == sorted(
        rows("张小明", a, n, "split", "分户", split_on, 9, verb="分出")
        + rows("李秀英", a, b, "transfer", "户间迁移", moved_on, 10)
        + rows("张小明", n, b, "merge", "合户", merged_on, 11)
    )
