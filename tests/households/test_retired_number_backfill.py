"""Migration 0041 keeps the 户编号 households gave up on 修改农户 before such numbers were kept (d259858f): before it,
a number typed over was in the 变更记录 and the audit log only, so the village's next 新建农户 could be given it and a
search by it found nothing. The numbers are read from the 变更记录 rows (changes: field number, old → new), else
the audit events, as every version of household_update wrote them."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import AuditEvent
from households.choices import HouseholdType, Relation, RelocateReason
from households.models import HouseholdEvent, RetiredNumber
from households.selectors import household_list
from households.services import registry
from households.services.numbering import MSG_NUMBER_RETIRED, next_number, number_refusal
from households.services.relocation import household_relocate
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db
NAME = "0041_retired_number_renumbered_backfill"
migration = importlib.import_module(f"households.migrations.{NAME}")


def run_migration():
    """The backfill's SQL as `migrate` runs it (RunSQL through the schema editor)."""
    state = MigrationExecutor(connection).loader.project_state(("households", NAME))
    with connection.schema_editor() as editor:
        for operation in migration.Migration.operations:
            operation.database_forwards("households", editor, state, state)


def renumber_before_kept(actor, household, *numbers):
    """修改农户 as before d259858f: the number typed over is in the history and the audit log, not kept."""
    for number in numbers:
        registry.household_update(actor=actor, household=household, number=number, confirm_unusual=True)
    RetiredNumber.objects.filter(household=household, reason=RetiredNumber.Reason.RENUMBERED).delete()
    household.refresh_from_db()


def retired():
    return sorted(RetiredNumber.objects.values_list("number", "household__number", "reason"))


def found(actor, q):
    return [(h.number, h.former_number) for h in household_list(actor=actor, filters={"q": q})]


def test_a_number_typed_over_before_is_kept_found_and_never_given_again(household_a, personas, county):
    code = county.village_a.code
    old = household_a.number
    renumber_before_kept(personas.cadre_a, household_a, code + "0555", code + "0002")
    given_up_at = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 30))
    # Given up on another day: its history row says when (the audit log is append-only, and says today).
    HouseholdEvent.objects.filter(household=household_a, summary__startswith="修改农户信息").update(
        created_at=given_up_at
    )
    assert found(personas.cadre_a, "0555") == [] and next_number(county.village_a) == code + "0003"

    run_migration()

    assert retired() == [(old, code + "0002", "renumbered"), (code + "0555", code + "0002", "renumbered")]
    assert RetiredNumber.objects.get(number=code + "0555").retired_at == given_up_at
    # Never given again: the village's next number passes over it, and it cannot be typed on another household.
    assert next_number(county.village_a) == code + "0556"
    assert number_refusal(code + "0555") == MSG_NUMBER_RETIRED.format(
        number=code + "0555", day="2026-11-20", reason="修改户编号"
    )
    # Found by it, whole or by its last digits, marked 原户编号.
    assert found(personas.cadre_a, code + "0555") == [(code + "0002", code + "0555")]
    assert found(personas.cadre_a, "0555") == [(code + "0002", code + "0555")]


def test_a_number_taken_back_is_not_retired_and_the_run_can_be_repeated(household_a, personas, county):
    code = county.village_a.code
    old = household_a.number
    renumber_before_kept(personas.cadre_a, household_a, code + "0555", old)  # a mistyped number corrected back

    run_migration()
    run_migration()

    assert retired() == [(code + "0555", old, "renumbered")]
    household_a.refresh_from_db()
    assert household_a.number == old and found(personas.cadre_a, old) == [(old, None)]


def test_numbers_kept_already_are_left_as_they_are(household_a, household_b, personas, county):
    """A 整户迁移's number (kept since 0029) and one typed over since d259858f keep their row, time and reason."""
    moved_from = household_b.number
    household_relocate(
        actor=personas.county_officer,
        household=household_b,
        village=county.village_c,
        address="张公渡村安置点",
        reason=RelocateReason.RELOCATION,
    )
    old = household_a.number
    registry.household_update(
        actor=personas.cadre_a, household=household_a, number=county.village_a.code + "0555", confirm_unusual=True
    )
    before = list(RetiredNumber.objects.order_by("number").values_list("number", "household", "reason", "retired_at"))
    assert [row[0] for row in before] == sorted([moved_from, old])

    run_migration()

    after = list(RetiredNumber.objects.order_by("number").values_list("number", "household", "reason", "retired_at"))
    assert after == before


def test_without_its_history_row_the_audit_event_gives_the_number(household_a, personas, county):
    old = household_a.number
    renumber_before_kept(personas.cadre_a, household_a, county.village_a.code + "0555")
    HouseholdEvent.objects.filter(household=household_a, summary="修改农户信息").delete()
    assert AuditEvent.objects.filter(action="household.update", before={"number": old}).exists()

    run_migration()

    assert retired() == [(old, county.village_a.code + "0555", "renumbered")]


def test_a_number_given_again_before_it_was_kept_finds_both_households(household_a, personas, county):
    """The old code let the village's next household take the number given up: the search by it lists that household
    (its own number) and the one that gave it up (原户编号), whose history names it."""
    code = county.village_a.code
    old = household_a.number
    renumber_before_kept(personas.cadre_a, household_a, code + "0555")
    other = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row("赵六", Relation.HEAD, dt.date(1980, 3, 3), 61)],
        household_type=HouseholdType.ORDINARY,
        number=old,
    )

    run_migration()

    assert retired() == [(old, code + "0555", "renumbered")]
    assert sorted(found(personas.cadre_a, old)) == sorted([(other.number, None), (code + "0555", old)])
