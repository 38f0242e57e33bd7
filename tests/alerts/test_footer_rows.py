"""A department file's footer below its data ("合计,2人", "填表人：张丽,审核人：王强", 制表人, 审核, 单位（盖章）,
备注, 说明, 注：…) is not data: not an error row, not counted, and said on the result page; on the GBK CSV and the
XLSX paths, a title row above the header. A footer word on a row with an ID number, or in the middle of the data,
is still an error (review: footer rows)."""

import pytest

from alerts.ingest.totals import is_footer
from tests.alerts.conftest import csv_file, error_reasons, header_of, ingest, xlsx_file

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # 姓名, 身份证号, 疾病名称, 确诊日期
TITLE = "XX县新增大病患者信息表（2026年10月）"
FOOTER = [["合计", "2人"], ["填表人：张丽", "审核人：王强"]]
SAID = "表尾 2 行（合计、填表人等）"


def _rows(people) -> list[list[str]]:
    return [
        ["张大山", people["zhang"].id_number, "白血病", "2026-10-24"],
        ["李秀英", people["li"].id_number, "尿毒症", "2026-10-25"],
    ]


def test_a_gbk_csv_with_a_title_and_a_footer_reads_its_two_rows_and_says_so(clerks, people, login):
    upload = csv_file([*_rows(people), *FOOTER], header=header_of(CODE), title=TITLE, encoding="gbk")

    record = ingest(clerks["health"], CODE, upload)

    assert (record.rows_read, record.rows_valid, record.rows_error) == (2, 2, 0)
    assert not record.error_file and "有误 0 行" in record.message
    assert SAID in record.message and "请下载错误清单" not in record.message
    page = login(clerks["health"]).get(f"/alerts/uploads/{record.pk}/").content.decode()
    assert SAID in page and "有误 0 行" in page


def test_an_xlsx_with_a_title_and_every_kind_of_footer_row(clerks, people):
    footer = [
        ["合计", None, "2人", None],
        [None, None, None, None],
        ["制表人：张丽", None, "审核：王强", None],
        ["单位（盖章）：县卫生健康委员会", None, None, None],
        ["备注：确诊日期以医院诊断证明为准", None, None, None],
        ["说明：本表按月报送", None, None, None],
        ["注：以上人员均已核实", None, None, None],
    ]
    upload = xlsx_file([*_rows(people), *footer], header=header_of(CODE), title=TITLE)

    record = ingest(clerks["health"], CODE, upload)

    assert (record.rows_read, record.rows_valid, record.rows_error) == (2, 2, 0)
    assert "表尾 6 行（合计、填表人等）" in record.message and not record.error_file


def test_a_footer_word_with_an_id_number_or_amid_the_data_is_still_an_error(clerks, people):
    rows = _rows(people)
    with_id = ["备注", people["wang"].id_number[:17] + "0", "", ""]  # a (broken) ID number: a person's row
    upload = csv_file([rows[0], ["填表人：张丽", "审核人：王强"], rows[1], with_id], header=header_of(CODE))

    record = ingest(clerks["health"], CODE, upload)

    assert (record.rows_read, record.rows_error) == (4, 2)
    assert set(error_reasons(record)) == {3, 5} and "表尾" not in record.message


def test_an_xlsx_footer_row_with_an_id_number_stays_an_error(clerks, people):
    upload = xlsx_file(
        [*_rows(people), ["填表人：张丽", "36042519800101001", None, None], ["合计", "2人", None, None]],
        header=header_of(CODE),
        title=TITLE,
    )

    record = ingest(clerks["health"], CODE, upload)

    assert (record.rows_read, record.rows_error) == (3, 1)
    assert "表尾 1 行" in record.message


def test_the_footer_words():
    assert is_footer(["填表人：张丽", "审核人：王强", "", ""], 1)
    assert is_footer(["", " 注 1：以上数据截至10月底", "", ""], 1)
    assert is_footer(["注", "", "", ""], 1)
    assert is_footer(["单位(盖章)", "", "", ""], 1)
    assert not is_footer(["注意事项", "", "", ""], 1)
    assert not is_footer(["张丽", "", "", ""], 1)
    assert not is_footer(["审核人：王强", "360425198001010014", "", ""], 1)
