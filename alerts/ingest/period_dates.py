"""Rows dated after the end of the period an upload was filed under (review alerts, finding 3): an upload defaults to
the latest unreported period (alerts.selectors_periods.default_upload_period), so a clerk sending December's rows
on 12-08 may file them as 11月下半月 without noticing. The result warns with how many valid rows and the first
lines. Read from the feed's date column (its 发生日期列, else its first date column) in the statements that already
go over the rows: the triage keeps such a row (it is then cleaned, and counted with the kept rows), and the counts
of feed_rows add them (alerts.ingest.staging.build_counts); the lines are read only when there are some. Not for a
feed pushed within N days of each event, whose late rows are counted by alerts.ingest.lateness."""

import datetime as dt
from typing import Any

from alerts.choices import ColumnKind
from alerts.ingest.cleaning import Sql, _q
from alerts.ingest.layout import FeedLayout

MSG_AFTER_PERIOD = "{n} 行的{column}晚于所选报送期（{start}至{end}）：第{lines}行，请确认报送期是否选对。"
SHOWN_LINES = 5


def date_column(layout: FeedLayout) -> Any:
    if layout.within_days:
        return None
    feed = layout.feed
    column = layout.column(feed.event_column) if feed.event_column else None
    if column is not None and column.kind == ColumnKind.DATE:
        return column
    return next((c for c in layout.columns if c.kind == ColumnKind.DATE), None)


def keep_sql(layout: FeedLayout, end: dt.date | None, sql: Sql) -> str | None:
    """The triage's test over the row r (a clean date is YYYY-MM-DD, compared as text); None: nothing to test."""
    column = date_column(layout) if end is not None else None
    if column is None:
        return None
    return f'coalesce(r.{_q(column.key)} COLLATE "C" > {sql.bind(end.isoformat())}, false)'


def count_sql(layout: FeedLayout, end: dt.date | None) -> str:
    """An aggregate over feed_rows: its valid rows dated after `end` (0 when there is no date to read)."""
    column = date_column(layout) if end is not None else None
    if column is None:
        return "0"
    return f"count(*) FILTER (WHERE error IS NULL AND {_q(column.key + '__date')} > DATE '{end.isoformat()}')"


def after_period_message(cursor: Any, layout: FeedLayout, upload: Any, n: int) -> str:
    """The warning, with the first SHOWN_LINES lines of those rows (read from feed_rows only when there are some)."""
    column = date_column(layout)
    if not n or column is None:
        return ""
    cursor.execute(
        f"SELECT line FROM feed_rows WHERE error IS NULL AND {_q(column.key + '__date')} > %s ORDER BY line LIMIT %s",
        [upload.period_end, SHOWN_LINES],
    )
    lines = "、".join(str(line) for (line,) in cursor.fetchall()) + ("…" if n > SHOWN_LINES else "")
    start, end = (f"{d.month}月{d.day}日" for d in (upload.period_start, upload.period_end))
    return MSG_AFTER_PERIOD.format(n=n, column=column.header, start=start, end=end, lines=lines)
