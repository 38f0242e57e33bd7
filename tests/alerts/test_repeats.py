"""Repeat alerts for a cumulative fact (review clerk_alerts, finding 4): the same person and rule are not alerted
again while an alert is pending, nor within the feed type's quiet days after it was verified 纳入监测 (re-check N2),
无返贫致贫风险 or 已是监测对象; afterwards they are, and an ingestion killed half-way and run again gives the same
alerts."""

import datetime as dt

import pytest

from alerts.choices import AlertOutcome, AlertStatus
from alerts.ingest import services as ingest_services
from alerts.ingest import staging
from alerts.ingest.services import feed_upload_create, feed_upload_run
from alerts.models import Alert, FeedType, FeedUpload
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # half-monthly, every row raises an alert
FIRST, SECOND, THIRD = dt.date(2026, 9, 2), dt.date(2026, 9, 17), dt.date(2026, 10, 2)


def _file(people, day: dt.date, *who: str):
    """The file sent on `day` (its diagnosis dates differ from any other day's file: not the same file twice)."""
    diagnosed = f"{day - dt.timedelta(days=5):%Y-%m-%d}"
    rows = [[people[k].name, people[k].id_number, "恶性肿瘤", diagnosed] for k in who]
    return csv_file(rows, header=header_of(CODE), name=f"{day}.csv")


def _send(clerks, people, day: dt.date, *who: str) -> FeedUpload:
    return ingest(clerks["health"], CODE, _file(people, day, *who), today=day)


def _verify(actor, person, outcome: str, day: dt.date) -> None:
    alert = Alert.objects.get(member=person, status=AlertStatus.PENDING)
    alert_verify(actor=actor, alert=alert, outcome=outcome, visited_on=day, note="经入户核实，已报销大部分，收入稳定")


def test_a_person_verified_not_at_risk_is_not_alerted_again_by_the_next_file(personas, clerks, people):
    _send(clerks, people, FIRST, "zhang")
    _verify(personas.cadre_a, people["zhang"], AlertOutcome.NOT_AT_RISK, FIRST + dt.timedelta(days=1))

    second = _send(clerks, people, SECOND, "zhang", "li")

    assert (second.alerts_raised, second.alerts_repeated) == (1, 1)  # 李秀英 is new; 张大山 was verified
    assert "已预警过" in second.message
    assert not Alert.objects.filter(member=people["zhang"], status=AlertStatus.PENDING).exists()


def test_a_person_verified_include_is_not_alerted_again_while_the_case_follows_the_household(personas, clerks, people):
    _send(clerks, people, FIRST, "zhang")
    alert = Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING)
    done = alert_verify(
        actor=personas.cadre_a,
        alert=alert,
        note="入户核实，情况属实",
        outcome=AlertOutcome.INCLUDE,
        visited_on=FIRST + dt.timedelta(days=1),
        category="sudden_hardship",
    )

    second = _send(clerks, people, SECOND, "zhang", "wang")

    assert (second.alerts_raised, second.alerts_repeated) == (1, 1)  # 王五 is new; 张大山's case is open
    assert not Alert.objects.filter(member=people["zhang"], status=AlertStatus.PENDING).exists()
    assert Alert.objects.filter(member=people["zhang"]).count() == 1 and done.case_id is not None


def test_a_pending_alert_holds_back_the_next_files_for_that_person(clerks, people):
    _send(clerks, people, FIRST, "zhang")

    second = _send(clerks, people, SECOND, "zhang")

    assert (second.alerts_raised, second.alerts_repeated) == (0, 1)
    assert Alert.objects.filter(member=people["zhang"]).count() == 1


def test_the_person_is_alerted_again_once_the_feed_types_quiet_days_have_passed(personas, clerks, people):
    FeedType.objects.filter(code=CODE).update(repeat_quiet_days=20)
    _send(clerks, people, FIRST, "zhang")
    _verify(personas.cadre_a, people["zhang"], AlertOutcome.NOT_AT_RISK, FIRST)

    within = _send(clerks, people, SECOND, "zhang")  # 15 days after the verification
    after = _send(clerks, people, THIRD, "zhang")  # 30 days after

    assert (within.alerts_raised, after.alerts_raised) == (0, 1)
    assert Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING).upload == after


