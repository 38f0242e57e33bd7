"""A tab- or semicolon-separated file under a .csv name is read with its separator (review rev-clerk 8); one whose
header is not found either way says that it is not a comma-separated CSV."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alerts.choices import UploadStatus
from alerts.ingest.delimiters import MSG_NOT_COMMA
from alerts.models import Alert
from tests.alerts.conftest import header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # 新增大病患者: 姓名、身份证号、疾病名称、确诊日期, a rule on every row


def text_file(lines: list[list[str]], delimiter: str, encoding: str = "gbk", name: str = "ill.csv"):
    body = "".join(delimiter.join(cells) + "\r\n" for cells in lines)
    return SimpleUploadedFile(name, body.encode(encoding))


def rows(people) -> list[list[str]]:
    return [
        ["张大山", people["zhang"].id_number, "白血病", "2026-10-24"],
        ["王五", people["wang"].id_number, "尿毒症", "2026-10-20"],
    ]


@pytest.mark.parametrize(("delimiter", "encoding"), [("\t", "gbk"), (";", "utf-8"), ("\t", "utf-8-sig")])
def test_a_file_cut_by_tabs_or_semicolons_is_read_with_its_separator(clerks, people, delimiter, encoding):
    lines = [["新增大病患者名单"], header_of(CODE), *rows(people)]

    record = ingest(clerks["health"], CODE, text_file(lines, delimiter, encoding))

    assert (record.status, record.rows_read, record.rows_error, record.alerts_raised) == (UploadStatus.DONE, 2, 0, 2), (
        record.message
    )
    assert set(Alert.objects.values_list("line", flat=True)) == {3, 4}


def test_a_tab_file_copy_refuses_is_read_row_by_row_with_its_separator(clerks, people):
    """A short row (ragged) makes COPY refuse the file: the row-by-row reading takes it, with tabs too."""
    lines = [header_of(CODE), *rows(people), ["某某", "123"]]

    record = ingest(clerks["health"], CODE, text_file(lines, "\t"))

    assert (record.status, record.rows_read, record.rows_error, record.alerts_raised) == (UploadStatus.DONE, 3, 1, 2), (
        record.message
    )


def test_a_tab_file_with_wrong_headers_says_it_is_not_comma_separated(clerks, people):
    lines = [["姓名", "证件", "病"], *[r[:3] for r in rows(people)]]

    record = ingest(clerks["health"], CODE, text_file(lines, "\t"))

    assert record.status == UploadStatus.FAILED
    assert MSG_NOT_COMMA in record.message


def test_a_comma_file_with_wrong_headers_is_not_told_about_separators(clerks, people):
    lines = [["姓名", "证件", "病"], *[r[:3] for r in rows(people)]]

    record = ingest(clerks["health"], CODE, text_file(lines, ","))

    assert record.status == UploadStatus.FAILED and MSG_NOT_COMMA not in record.message
