"""A 发生后N日内推送 feed's late rows are counted by the N in force on the upload day: a cadence change on the
configuration site applies from its day on (FeedCadence), as the punctuality page shows it. The ingestion judged
the rows by the feed type's saved N at once, so while a change was pending the upload said one number of days and
the punctuality page another."""

import datetime as dt

import pytest
from django.db.models import F

from alerts.choices import Cadence
from alerts.ingest import lateness
from alerts.ingest.lateness import MSG_LATE_ROWS
from alerts.ingest.layout import feed_layout
from alerts.models import FeedCadence, FeedType, FeedUpload
from alerts.selectors import punctuality_table
from reports.ledgers.alerts import punctuality_rows
from reports.ledgers.base import Filters
from tests.alerts.conftest import feed, ingest
from tests.alerts.test_within_days import CODE, disaster_file
from tests.clock import today as local_today

pytestmark = pytest.mark.django_db


def _schedule(*, saved: dict, in_force: dict) -> FeedType:
    """The feed type as saved (the cadence to come) and its cadence in force until 30 days from today."""
    FeedType.objects.filter(code=CODE).update(**saved)
    FeedCadence.objects.create(feed_type=feed(CODE), until=local_today() + dt.timedelta(days=30), **in_force)
    return feed(CODE)


def test_a_scheduled_change_of_n_counts_late_rows_by_the_n_in_force(clerks, people, login):
    """Saved 3 days from next month on, 7 days in force now: of rows 3, 7 and 10 days old only the last is late."""
    _schedule(saved={"cadence_days": 3}, in_force={"cadence": Cadence.WITHIN_DAYS, "cadence_days": 7})
    today = local_today()

    record = ingest(clerks["emergency"], CODE, disaster_file(people, today), today=today)

    assert (record.rows_valid, record.rows_late) == (3, 1)  # by the saved 3 days: 2
    assert MSG_LATE_ROWS.format(n=1, column="发生日期", days=7) in record.message
    row = next(r for r in punctuality_table(actor=clerks["emergency"], start=today, end=today) if r.feed_type)
    assert (row.in_force.cadence_days, row.rows_pushed, row.rows_late) == (7, 3, 1)
    page = login(clerks["emergency"]).get(f"/alerts/punctuality/?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}")
    assert "其中超过7日推送" in page.content.decode()

    FeedUpload.objects.filter(pk=record.pk).update(created_at=F("created_at") - dt.timedelta(days=1))
    yesterday = today - dt.timedelta(days=1)  # the ledger runs to yesterday
    ledger = list(punctuality_rows(clerks["emergency"], Filters(date_from=yesterday, date_to=today)))
    assert [r[5] for r in ledger] == ["3行，超过7日推送1行"]


def test_a_feed_turning_to_within_days_counts_no_row_late_before_the_change(clerks, people):
    """Monthly until the change applies: its rows are no pushes yet."""
    _schedule(saved={}, in_force={"cadence": Cadence.MONTHLY_BY_DAY, "due_day": 5})
    today = local_today()

    record = ingest(clerks["emergency"], CODE, disaster_file(people, today), today=today)

    assert record.rows_late == 0 and "推送）" not in record.message
    # No event date counted, so the triage (alerts.ingest.triage.applies) is not turned off for it.
    assert lateness.event_column(feed_layout(feed(CODE), today)) is None
    row = next(r for r in punctuality_table(actor=clerks["emergency"], start=today, end=today) if r.feed_type)
    assert not row.within_days


def test_a_feed_leaving_within_days_still_counts_late_rows_until_the_change(clerks, people):
    """Saved monthly from next month on, 7 days in force now: the rows are still pushes, judged by 7 days."""
    _schedule(
        saved={"cadence": Cadence.MONTHLY_BY_DAY, "cadence_days": 0, "due_day": 5},
        in_force={"cadence": Cadence.WITHIN_DAYS, "cadence_days": 7},
    )
    today = local_today()

    record = ingest(clerks["emergency"], CODE, disaster_file(people, today), today=today)

    assert record.rows_late == 1
    assert MSG_LATE_ROWS.format(n=1, column="发生日期", days=7) in record.message