def test_a_wrong_data_outcome_holds_back_only_the_same_row_resent_unchanged(personas, clerks, people):
    _send(clerks, people, FIRST, "zhang")
    alert = Alert.objects.get(member=people["zhang"])
    alert_verify(
        actor=personas.cadre_a,
        alert=alert,
        note="入户核实，情况属实",
        outcome=AlertOutcome.WRONG_DATA,
        visited_on=FIRST,
        department_note="身份证号对应的是另一人",
    )

    again = _send(clerks, people, SECOND, "zhang")  # the same name and ID number: not corrected
    assert (again.alerts_raised, again.alerts_wrong_data) == (0, 1)


class Killed(BaseException):
    """The worker process dying: not an error the run catches and records."""


def test_an_ingestion_killed_half_way_and_run_again_gives_the_same_alerts(personas, clerks, people, monkeypatch):
    _send(clerks, people, FIRST, "zhang")
    _verify(personas.cadre_a, people["zhang"], AlertOutcome.NOT_AT_RISK, FIRST)
    record = feed_upload_create(
        actor=clerks["health"], feed_type=feed(CODE), upload=_file(people, SECOND, "zhang", "li"), today=SECOND,
        enqueue=False,
    )  # fmt: skip

    def die(*args, **kwargs):  # after the alerts were inserted, in the same transaction
        raise Killed

    monkeypatch.setattr(staging, "add_exclusions", die)
    with pytest.raises(Killed):
        feed_upload_run(upload_id=record.pk, today=SECOND)
    assert FeedUpload.objects.get(pk=record.pk).status == "running"
    assert not Alert.objects.filter(upload=record).exists()

    monkeypatch.undo()
    done = ingest_services.feed_upload_run(upload_id=record.pk, today=SECOND)

    assert (done.status, done.alerts_raised, done.alerts_repeated) == ("done", 1, 1)
    assert list(Alert.objects.filter(upload=record).values_list("member", flat=True)) == [people["li"].pk]


@pytest.mark.django_db(transaction=True)
def test_two_files_of_one_feed_finishing_at_once_raise_one_pending_alert_for_a_person(
    audit_log_flushable, clerks, people
):
    """Each file's check for a pending alert could not see the other's uncommitted one: a person got two pending
    alerts for one rule (the concurrency review). The other file's final transaction is played by a second
    connection, which holds the feed's finish lock as a finishing upload does and turns the person's alert back to
    pending; this file's finish waits for it and then sees that alert."""
    import threading
    import time

    import psycopg2
    from django.db import connection

    first = _send(clerks, people, FIRST, "zhang")
    alert = Alert.objects.get(upload=first)
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.VERIFIED, outcome=AlertOutcome.DECEASED)
    other = psycopg2.connect(**connection.get_connection_params())
    cursor = other.cursor()
    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ingest_services.FINISH_LOCK_CLASS, alert.feed_type_id])
    cursor.execute("UPDATE alerts_alert SET status = %s, outcome = '' WHERE id = %s", [AlertStatus.PENDING, alert.pk])

    def commit_later() -> None:
        time.sleep(1.5)
        other.commit()

    finisher = threading.Thread(target=commit_later)
    finisher.start()
    try:
        second = _send(clerks, people, SECOND, "zhang")
    finally:
        finisher.join()
        other.close()

    assert (second.alerts_raised, second.alerts_repeated) == (0, 1)
    assert Alert.objects.filter(member=people["zhang"], status=AlertStatus.PENDING).count() == 1


def test_the_household_page_header_says_how_many_alerts_wait_to_be_verified(personas, clerks, people, login):
    """A department's alerts showed only in the household's 预警 tab; the header now says how many wait (the count
    alone: the detail stays in the tab, behind its own rules)."""
    _send(clerks, people, FIRST, "zhang", "li")
    household = people["zhang"].household
    cadre = login(personas.cadre_a)

    before = cadre.get(f"/households/{household.pk}/").content.decode()
    _verify(personas.cadre_a, people["li"], AlertOutcome.NOT_AT_RISK, FIRST)
    after = cadre.get(f"/households/{household.pk}/").content.decode()
    _verify(personas.cadre_a, people["zhang"], AlertOutcome.NOT_AT_RISK, FIRST)
    done = cadre.get(f"/households/{household.pk}/").content.decode()

    assert '<a class="badge badge-warn" href="?tab=alerts">部门预警待核实 2 条</a>' in before
    assert "部门预警待核实 1 条" in after
    assert "部门预警待核实" not in done
