"""Rows pushed late by a feed pushed within N days of each event (seed 001 §二(四)① "7日内推送预警信息").

Such a feed (Cadence.WITHIN_DAYS) has no reporting period to miss: nothing is expected when nothing happened. What
can be late is each row: a valid row whose event date (the feed's 发生日期列) is more than N days before the day the
department uploaded the file was pushed late (迟报). Counted over feed_rows (alerts.ingest.cleaning), which holds
every row for such a feed (the triage, alerts.ingest.triage, does not apply to it).
"""

import datetime as dt
from typing import Any

from alerts.choices import ColumnKind
from alerts.ingest.cleaning import _q
from alerts.ingest.layout import FeedLayout
from alerts.models import FeedColumn

MSG_LATE_ROWS = "其中 {n} 行的{column}距上传日已超过 {days} 天（应在发生后{days}日内推送），计为迟报。"


def event_column(layout: FeedLayout) -> FeedColumn | None:
    """The date column a within-N-days feed counts its N days from; None when that is not the cadence in force on
    the upload day (FeedLayout.within_days: a scheduled change applies from its day on, as on the punctuality
    page), or when the column the feed type names is not one of its date columns."""
    feed = layout.feed
    if not layout.within_days or not feed.event_column:
        return None
    column = layout.column(feed.event_column)
    return column if column is not None and column.kind == ColumnKind.DATE else None


def late_rows(cursor: Any, layout: FeedLayout, uploaded_on: dt.date) -> int:
    """How many valid rows of feed_rows happened more than N (in force on the upload day) days before
    `uploaded_on`."""
    column = event_column(layout)
    if column is None:
        return 0
    cutoff = uploaded_on - dt.timedelta(days=layout.within_days)
    cursor.execute(f"SELECT count(*) FROM feed_rows WHERE error IS NULL AND {_q(column.key + '__date')} < %s", [cutoff])
    return cursor.fetchone()[0]


def late_message(layout: FeedLayout, n: int) -> str:
    column = event_column(layout)
    if not n or column is None:
        return ""
    return MSG_LATE_ROWS.format(n=n, column=column.header, days=layout.within_days)
