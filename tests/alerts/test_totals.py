"""A department file's trailing total row (合计/小计/总计, ID number empty) is skipped with a note, not counted as
an error row, on the CSV and the XLSX paths; the triage and the whole cleaning agree on such a file (review
recheck_feeds_ledgers N5)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from alerts.ingest import reading, staging
from alerts.ingest.layout import feed_layout
from alerts.ingest.totals import FOOTER_EXAMPLES, MSG_TOTALS_SKIPPED, csv_tail_trim, is_total
from tests.alerts.conftest import TODAY, csv_file, feed, header_of, ingest, xlsx_file

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # 姓名, 身份证号, 疾病名称, 确诊日期
NOTE = MSG_TOTALS_SKIPPED.format(words=FOOTER_EXAMPLES, n=1)


def _rows(people) -> list[list[str]]:
    return [
        ["张大山", people["zhang"].id_number, "白血病", "2026-10-24"],
        ["李秀英", people["li"].id_number, "尿毒症", "2026-10-25"],
    ]


def test_is_total_reads_the_first_non_empty_cell_and_wants_no_id_number():
    assert is_total(["合计", "", "2人", ""], 1)
    assert is_total(["合计", "2人", "", ""], 1)  # a count where the ID number would be: no ID number
    assert is_total(["", " 小 计： ", "", ""], 1)  # spaces and a colon aside; the word may stand in the ID column
    assert is_total(["", "", "", "合计"], 1)
    assert is_total(["合计", "360425198001010014", "", ""], 1) is False  # an ID number: a person's row
    assert is_total(["合计", "36042519800101001", "", ""], 1) is False  # a broken one is still looked at
    assert is_total(["合计人数", "", "", ""], 1) is False
    assert is_total(["张大山", "", "", ""], 1) is False


def test_a_csv_with_a_short_total_row_at_its_end_is_read_without_an_error_row(clerks, people):
    upload = csv_file([*_rows(people), ["合计", "2人"], [], ["", "", "", ""]], header=header_of(CODE))

    record = ingest(clerks["health"], CODE, upload)

    assert (record.rows_read, record.rows_error, record.rows_valid) == (2, 0, 2)
    assert NOTE in record.message and not record.error_file


def test_an_xlsx_second_sheet_with_a_total_row_and_blank_rows_after_it(clerks, people):
    upload = xlsx_file(
        [*_rows(people), ["合 计：", None, "2人", None], [None, None, None, None]], header=header_of(CODE)
    )

    record = ingest(clerks["health"], CODE, upload)

    assert (record.rows_read, record.rows_error) == (2, 0)
    assert NOTE in record.message


def test_a_total_row_in_the_middle_of_the_data_is_still_an_error_row(clerks, people):
    rows = _rows(people)
    upload = csv_file([rows[0], ["小计", "1人", "", ""], rows[1]], header=header_of(CODE))

    record = ingest(clerks["health"], CODE, upload)

    assert (record.rows_read, record.rows_error) == (3, 1)
    assert "合计行" not in record.message


def test_two_total_rows_are_both_skipped_and_said():
    data = "张大山,360425198001010014,白血病,2026-10-24\r\n小计,1人,,\r\n\r\n总计,1人,,\r\n".encode("gbk")
    kept, skipped = csv_tail_trim(data, "gbk", 1)
    assert (kept, skipped) == ("张大山,360425198001010014,白血病,2026-10-24\r\n".encode("gbk"), 2)
    quoted = b'"a\n\xba\xcf\xbc\xc6",,,\r\n'  # a quoted cell across two lines: its second line is no record
    assert csv_tail_trim(quoted, "gbk", 1) == (quoted, 0)


def _build(data: bytes, *, triage_rows: bool):
    layout = feed_layout(feed(CODE))
    with connection.cursor() as cursor:
        staged = reading.stage_file(cursor, io.BytesIO(data), "feed.csv", layout, lambda *_: None)
        counts = staging.build_rows(
            cursor, layout, staged.columns, len(staged.header), scope="360425", today=TODAY,
            clean=staged.clean, triage_rows=triage_rows,
        )  # fmt: skip
        cursor.execute("SELECT line, error FROM feed_rows ORDER BY line")
        rows = cursor.fetchall()
        staging.drop(cursor)
    return staged, counts, rows


def test_a_clean_csv_ending_in_a_total_row_stays_clean_and_the_triage_agrees_with_the_cleaning(people):
    lines = [",".join(header_of(CODE))]
    lines += [f"张大山,{people['zhang'].id_number},白血病,2026-10-{day:02d}" for day in range(1, 29)]
    lines += ["合计,28人,,", ""]
    data = "\r\n".join(lines).encode("gbk")

    staged, counts, _ = _build(data, triage_rows=True)
    _, every, rows = _build(data, triage_rows=False)

    assert staged.clean and staged.totals == 1  # the total row did not send the file to the per-row tests
    assert counts == every and (every.rows_read, every.rows_error) == (28, 0)
    assert all(error is None for _line, error in rows)


def test_a_total_row_over_a_large_csv_is_found_in_the_held_back_tail(people, monkeypatch):
    monkeypatch.setattr(reading, "CHUNK", 256)  # many pieces: the tail is held back to the last one
    lines = [",".join(header_of(CODE))]
    lines += [f"张大山,{people['zhang'].id_number},白血病,2026-10-{1 + i % 28:02d}" for i in range(300)]
    lines += ["总计,300人,,"]
    layout = feed_layout(feed(CODE))
    with connection.cursor() as cursor:
        staged = reading.stage_file(
            cursor, io.BytesIO("\r\n".join(lines).encode("gbk")), "feed.csv", layout, lambda *_: None
        )
        cursor.execute("SELECT count(*), max(line) FROM feed_raw")
        assert cursor.fetchone() == (300, 301)
        staging.drop(cursor)
    assert staged.totals == 1 and staged.rows == 300


def test_an_uploaded_file_as_the_review_sent_it(clerks, people):
    """twosheets.xlsx: a 说明 sheet, then the data ending in "合计, 2人"."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["本表为新增大病患者名单"])
    sheet = workbook.create_sheet("名单")
    sheet.append(header_of(CODE))
    for row in [*_rows(people), ["合计", "2人"]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)

    record = ingest(clerks["health"], CODE, SimpleUploadedFile("twosheets.xlsx", buffer.getvalue()))

    assert (record.rows_read, record.rows_error, record.alerts_raised) == (2, 0, 2)
    assert NOTE in record.message
