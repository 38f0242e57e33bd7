"""Reading an XLSX sheet: the column-at-a-time text (SheetRows.batches, used by the department feeds) is the
cell text a person sees, exactly as the row-at-a-time reading gives it (used by the go-live import)."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from households.registry_import.reader import (
    MSG_BOMB,
    MSG_ENTITY,
    NUMERIC_ID,
    Layout,
    SheetRows,
    UnreadableFile,
    open_table,
)

HEADER = ["姓名", "身份证号", "金额", "补助", "日期", "整数"]
LAYOUT = Layout(
    header_keys={h: f"k{i}" for i, h in enumerate(HEADER)},
    required=(("k0", "姓名"), ("k1", "身份证号")),
    long_codes=(("k1", 0),),
)
ROWS = [
    ["张大山", "360425196803120011", 41975, 0.3, dt.date(2026, 10, 1), 1],
    ["李\t秀英", 360425197007020022, 12592.5, 0, dt.datetime(2026, 10, 2, 8, 30), 2],
    [None, None, None, None, None, None],
    ["王五\n（户主）", 123456, 1e16, -5, True, 3.5],
    ["反斜杠\\", "36042519500606002X", 2.5e17, 0.0, "2026年10月3日", 4],
    ["  ", "", -3, 1e-05, False, 5],
    ["赵六", "360425195006060021", 7.25, "无", dt.time(9, 15), 6],
]


def sheet_bytes(rows: list[list]) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["永修县医保局 2026年10月名单"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_the_columns_of_a_sheet_give_the_same_text_as_its_rows():
    by_row = open_table(sheet_bytes(ROWS), "feed.xlsx", LAYOUT)
    by_column = open_table(sheet_bytes(ROWS), "feed.xlsx", LAYOUT)
    assert isinstance(by_column.rows, SheetRows)

    rows = list(by_row.rows)
    batches = list(by_column.rows.batches(size=2))  # several batches, the last one short

    columns = [[cell for batch in batches for cell in batch[i]] for i in range(len(HEADER))]
    assert [list(cells) for cells in zip(*columns, strict=True)] == [cells for _, cells in rows]
    assert [line for line, _ in rows] == list(range(3, 3 + len(ROWS)))
    assert by_column.rows.line == by_row.rows.line == 2 + len(ROWS)


def test_cell_text_is_what_the_sheet_shows():
    (columns,) = open_table(sheet_bytes(ROWS), "feed.xlsx", LAYOUT).rows.batches()
    amounts, grants, dates, whole = columns[2], columns[3], columns[4], columns[5]

    assert amounts == ["41975", "12592.5", "", "10000000000000000", "250000000000000000", "-3", "7.25"]
    assert grants[:2] == ["0.3", "0"] and grants[3:6] == ["-5", "0", "1e-05"]
    assert dates[:2] == ["2026-10-01", "2026-10-02T08:30:00"] and dates[3] == "是" and dates[5] == "否"
    assert whole == ["1", "2", "", "3.5", "4", "5", "6"]
    # An ID number typed as a number is marked (its last digits are already lost in the file); text is not.
    assert columns[1][0] == "360425196803120011"
    assert columns[1][1].startswith(NUMERIC_ID) and columns[1][3] == NUMERIC_ID + "123456"
    assert columns[0][1] == "李\t秀英" and columns[0][3] == "王五\n（户主）"


def _with_sheet(source: io.BytesIO, write) -> io.BytesIO:
    """The workbook with its first sheet's XML replaced by what `write(member)` writes."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(item, zin.read(item))
            else:
                with zout.open(item.filename, "w", force_zip64=True) as member:
                    write(member)
    out.seek(0)
    return out


def test_every_reader_refuses_an_xlsx_zip_bomb_before_unpacking_it():
    # The go-live import and the account import read XLSX through open_table, as the feeds do.
    def bomb(member):
        member.write(b'<?xml version="1.0"?><worksheet><sheetData>')
        for _ in range(40):
            member.write(b" " * (1 << 20))
        member.write(b"</sheetData></worksheet>")

    source = _with_sheet(sheet_bytes(ROWS), bomb)

    assert len(source.getvalue()) < 1 << 20
    with pytest.raises(UnreadableFile) as refused:
        open_table(source, "名单.xlsx", LAYOUT)
    assert refused.value.message == MSG_BOMB


def test_every_reader_refuses_an_xlsx_declaring_xml_entities():
    def entities(member):
        member.write(
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
        )

    with pytest.raises(UnreadableFile) as refused:
        open_table(_with_sheet(sheet_bytes(ROWS), entities), "名单.xlsx", LAYOUT)
    assert refused.value.message == MSG_ENTITY
