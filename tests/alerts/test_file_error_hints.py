"""Two file errors that now help (review rev-clerk 4): a file whose header is not found says which cells of its
first rows look like a header and, for each close to a column's name, the name to write; an ID number Excel wrote in
scientific notation as text (3.60425E+17) is told as a number Excel stored, not as a wrong length."""

import pytest

from alerts.choices import UploadStatus
from alerts.ingest.layout import header_hint, reader_layout
from households.registry_import.header_row import MSG_NEAR_MISSING
from households.registry_import.rows import MSG_NUMERIC_CODE
from tests.alerts.conftest import csv_file, error_reasons, feed, header_of, ingest, xlsx_file

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"  # 姓名, 身份证号, 参保状态, 当年累计医疗支出


def test_no_header_found_names_the_cells_that_look_like_one_and_the_names_to_write(clerks, people):
    rows = [[1, "张大山", people["zhang"].id_number, "未参保"]]
    upload = csv_file(rows, header=["序号", "名字", "证件", "参保情况"], title="2026年10月未参保人员")

    record = ingest(clerks["health"], CODE, upload)

    assert record.status == UploadStatus.FAILED
    assert record.message.startswith("前5行中没有找到表头。应有的列为：姓名、身份证号、参保状态、当年累计医疗支出。")
    assert "前几行中像表头的单元格有：“序号”、“名字”、“证件”、“参保情况”，都不是本数据类型的列名。" in record.message
    assert "“证件”应为“身份证号”（也可写“证件号”）" in record.message
    assert "“名字”应为“姓名”" in record.message and "“参保情况”应为“参保状态”" in record.message
    assert "“序号”应为" not in record.message  # nothing close: not guessed
    assert "2026年10月未参保人员" not in record.message.split("像表头的单元格有")[1]


def test_a_workbook_with_the_header_in_other_words_gets_the_same_help(clerks, people):
    rows = [["张大山", people["zhang"].id_number, "未参保", 100]]
    record = ingest(clerks["health"], CODE, xlsx_file(rows, header=["名字", "证件", "参保", "支出"]))
    assert record.status == UploadStatus.FAILED
    assert "“名字”应为“姓名”" in record.message and "“证件”应为“身份证号”" in record.message


def test_a_missing_column_named_otherwise_gets_the_file_header_most_like_it_once(clerks, people):
    header = ["姓名", "身分证号", "参保状态", "当年累计医疗支出"]
    upload = csv_file([["张大山", people["zhang"].id_number, "未参保", "10"]], header=header)

    record = ingest(clerks["health"], CODE, upload)

    assert record.status == UploadStatus.FAILED
    layout = reader_layout(list(feed(CODE).columns.all()))
    names = "、".join(layout.names(next(key for key, header in layout.required if header == "身份证号")))
    assert record.message.startswith("表头缺少必需的列：身份证号。")
    assert MSG_NEAR_MISSING.format(header="身份证号", names=names, cell="身分证号") in record.message
    assert record.message.count("身分证号") == 2  # 未识别的列, then the question: the feed's own hint says nothing more
    assert header_hint([header], list(feed(CODE).columns.all())) == ""


def test_an_id_number_in_scientific_notation_as_text_is_told_as_excels_number(clerks, people):
    header = header_of(CODE)
    rows = [
        ["张大山", "3.60425E+17", "未参保", "10"],
        ["李秀英", "3.60425e17", "未参保", "10"],
        ["王五", people["wang"].id_number, "未参保", "10"],
    ]

    record = ingest(clerks["health"], CODE, csv_file(rows, header=header))

    assert record.status == UploadStatus.DONE, record.message
    assert error_reasons(record) == {2: f"身份证号：{MSG_NUMERIC_CODE}", 3: f"身份证号：{MSG_NUMERIC_CODE}"}
    assert "请把该列设为文本格式后重新填写" in MSG_NUMERIC_CODE
