"""A row the cadre verified 部门数据有误 and the department corrected and sent again in the same period raises a new
alert (review redo, 1): the one-alert-per-person-rule-and-period constraint holds only the live alerts. The live ones
stay one, a killed and re-run ingestion gives the same alerts, and the upload's result names the rows it held back."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from alerts.choices import AlertOutcome, AlertStatus
from alerts.ingest import services as ingest_services
from alerts.ingest import staging
from alerts.ingest.services import feed_upload_create, feed_upload_run
from alerts.models import Alert, FeedUpload
from alerts.periods import period_for_upload
from alerts.repeats import MSG_WRONG_DATA, repeat_hold
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # half-monthly, every row raises an alert
FIRST, CORRECTED, AGAIN = dt.date(2026, 9, 2), dt.date(2026, 9, 4), dt.date(2026, 9, 8)  # all in 2026年9月上半月


def _file(day: dt.date, *rows: tuple[str, str]):
    diagnosed = f"{day - dt.timedelta(days=1):%Y-%m-%d}"
    return csv_file([[name, id_number, "恶性肿瘤", diagnosed] for name, id_number in rows], header=header_of(CODE),
                    name=f"{day}.csv")  # fmt: skip


def _send(clerks, day: dt.date, *rows: tuple[str, str]) -> FeedUpload:
    return ingest(clerks["health"], CODE, _file(day, *rows), today=day)


def _wrong_data(personas, person) -> Alert:
    alert = Alert.objects.get(member=person, status=AlertStatus.PENDING)
    return alert_verify(
        actor=personas.cadre_a,
        alert=alert,
        note="入户核实，本人未患大病，部门报送的姓名与身份证号不符",
        outcome=AlertOutcome.WRONG_DATA,
        visited_on=FIRST,
        department_note="身份证号与姓名不符，请核对",
    )


def test_a_corrected_row_resent_in_the_same_period_after_wrong_data_raises_a_new_alert(personas, clerks, people):
    zhang = people["zhang"]
    first = _send(clerks, FIRST, ("张大三", zhang.id_number))  # his ID number under a wrong name
    wrong = _wrong_data(personas, zhang)

    corrected = _send(clerks, CORRECTED, (zhang.name, zhang.id_number))

    assert period_for_upload(feed(CODE), FIRST).key == period_for_upload(feed(CODE), CORRECTED).key
    assert (first.period_key, corrected.period_key) == (wrong.period_key, wrong.period_key)
    assert (corrected.alerts_raised, corrected.alerts_repeated) == (1, 0)
    new = Alert.objects.get(member=zhang, status=AlertStatus.PENDING)
    assert (new.upload_id, new.person_name, new.period_key) == (corrected.pk, zhang.name, wrong.period_key)
    assert Alert.objects.get(pk=wrong.pk).outcome == AlertOutcome.WRONG_DATA  # the wrong row's alert stays
    assert repeat_hold(wrong).text == MSG_WRONG_DATA


def test_the_live_alerts_stay_one_a_period_and_the_result_names_the_rows_held_back(personas, clerks, people):
    zhang, li = people["zhang"], people["li"]
    _send(clerks, FIRST, ("张大三", zhang.id_number))
    _wrong_data(personas, zhang)
    _send(clerks, CORRECTED, (zhang.name, zhang.id_number))

    again = _send(clerks, AGAIN, (li.name, li.id_number), (zhang.name, zhang.id_number))  # 张大山 on line 3

    assert (again.alerts_raised, again.alerts_repeated) == (1, 1)
    assert "另有 1 条已预警过（本期已预警、仍待核实或近期已核实），不重复生成（涉及第 3 行）" in again.message
    assert Alert.objects.filter(member=zhang).exclude(outcome=AlertOutcome.WRONG_DATA).count() == 1
    live = Alert.objects.get(member=zhang, status=AlertStatus.PENDING)
    live.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        live.save()  # the database refuses a second live alert for the person, rule and period


def test_a_resend_killed_half_way_and_run_again_gives_the_same_one_alert(personas, clerks, people, monkeypatch):
    zhang = people["zhang"]
    _send(clerks, FIRST, ("张大三", zhang.id_number))
    _wrong_data(personas, zhang)
    record = feed_upload_create(
        actor=clerks["health"], feed_type=feed(CODE), upload=_file(CORRECTED, (zhang.name, zhang.id_number)),
        period_key=period_for_upload(feed(CODE), CORRECTED).key, today=CORRECTED, enqueue=False,
    )  # fmt: skip

    def die(*args, **kwargs):  # after the alerts were inserted, in the same transaction
        raise KeyboardInterrupt

    monkeypatch.setattr(staging, "add_exclusions", die)
    with pytest.raises(KeyboardInterrupt):
        feed_upload_run(upload_id=record.pk, today=CORRECTED)
    assert not Alert.objects.filter(upload=record).exists()

    monkeypatch.undo()
    done = ingest_services.feed_upload_run(upload_id=record.pk, today=CORRECTED)
    rerun = ingest_services.feed_upload_run(upload_id=record.pk, today=CORRECTED)  # a redelivery: untouched

    assert (done.status, done.alerts_raised, rerun.alerts_raised) == ("done", 1, 1)
    assert list(Alert.objects.filter(member=zhang).values_list("upload_id", "status")) == [
        (record.pk, AlertStatus.PENDING),
        (Alert.objects.get(outcome=AlertOutcome.WRONG_DATA).upload_id, AlertStatus.VERIFIED),
    ]


def test_the_result_names_at_most_twenty_held_lines_and_says_there_are_more():
    assert ingest_services._held([]) == ""
    assert ingest_services._held([3, 9]) == "（涉及第 3、9 行）"
    many = ingest_services._held(list(range(2, 30)))
    assert many == "（涉及第 " + "、".join(map(str, range(2, 22))) + " 行等）"
