"""Two households registered in one village at the same moment, each numbered automatically (户编号留空): the
second read the same last number as the first once the first had committed, and was refused with 户编号 … 已被使用
for a number nobody had typed, the typed members to be entered again. The village's numbering now runs one
registration at a time. A number typed that another registration saved between the check and the save is said in
the same words, no longer a server error (IntegrityError: a 500 on the page and from POST /api/v1/households/).

Real transactions on their own connections: a third one holds the village's last household row, on which the old
numbering queued both, until each registration waits or is done."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction

from households.choices import HouseholdType, Relation
from households.models import Household
from households.services import registry
from tests.households.conftest import member_row

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("audit_log_flushable")]
WAIT_LIMIT = 20  # seconds: a bound on waiting for PostgreSQL, never a measured time


def _waiting() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _register(personas, county, name, sequence):
    return registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row(name, Relation.HEAD, dt.date(1970, 1, 1), sequence)],
        household_type=HouseholdType.ORDINARY,
    )


def test_two_registrations_at_once_get_two_numbers(personas, county):
    last = _register(personas, county, "赵一", 11)
    held, release = threading.Event(), threading.Event()
    results: dict = {}

    def hold() -> None:
        with transaction.atomic():
            Household.objects.select_for_update().get(pk=last.pk)
            held.set()
            release.wait(timeout=WAIT_LIMIT)
        connections.close_all()

    def register(name: str, sequence: int) -> None:
        try:
            results[name] = _register(personas, county, name, sequence).number
        except Exception as error:  # the test asserts on what each met
            results[name] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(timeout=WAIT_LIMIT)
    threads = [threading.Thread(target=register, args=args) for args in (("钱二", 22), ("孙三", 33))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT_LIMIT
    # Both queued behind the held row (the old numbering), or one done and the other waiting or done.
    while not (_waiting() >= 2 or (results and _waiting() + len(results) >= 2)):
        assert time.monotonic() < deadline, results
        time.sleep(0.02)
    release.set()
    for thread in [holder, *threads]:
        thread.join(timeout=2 * WAIT_LIMIT)

    numbers = sorted(results.values())
    prefix = county.village_a.path
    assert numbers == [f"{prefix}0002", f"{prefix}0003"], results
    assert Household.objects.count() == 3


def test_a_typed_number_another_registration_took_first_is_said(personas, county, monkeypatch):
    first = _register(personas, county, "赵一", 11)
    # The check before the save saw the number free; another registration saved it in between.
    real_filter = Household.objects.filter

    def free_at_check(*args, **kwargs):
        if kwargs.get("number") == first.number:
            return real_filter(pk=-1)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Household.objects, "filter", free_at_check)
    with pytest.raises(Exception) as refused:
        registry.household_create(
            actor=personas.cadre_a,
            village=county.village_a,
            members=[member_row("钱二", Relation.HEAD, dt.date(1970, 1, 1), 22)],
            household_type=HouseholdType.ORDINARY,
            number=first.number,
        )
    assert refused.type.__name__ == "ValidationError"
    assert registry.MSG_NUMBER_TAKEN.format(number=first.number) in str(refused.value)
