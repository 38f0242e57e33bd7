"""Rows dated after the end of the period an upload is filed under (review alerts, finding 3): the upload page
defaults to the latest unreported period, so a clerk sending December's rows on 12-08 filed them as 11月下半月,
迟报, with no word. The result (page and API) now says how many valid rows are dated after the period and the first
lines. Counted in the statements that go over the rows already (a triaged file keeps those rows)."""

import datetime as dt

import pytest

from alerts.ingest import staging
from alerts.periods import period_for_upload
from tests.alerts.conftest import csv_file, feed, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "housing-safety"  # half-monthly, 鉴定日期
TODAY = dt.date(2026, 12, 8)


@pytest.fixture(autouse=True)
def _sent_since_january():
    feed(CODE).__class__.objects.filter(code=CODE).update(active_since=dt.date(2026, 1, 1))


def _rows(people):
    zhang, li, wang = people["zhang"], people["li"], people["wang"]
    return [
        [zhang.name, zhang.id_number, "A", "2026-12-04"],  # line 2: grade A raises nothing, dated in December
        [li.name, li.id_number, "A", "2026-11-25"],  # line 3: in the period
        [wang.name, wang.id_number, "C", "2026-12-05"],  # line 4
        ["未登记", "110101199001011237", "B", "2026-12-01"],  # line 5: not in the registry, still a valid row
    ]


def test_the_result_warns_of_rows_dated_after_the_chosen_period(clerks, people, login):
    november = period_for_upload(feed(CODE), dt.date(2026, 11, 20))
    record = ingest(clerks["housing"], CODE, csv_file(_rows(people), header=header_of(CODE)), TODAY, november.key)

    assert (record.period_start, record.period_end) == (dt.date(2026, 11, 16), dt.date(2026, 11, 30))
    assert record.rows_after_period == 3
    assert "3 行的鉴定日期晚于所选报送期（11月16日至11月30日）：第2、4、5行，请确认报送期是否选对。" in record.message
    body = login(clerks["housing"]).get(f"/api/v1/feed-uploads/{record.pk}/").json()
    assert body["rows_after_period"] == 3 and "晚于所选报送期" in body["message"]
    page = login(clerks["housing"]).get(f"/alerts/uploads/{record.pk}/").content.decode()
    assert "第2、4、5行，请确认报送期是否选对" in page
    assert '<dt>日期晚于报送期</dt><dd><strong class="warn">3</strong>' in page


def test_no_warning_when_the_rows_fall_in_the_period(clerks, people):
    december = period_for_upload(feed(CODE), dt.date(2026, 12, 5))
    record = ingest(clerks["housing"], CODE, csv_file(_rows(people), header=header_of(CODE)), TODAY, december.key)

    assert record.rows_after_period == 0 and "晚于所选报送期" not in record.message


def test_the_triaged_and_the_whole_cleaning_count_the_same(clerks, people, monkeypatch):
    """The triage keeps a row dated after the period only for it (line 2): the counts match the whole cleaning's."""
    november = period_for_upload(feed(CODE), dt.date(2026, 11, 20))
    build = staging.build_rows
    seen = []

    def whole(*args, **kwargs):
        found = build(*args, **{**kwargs, "triage_rows": False})
        seen.append(found)
        return found

    triaged = ingest(clerks["housing"], CODE, csv_file(_rows(people), header=header_of(CODE)), TODAY, november.key)
    monkeypatch.setattr(staging, "build_rows", whole)
    rows = _rows(people)[::-1]  # another file (not the same bytes), the same rows
    cleaned = ingest(clerks["housing"], CODE, csv_file(rows, header=header_of(CODE)), TODAY, november.key)

    assert seen and (triaged.rows_after_period, cleaned.rows_after_period) == (3, 3)
