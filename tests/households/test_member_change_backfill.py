"""Migration 0037 lists the 已故/迁出 marks and the reasoned additions made before the 成员变动 rows began. Each row's
登记人 and 登记时间 are those of the change as it was recorded — its 变更记录 row, else its audit event — not the
migration's, so the 家庭成员变动台账 says when a mark made on another day was registered."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import AuditEvent
from households.choices import LivingStatus, Relation
from households.models import HouseholdEvent, Member
from households.models.activity import MemberChange
from households.services import registry
from households.services.member_status import member_set_status
from tests.clock import today
from tests.households.conftest import member_row
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db
Kind = MemberChange.Kind
migration = importlib.import_module("households.migrations.0037_member_changes")


def run_migration():
    """The backfill as `migrate` runs it: on the models as they stand at 0037."""
    state = MigrationExecutor(connection).loader.project_state(("households", "0037_member_changes"))
    migration.backfill(state.apps, None)


def local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def recorded_at(event_filter, at: dt.datetime) -> None:
    """The history row as if written at `at` (made on another day than the migration runs)."""
    assert HouseholdEvent.objects.filter(**event_filter).update(created_at=at) == 1


def rows_of(member):
    return list(member.changes.values_list("kind", "reason_text", "changed_on", "actor", "created_at"))


def test_a_mark_and_an_addition_keep_the_time_and_recorder_of_their_history_rows(household_a, personas):
    son = household_a.members.get(name="张小明")
    on = today() - dt.timedelta(days=40)
    member_set_status(actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=on, left_reason="army")
    marked_at = local(on + dt.timedelta(days=2), 9, 30)  # registered two days after the day it happened
    recorded_at({"member": son, "summary__contains": "标记为迁出"}, marked_at)
    bride = registry.member_add(
        actor=personas.township,
        household=household_a,
        data=member_row("刘芳", Relation.DAUGHTER_IN_LAW, dt.date(1990, 4, 5), 52),
        reason="marriage",
    )
    added_at = local(today() - dt.timedelta(days=20), 15, 5)
    recorded_at({"member": bride, "summary__startswith": "新增家庭成员"}, added_at)
    MemberChange.objects.all().delete()

    run_migration()

    assert rows_of(son) == [(Kind.MOVED_OUT, "参军", on, personas.cadre_a.pk, marked_at)]
    assert rows_of(bride) == [(Kind.JOINED, "婚入", added_at.date(), personas.township.pk, added_at)]


def test_without_a_history_row_the_audit_event_says_who_and_when(household_a, personas):
    wife = household_a.members.get(name="李秀英")
    on = today() - dt.timedelta(days=90)
    Member.objects.filter(pk=wife.pk).update(living_status=LivingStatus.DECEASED, status_changed_on=on)
    audited_at = local(on, 16, 45)
    AuditEvent.objects.create(
        created_at=audited_at,
        actor=personas.cadre_a,
        actor_username=personas.cadre_a.username,
        action="member.status",
        summary=f"{household_a.number}：李秀英 标记为已故",
        object_type="households.member",
        object_id=str(wife.pk),
        region_path=household_a.region_path,
    )
    MemberChange.objects.all().delete()

    run_migration()

    assert rows_of(wife) == [(Kind.DECEASED, "未记录", on, personas.cadre_a.pk, audited_at)]


def test_a_mark_with_nothing_on_record_of_it_is_registered_by_the_migration(household_a, personas):
    wife = household_a.members.get(name="李秀英")
    on = today() - dt.timedelta(days=90)
    Member.objects.filter(pk=wife.pk).update(living_status=LivingStatus.DECEASED, status_changed_on=on)
    MemberChange.objects.all().delete()
    before = timezone.now()

    run_migration()

    (kind, _, changed_on, actor, created_at) = rows_of(wife)[0]
    assert (kind, changed_on, actor) == (Kind.DECEASED, on, None) and created_at >= before


def test_the_ledger_shows_when_the_mark_was_registered(household_a, personas, login):
    son = household_a.members.get(name="张小明")
    on = today() - dt.timedelta(days=40)
    member_set_status(actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=on, left_reason="work")
    marked_at = local(on + dt.timedelta(days=1), 10, 20)
    recorded_at({"member": son, "summary__contains": "标记为迁出"}, marked_at)
    MemberChange.objects.all().delete()
    run_migration()

    response = login(personas.county_officer).post(
        "/reports/export/", {"ledger": "member_changes", "date_from": on.isoformat(), "date_to": on.isoformat()}
    )
    data = download(response)

    header, rows = ledger_table(read_xlsx(data))
    row = dict(zip(header, rows[0], strict=True))
    assert (row["姓名"], row["变动类型"], row["变动原因"]) == ("张小明", "迁出", "外出务工迁出")
    assert row["登记人"] == personas.cadre_a.username
    assert row["登记时间"] == timezone.localtime(marked_at).replace(tzinfo=None)
    csv_header, csv_rows = ledger_table(libreoffice_csv(data))
    shown = csv_rows[0][csv_header.index("登记时间")]
    assert f"{marked_at:%H:%M}" in shown and str(marked_at.day) in shown
