"""The template a clerk downloads (部门数据类型与模板 → 下载模板) offers each choice column's values in a drop-down
(参保状态: 已参保、未参保) that refuses another value in Chinese, and keeps the ID number and date columns text over
the rows the drop-downs cover, so Excel does not turn an 18-digit number into 3.60425E+17."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alerts.choices import UploadStatus
from alerts.models import FeedColumn
from alerts.services.feed_template import INPUT_ROWS, LISTS_SHEET
from tests.alerts.conftest import feed, ingest

pytestmark = pytest.mark.django_db
UNINSURED = "health-uninsured-cost"  # 姓名, 身份证号, 参保状态 (已参保、未参保), 当年累计医疗支出
HOUSING = "housing-safety"  # 姓名, 身份证号, 房屋鉴定等级 (A、B、C、D), 鉴定日期
LAST = INPUT_ROWS + 1


def _download(login, clerk, code: str) -> openpyxl.Workbook:
    response = login(clerk).get(f"/alerts/feeds/{code}/template/")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _lists(sheet) -> dict[str, tuple[str, str]]:
    """Each validated range: (its list formula, its error message)."""
    return {str(v.sqref): (v.formula1, v.error) for v in sheet.data_validations.dataValidation if v.type == "list"}


def test_a_choice_column_has_a_drop_down_of_its_values_that_refuses_another_in_chinese(login, clerks):
    sheet = _download(login, clerks["health"], UNINSURED).worksheets[0]

    assert [c.value for c in sheet[1]] == ["姓名", "身份证号", "参保状态", "当年累计医疗支出"]
    lists = _lists(sheet)
    assert list(lists) == [f"C2:C{LAST}"]
    formula, error = lists[f"C2:C{LAST}"]
    assert formula == '"已参保,未参保"'
    assert error == "“参保状态”只能填写：已参保、未参保。请点击单元格右侧的下拉箭头选择。"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.errorStyle == "stop" and validation.showErrorMessage and not validation.showDropDown


def test_every_choice_column_gets_its_own_drop_down(login, clerks):
    sheet = _download(login, clerks["housing"], HOUSING).worksheets[0]

    assert _lists(sheet) == {
        f"C2:C{LAST}": ('"A,B,C,D"', "“房屋鉴定等级”只能填写：A、B、C、D。请点击单元格右侧的下拉箭头选择。")
    }


def test_the_id_number_and_date_columns_are_text_down_to_the_last_row_with_a_drop_down(login, clerks):
    sheet = _download(login, clerks["housing"], HOUSING).worksheets[0]

    for letter in ("B", "D"):  # 身份证号, 鉴定日期
        assert {sheet[f"{letter}{row}"].number_format for row in (2, 1001, 1002, LAST)} == {"@"}
    assert sheet["A2"].number_format == "General" and sheet["C2"].number_format == "General"


def test_a_long_list_of_values_is_read_from_a_hidden_sheet(login, clerks):
    values = [f"第{n}类困难情形说明" for n in range(1, 27)]  # 276 characters: over Excel's 255 inline
    FeedColumn.objects.filter(feed_type=feed(HOUSING), key="grade").update(choices="、".join(values))

    workbook = _download(login, clerks["housing"], HOUSING)

    lists = workbook[LISTS_SHEET]
    assert lists.sheet_state == "hidden" and [c.value for c in lists["C"]] == values
    assert _lists(workbook.worksheets[0])[f"C2:C{LAST}"][0] == f"'{LISTS_SHEET}'!$C$1:$C${len(values)}"


def test_a_template_filled_in_from_its_drop_downs_is_ingested(login, clerks, people):
    workbook = _download(login, clerks["health"], UNINSURED)
    sheet = workbook.worksheets[0]
    for row, person in enumerate([people["zhang"], people["wang"]], start=2):
        for column, value in enumerate([person.name, person.id_number, "未参保", "1200"], start=1):
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    record = ingest(clerks["health"], UNINSURED, SimpleUploadedFile("uninsured.xlsx", buffer.getvalue()))

    assert (record.status, record.rows_read, record.rows_error, record.alerts_raised) == (UploadStatus.DONE, 2, 0, 2)
