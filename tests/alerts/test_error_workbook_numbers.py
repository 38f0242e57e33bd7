"""Review alrt 5: the error workbook of an XLSX upload gives an amount back as the number the clerk's cell held
(当年累计医疗支出 22000), not as the text '22000' that Excel flags and will not sum; a CSV's cells are text, and
stay as the file wrote them."""

import openpyxl
import pytest

from tests.alerts.conftest import TODAY, bad_check, csv_file, header_of, ingest, pid, xlsx_file

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"  # 姓名, 身份证号, 参保状态, 当年累计医疗支出
SPENT = "当年累计医疗支出"


def error_cells(record) -> list[dict]:
    sheet = openpyxl.load_workbook(record.error_file.path).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def rows(spent):
    number = pid(TODAY.replace(year=1980), 7)
    return [["张三", bad_check(number), "未参保", spent], ["李四", "12345", "未参保", 1234.5]]


def test_an_xlsx_uploads_amounts_come_back_as_numbers(clerks, people):
    record = ingest(clerks["health"], CODE, xlsx_file(rows(22000), header=header_of(CODE)))

    first, second = error_cells(record)

    assert first[SPENT] == 22000 and isinstance(first[SPENT], int)
    assert second[SPENT] == 1234.5
    assert isinstance(first["身份证号"], str)


def test_a_csv_uploads_amounts_stay_as_the_file_wrote_them(clerks, people):
    record = ingest(clerks["health"], CODE, csv_file(rows("22000"), header=header_of(CODE)))

    first, second = error_cells(record)

    assert (first[SPENT], second[SPENT]) == ("22000", "1234.5")
