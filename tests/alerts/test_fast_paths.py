"""The cleaning's fast paths give what the general cleaning gives.

A file whose every record is written plainly (its ID numbers, amounts and dates in the shapes the fast test
accepts) is recognised while it is read and cleaned without the per-row test; these tests hold that statement to
the same rows, values and reasons as the statement that tests every row."""

import datetime as dt
import io
import random

import pytest
from django.db import connection

from alerts.ingest import reading, staging
from alerts.ingest.cleaning import clean_records_pattern
from alerts.ingest.layout import feed_layout
from tests.alerts.conftest import TODAY, bad_check, feed, pid

pytestmark = pytest.mark.django_db
CODE = "medical-cost-monitored"  # name, ID number, two amounts (one optional) and an optional date

# Cells the fast test accepts, some of them wrong all the same (they must get the general cleaning's reasons).
PLAIN_IDS = ["36042519800101X011", "360425198002300011", "360425203001010011", "XXXXXXXXXXXXXXXXXX"]
PLAIN_AMOUNTS = ["0", "0.5", "12.50", "999999999.99", "000000001", "10000", "10000.01", "25000"]
PLAIN_DATES = ["2026-10-08", "2026-02-30", "2024-02-29", "2100-02-29", "1899-12-31", "2026-11-04", "2026-13-01"]
# Cells it does not accept.
ODD_CELLS = [" 12", "1,200", "１２", "-5", "12.3.4", ".5", "2026/1/5", "2026-1-5", "", "1e3", "360425 1980"]


def _rows(people, rng: random.Random, n: int) -> list[list[str]]:
    numbers = [m.id_number for m in people.values()]
    numbers += [pid(dt.date(1985, 5, 5), 41), bad_check(pid(dt.date(1986, 6, 6), 42)), *PLAIN_IDS]
    rows = []
    for i in range(n):
        row = [
            rng.choice(["张大山", "李秀英", "", " 王五 ", "张" * 51]),
            rng.choice(numbers),
            rng.choice(PLAIN_AMOUNTS),
            rng.choice(PLAIN_AMOUNTS),
            rng.choice(PLAIN_DATES),
        ]
        rows.append(row)
        if i % 7 == 0:
            rows.append(list(row))  # a duplicate
    return rows


def _records(rows: list[list[str]]) -> bytes:
    return "".join(",".join(row) + "\r\n" for row in rows).encode("gbk")


def _csv(rows: list[list[str]], header: list[str]) -> bytes:
    return _records([header]) + _records(rows)


def _feed_rows(data: bytes, *, clean: bool | None = None) -> tuple[bool, staging.Counts, list[tuple]]:
    layout = feed_layout(feed(CODE))
    with connection.cursor() as cursor:
        staged = reading.stage_file(cursor, io.BytesIO(data), "feed.csv", layout, lambda *_: None)
        counts = staging.build_rows(
            cursor,
            layout,
            staged.columns,
            len(staged.header),
            scope="360425",
            today=TODAY,
            clean=staged.clean if clean is None else clean,
            triage_rows=False,  # every row in feed_rows (tests/alerts/test_triage.py: the triage)
        )
        cursor.execute("SELECT * FROM feed_rows ORDER BY line")
        rows = cursor.fetchall()
        staging.drop(cursor)
    return staged.clean, counts, rows


def _header() -> list[str]:
    return [c.header for c in feed(CODE).columns.order_by("order", "id")]


def test_a_plainly_written_file_is_cleaned_without_the_row_test_and_gets_the_same_rows_and_reasons(people):
    data = _csv(_rows(people, random.Random(1), 600), _header())

    clean, counts, rows = _feed_rows(data)
    _, general_counts, general_rows = _feed_rows(data, clean=False)

    assert clean
    assert (counts, rows) == (general_counts, general_rows)
    assert counts.rows_error and counts.rows_matched and counts.rows_unmatched  # the file exercises each outcome
    reasons = {row[-1] for row in rows}
    assert any("出生日期无效" in (r or "") for r in reasons) and any("重复行" in (r or "") for r in reasons)


@pytest.mark.parametrize("odd", ODD_CELLS)
def test_one_cell_written_otherwise_sends_the_whole_file_through_the_row_test(people, odd):
    rows = _rows(people, random.Random(2), 50)
    rows[30][2] = odd
    clean, _, _ = _feed_rows(_csv(rows, _header()))

    assert not clean


def test_the_records_pattern_accepts_only_rows_that_pass_the_row_test(people):
    # Cells from the characters the test looks at: whatever the pattern accepts must clean as the test would.
    rng = random.Random(3)
    alphabet = "0123456789X.- x１,"

    def cell(length: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(length)).replace(",", "")

    layout = feed_layout(feed(CODE))
    header = _header()
    columns = {c.key: i for i, c in enumerate(layout.columns)}
    pattern = clean_records_pattern(layout, columns, len(header))
    accepted = []
    for _ in range(20_000):
        row = [
            "某人",
            rng.choice([cell(18), cell(rng.randrange(16, 20)), rng.choice(PLAIN_IDS)]),
            rng.choice([cell(rng.randrange(1, 13)), rng.choice(PLAIN_AMOUNTS)]),
            rng.choice([cell(rng.randrange(1, 13)), rng.choice(PLAIN_AMOUNTS)]),
            rng.choice([cell(10), rng.choice(PLAIN_DATES)]),
        ]
        if pattern.fullmatch(_records([row])):
            accepted.append(row)
    assert len(accepted) > 100

    data = _csv(accepted, header)
    clean, counts, rows = _feed_rows(data)
    _, general_counts, general_rows = _feed_rows(data, clean=False)

    assert clean
    assert (counts, rows) == (general_counts, general_rows)


def test_a_file_sent_in_many_blocks_is_staged_whole_and_still_recognised(people, monkeypatch):
    # Pieces go to COPY in blocks cut at line breaks, each matched just before it is sent.
    monkeypatch.setattr(reading._Piece, "BLOCK", 200)
    rows = _rows(people, random.Random(4), 300)
    data = _csv(rows, _header())

    clean, counts, feed_rows = _feed_rows(data)
    monkeypatch.setattr(reading._Piece, "BLOCK", 1 << 20)
    _, whole_counts, whole_rows = _feed_rows(data)

    assert clean
    assert (counts, feed_rows) == (whole_counts, whole_rows)
    assert counts.rows_read == len(rows)


def test_a_record_longer_than_a_block_is_staged_and_sends_the_file_through_the_row_test(people, monkeypatch):
    monkeypatch.setattr(reading._Piece, "BLOCK", 200)
    rows = _rows(people, random.Random(5), 40)
    rows[20][0] = "张" * 120  # one record of more than 200 bytes

    clean, counts, _ = _feed_rows(_csv(rows, _header()))

    assert not clean
    assert counts.rows_read == len(rows)
