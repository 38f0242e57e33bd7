"""Bad input: each refused or reported with a Chinese message; good rows are never lost because of bad ones."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile

from alerts.choices import UploadStatus
from alerts.ingest.services import MSG_HEADER_ONLY, feed_upload_create
from alerts.models import Alert, FeedUpload
from households.registry_import import reader
from households.registry_import.reader import MSG_BROKEN_XLSX, MSG_ENCODING
from tests.alerts.conftest import (
    FULL_WIDTH,
    TODAY,
    bad_check,
    csv_file,
    error_reasons,
    feed,
    header_of,
    ingest,
    pid,
    xlsx_file,
)

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def good(people, n: int = 1) -> list[list]:
    return [["张大山", people["zhang"].id_number, "未参保", str(100 + i)] for i in range(n)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_each_encoding_departments_use_is_detected_and_read(clerks, people, encoding):
    rows = [["张大山", people["zhang"].id_number, "未参保", "100"], ["王五", people["wang"].id_number, "已参保", "1"]]

    record = ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE), encoding=encoding, title="名单"))

    assert (record.status, record.rows_read, record.alerts_raised) == (UploadStatus.DONE, 2, 1), record.message
    assert Alert.objects.get().person_name == "张大山"


def test_missing_headers_are_named_with_what_was_expected_and_nothing_is_ingested(clerks, people):
    header = ["姓名", "证件号码", "当年累计医疗支出"]  # 参保状态 missing; 证件号码 is an accepted alias

    record = ingest(clerks["health"], CODE, csv_file([r[:2] + r[3:] for r in good(people)], header=header))

    assert record.status == UploadStatus.FAILED
    assert "表头缺少必需的列：参保状态" in record.message
    assert "应有的列为：姓名、身份证号、参保状态、当年累计医疗支出。" in record.message
    assert "可选列" not in record.message  # this feed has none: no empty brackets
    assert not Alert.objects.exists()


def test_a_file_of_another_feed_type_is_refused_saying_which_it_looks_like(clerks, people):
    police = [["张大山", people["zhang"].id_number, "交通事故伤亡", "2026-10-01", ""]]

    record = ingest(clerks["health"], CODE, xlsx_file(police, header=header_of("police-casualty")))

    assert record.status == UploadStatus.FAILED
    assert "表头缺少必需的列" in record.message
    assert "该文件的表头与“公安局：交通事故伤亡和重大财产损失”一致，请在该数据类型下上传。" in record.message


def test_an_empty_file_and_a_file_with_only_a_header_are_refused_pointing_to_the_nil_return(clerks, people):
    with pytest.raises(ValidationError) as empty:
        feed_upload_create(
            actor=clerks["health"], feed_type=feed(CODE), upload=SimpleUploadedFile("a.csv", b""), enqueue=False
        )
    assert empty.value.message_dict["file"] == ["上传的文件是空的。"]

    record = ingest(clerks["health"], CODE, csv_file([], header=header_of(CODE)))
    assert (record.status, record.message, record.rows_read) == (UploadStatus.FAILED, MSG_HEADER_ONLY, 0)
    assert "本期无新增（零报告）" in record.message and not record.counts_as_submitted


def test_a_future_date_is_a_row_error_and_the_other_rows_are_ingested(clerks, people):
    header = header_of("police-casualty")
    rows = [
        ["张大山", people["zhang"].id_number, "交通事故伤亡", "2026-11-20", ""],
        ["王五", people["wang"].id_number, "重大财产损失", "2026年10月3日", "80000"],
        ["李秀英", people["li"].id_number, "重大财产损失", "2026-02-30", ""],
        ["李秀英", people["li"].id_number, "交通事故伤亡", "2024-02-29", ""],  # a leap day is a real date
    ]

    record = ingest(clerks["public_security"], "police-casualty", csv_file(rows, header=header))

    assert (record.rows_read, record.rows_error, record.alerts_raised) == (4, 2, 2)
    reasons = error_reasons(record)
    assert reasons[2] == "发生日期：日期 2026-11-20 晚于今天"
    # The format, with an example: not a date the clerk would read as the row's corrected one.
    assert reasons[4] == "发生日期：“2026-02-30”不是有效的日期，应按 年-月-日 填写，如 2026-10-08"
    assert set(Alert.objects.values_list("person_name", flat=True)) == {"王五", "李秀英"}


def test_a_truncated_xlsx_is_refused_whole(clerks, people):
    whole = xlsx_file(good(people), header=header_of(CODE)).read()

    record = ingest(clerks["health"], CODE, SimpleUploadedFile("cut.xlsx", whole[: len(whole) // 2]))

    assert (record.status, record.message) == (UploadStatus.FAILED, MSG_BROKEN_XLSX)


def _rewrite_sheet(source: bytes, sheet: bytes | None = None, chunks: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(item, zin.read(item))
            elif sheet is not None:
                zout.writestr(item.filename, sheet)
            else:
                with zout.open(item.filename, "w", force_zip64=True) as member:
                    member.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                    for _ in range(chunks):
                        member.write(b" " * (1 << 20))
                    member.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(clerks, people):
    base = xlsx_file(good(people), header=header_of(CODE)).read()
    bomb = _rewrite_sheet(base, chunks=64)  # 64 MB of XML in a few hundred KB

    assert len(bomb) < 1 << 20
    record = ingest(clerks["health"], CODE, SimpleUploadedFile("bomb.xlsx", bomb))

    assert (record.status, record.message) == (UploadStatus.FAILED, reader.MSG_BOMB)


def test_an_xlsx_carrying_an_xml_entity_attack_is_refused(clerks, people, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;&b;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    base = xlsx_file(good(people), header=header_of(CODE)).read()

    record = ingest(clerks["health"], CODE, SimpleUploadedFile("xxe.xlsx", _rewrite_sheet(base, sheet=sheet)))

    assert (record.status, record.message) == (UploadStatus.FAILED, reader.MSG_ENTITY)


def test_a_300_mb_file_is_refused_at_upload(clerks, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: no disk is used

    with big.open("rb") as handle, pytest.raises(ValidationError) as error:
        feed_upload_create(actor=clerks["health"], feed_type=feed(CODE), upload=File(handle, name="big.csv"))

    assert error.value.message_dict["file"] == ["文件大小 300 MB，超过 200 MB 的上限。请按报送期或乡镇拆分后分别上传。"]
    assert not FeedUpload.objects.exists()


def test_a_file_in_no_known_encoding_is_refused_whole(clerks):
    body = "姓名,身份证号,参保状态,当年累计医疗支出\n".encode("gbk") + b"\xff\xfe\xff\xfe,1,2,3\n"

    record = ingest(clerks["health"], CODE, SimpleUploadedFile("bad.csv", body))

    assert (record.status, record.message) == (UploadStatus.FAILED, MSG_ENCODING)


def test_ragged_rows_and_blank_lines_are_read_row_by_row_with_the_same_row_numbers(clerks, people):
    header = ",".join(header_of(CODE))
    body = (
        f"名单\n{header}\n张大山,{people['zhang'].id_number},未参保,100,备注\n\n"
        f"王五,{people['wang'].id_number},未参保\n李秀英,{people['li'].id_number},未参保,5\n"
    )

    record = ingest(clerks["health"], CODE, SimpleUploadedFile("ragged.csv", body.encode("gbk")))

    assert record.status == UploadStatus.DONE, record.message
    assert (record.rows_read, record.rows_error, record.alerts_raised) == (3, 1, 2)
    assert error_reasons(record) == {5: "当年累计医疗支出：不能为空"}


def test_the_same_file_twice_is_refused_with_the_date_of_the_first_upload(clerks, people):
    first = ingest(clerks["health"], CODE, csv_file(good(people), header=header_of(CODE)))

    with pytest.raises(ValidationError) as error:
        ingest(clerks["health"], CODE, csv_file(good(people), header=header_of(CODE), name="again.csv"))

    date = first.created_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
    assert error.value.message_dict["file"] == [f"该文件已于 {date} 上传过（feed.csv），不能重复上传。"]


def test_a_clerk_uploads_only_for_their_own_department(clerks, people, personas):
    upload = csv_file(good(people), header=header_of(CODE))
    with pytest.raises(PermissionDenied, match="只能上传本部门"):
        feed_upload_create(actor=clerks["education"], feed_type=feed(CODE), upload=upload, today=TODAY)
    with pytest.raises(PermissionDenied, match="只有行业部门"):
        feed_upload_create(actor=personas.county_officer, feed_type=feed(CODE), upload=upload, today=TODAY)


def test_id_numbers_get_the_same_reasons_written_plainly_or_in_full_width_digits(clerks, people):
    # Plain cells take the fast path of the checks, full-width ones the general cleaning: same reasons.
    numbers = [
        "36042519800101X011",  # an X before the last place
        "360425198002300011",  # 30 February
        "360425203001010011",  # born after today
        bad_check(pid(dt.date(1981, 1, 1), 73)),
        people["zhang"].id_number,
    ]
    plain = [[f"人{i}", number, "未参保", "100"] for i, number in enumerate(numbers)]
    # (Another amount: the same one in full-width digits is cleaned to the same row, a duplicate.)
    wide = [[name, number.translate(FULL_WIDTH), choice, "２００"] for name, number, choice, _ in plain]

    record = ingest(clerks["health"], CODE, csv_file(plain + wide, header=header_of(CODE)))

    reasons = error_reasons(record)
    expected = [
        "身份证号：身份证号应为18位（17位数字加1位数字或X）",
        "身份证号：身份证号中的出生日期无效",
        "身份证号：身份证号中的出生日期晚于今天",
        "身份证号：身份证号校验位不正确，请核对后重新输入",
    ]
    assert [reasons[line] for line in (2, 3, 4, 5)] == expected
    assert [reasons[line] for line in (7, 8, 9, 10)] == expected
    assert (record.rows_read, record.rows_error, record.rows_matched) == (10, 8, 2)
    assert list(Alert.objects.values_list("person_name", "line")) == [("人4", 6)]
