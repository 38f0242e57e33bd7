"""The go-live import (上线导入): a county's registry from the national system, loaded in one go."""

import csv
import datetime as dt
import io

import openpyxl
import psycopg2
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from accounts.models import AuditEvent
from config.celery import app as celery_app
from config.errors import ApplicationError
from households import idnumber
from households.models import Household, HouseholdEvent, Member, RegistryImport
from households.registry_import import registry_import_create, registry_import_retry, registry_import_run
from households.registry_import.columns import COLUMNS
from households.registry_import.rows import MSG_HEAD_RELATION
from households.registry_import.services import LOCK_CLASS, MSG_CRASHED, MSG_RETRY_USELESS, MSG_STILL_RUNNING
from households.registry_import.staging import EVENT_SUMMARY, MSG_SIBLING
from households.registry_import.workbook import safe_cell
from households.services.household_rules import number_error

pytestmark = pytest.mark.django_db

HEADER = [column.header for column in COLUMNS]
TITLE = "永修县防返贫监测对象及脱贫户家庭成员信息表（国家系统导出）"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
Status = RegistryImport.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pid(birth: dt.date, sequence: int) -> str:
    return idnumber.make("360425", birth, sequence)


def member(number: str, village: str, head: str, name: str, id_number: str, relation: str, **extra: str) -> list:
    values = {
        "户编号": number,
        "村代码": village,
        "是否户主": head,
        "姓名": name,
        "身份证号": id_number,
        "与户主关系": relation,
        "民族": "汉族",
        "健康状况": "健康",
        "户类型": "脱贫户" if head == "是" else "",
        **extra,
    }
    return [values.get(header, "") for header in HEADER]


GROUP_A = "360425100201001"
VILLAGE_B = "360425100202"


def hn(label: str, village: str = VILLAGE_B) -> str:
    """A 户编号 of the village's shape (its 12-digit code and a 4-digit sequence, as the import requires) for a test
    household's label: hn("H1") is "3604251002027201" (the letter's code point, then the digit)."""
    return f"{village[:12]}{ord(label[0]):02d}{int(label[1:], 36):02d}"


HEAD_ID = pid(dt.date(1966, 4, 2), 11)
SPOUSE_ID = pid(dt.date(1968, 8, 9), 12)
SON_ID = pid(dt.date(1995, 1, 30), 13)


def mixed_rows(db_id: str) -> list[list[str]]:
    """Data rows; with a title row and the header above them, the first is row 3 of the sheet."""
    bad_check = pid(dt.date(1980, 1, 1), 31)
    bad_check = bad_check[:17] + ("0" if bad_check[17] != "0" else "1")
    return [
        # H1: good; a group code, the head's ID in full-width digits, members leave the household columns blank.
        member(
            hn("H1", GROUP_A), GROUP_A, "是", "张大山", HEAD_ID.translate(FULL_WIDTH), "户主", 联系电话="13907920001"
        ),
        member(hn("H1", GROUP_A), "", "否", "李秀英", SPOUSE_ID, "配偶", 户类型=""),
        member(
            hn("H1", GROUP_A), "", "否", "张小明", SON_ID.lower(), "之子", 务工地点="省外", **{"务工时间（月）": "10"}
        ),
        # H2: good, one person.
        member(hn("H2"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主", 户类型="一般农户"),
        # H3: two heads (rows 7 and 8).
        member(hn("H3"), VILLAGE_B, "是", "赵一", pid(dt.date(1970, 2, 2), 41), "户主"),
        member(hn("H3"), VILLAGE_B, "是", "赵二", pid(dt.date(1972, 2, 2), 43), "户主"),
        # H4: a member's ID has a wrong check digit (row 10).
        member(hn("H4"), VILLAGE_B, "是", "钱三", pid(dt.date(1960, 3, 3), 51), "户主"),
        member(hn("H4"), VILLAGE_B, "否", "钱四", bad_check, "之子"),
        # H5: an unknown relation label (row 12).
        member(hn("H5"), VILLAGE_B, "是", "孙五", pid(dt.date(1961, 5, 5), 61), "户主"),
        member(hn("H5"), VILLAGE_B, "否", "孙六", pid(dt.date(1990, 5, 5), 63), "儿子"),
        # H6: the head's ID is already held by a living member in the database (row 13).
        member(hn("H6"), VILLAGE_B, "是", "周七", db_id, "户主"),
    ]


def csv_upload(rows: list[list[str]], *, encoding: str = "gbk", title: bool = True, name: str = "registry.csv"):
    text = io.StringIO()
    writer = csv.writer(text)
    if title:
        writer.writerow([TITLE])
    writer.writerow([f" {header} " for header in HEADER])  # headers with stray spaces
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def xlsx_upload(rows: list[list], *, title: bool = True, header: list[str] = HEADER, name: str = "registry.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([TITLE])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def run(actor, upload) -> RegistryImport:
    record = registry_import_create(actor=actor, upload=upload, enqueue=False)
    return registry_import_run(import_id=record.pk)


def error_sheet(record: RegistryImport) -> tuple[openpyxl.worksheet.worksheet.Worksheet, dict[int, str]]:
    sheet = openpyxl.load_workbook(record.error_file.path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    line, reason = header.index("行号"), header.index("错误原因")
    return sheet, {row[line]: row[reason] for row in rows[1:]}


def assert_mixed_result(record: RegistryImport, household_a) -> None:
    assert record.status == Status.DONE, record.message
    assert (record.rows_total, record.rows_ok, record.rows_bad, record.households_created) == (11, 4, 7, 2)

    h1 = Household.objects.get(number=hn("H1", GROUP_A))
    assert (h1.head_name, h1.region_path, h1.group.code, h1.village.code) == (
        "张大山",
        GROUP_A,
        GROUP_A,
        "360425100201",
    )
    assert (h1.household_type, h1.phone) == ("lifted_out", "13907920001")
    members = {m.name: m for m in h1.members.all()}
    assert members["张大山"].id_number == HEAD_ID
    assert (members["张大山"].relation, members["张大山"].sex, members["张大山"].birth_date) == (
        "head",
        "male",
        dt.date(1966, 4, 2),
    )
    assert (members["李秀英"].sex, members["李秀英"].birth_date) == ("female", dt.date(1968, 8, 9))
    assert members["张小明"].id_number == SON_ID.upper()
    assert (members["张小明"].employment_place, members["张小明"].employment_months) == ("out_of_province", 10)
    assert {m.region_path for m in members.values()} == {GROUP_A}
    h2 = Household.objects.get(number=hn("H2"))
    assert (h2.region_path, h2.household_type, h2.members.count()) == (VILLAGE_B, "ordinary", 1)
    assert not Household.objects.filter(number__in=[hn("H3"), hn("H4"), hn("H5"), hn("H6")]).exists()

    event = HouseholdEvent.objects.get(household=h1)
    assert (event.summary, event.actor.username) == (EVENT_SUMMARY, "county_officer")
    audit = AuditEvent.objects.get(action="registry.import")
    assert "新建农户 2 户" in audit.summary

    sheet, reasons = error_sheet(record)
    assert sheet.freeze_panes == "A2"
    assert sorted(reasons) == [7, 8, 9, 10, 11, 12, 13]
    assert "同户有2人标为户主（第7、8行）" in reasons[7] and "第7、8行" in reasons[8]
    assert reasons[9] == MSG_SIBLING
    assert reasons[10].startswith("身份证号：身份证号校验位不正确")
    assert reasons[11] == MSG_SIBLING
    assert "与户主关系：无法识别“儿子”" in reasons[12] and "之子" in reasons[12]
    assert f"已登记在农户 {household_a.number}（户主 张大山）" in reasons[13]


def test_a_mixed_gbk_csv_imports_the_good_households_and_lists_the_bad_rows_by_their_row_number(
    personas, household_a, family_rows
):
    record = run(personas.county_officer, csv_upload(mixed_rows(family_rows[0]["id_number"])))

    assert_mixed_result(record, household_a)
    sheet, _ = error_sheet(record)
    header = [cell.value for cell in sheet[1]]
    assert header == [*HEADER, "行号", "错误原因"]


def test_a_mixed_xlsx_with_a_title_row_gives_the_same_result(personas, household_a, family_rows):
    record = run(personas.county_officer, xlsx_upload(mixed_rows(family_rows[0]["id_number"])))

    assert_mixed_result(record, household_a)


def test_long_codes_stored_as_excel_numbers_are_refused_with_the_reason(personas, county):
    rows = [
        member(hn("H9"), VILLAGE_B, "是", "吴九", pid(dt.date(1970, 1, 1), 91), "户主"),
        member(3604251002020001, VILLAGE_B, "是", "郑十", pid(dt.date(1970, 1, 1), 93), "户主"),
        member(7, VILLAGE_B, "是", "冯一", pid(dt.date(1970, 1, 1), 95), "户主"),  # a short number is read exactly
    ]
    rows[0][HEADER.index("身份证号")] = int(pid(dt.date(1970, 1, 1), 91)[:17] + "0")

    record = run(personas.county_officer, xlsx_upload(rows, title=False))

    assert (record.households_created, record.rows_bad) == (0, 3)
    _, reasons = error_sheet(record)
    assert reasons[2] == "身份证号：被 Excel 存成了数字，末几位已丢失：请把该列设为文本格式后重新填写"
    assert reasons[3].startswith("户编号：被 Excel 存成了数字")
    assert reasons[4].startswith("户编号：“7”不符合本村户编号格式")


def test_a_utf8_csv_without_a_title_row_counts_rows_from_the_header(personas, county):
    rows = [
        member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主"),
        member(hn("H1"), VILLAGE_B, "否", "王六", pid(dt.date(1952, 6, 6), 22), "户主"),
    ]

    record = run(personas.county_officer, csv_upload(rows, encoding="utf-8-sig", title=False))

    _, reasons = error_sheet(record)
    assert set(reasons) == {2, 3}
    assert MSG_HEAD_RELATION not in reasons[3] and "与户主关系" in reasons[3]


def test_a_household_number_not_of_its_villages_shape_is_refused_at_the_heads_row_and_the_others_import(
    personas, county
):
    # The edit page's and the API's rule (village code + 4-digit sequence from 0001), checked for the whole file.
    wrong = {
        2: "H1",  # the national system's own label, not a number
        4: hn("H3", GROUP_A),  # village A's number for a head in village B
        5: VILLAGE_B + "0000",  # sequence 0000
        6: VILLAGE_B + "00001",  # 17 digits
    }
    rows = [
        member("H1", VILLAGE_B, "是", "甲一", pid(dt.date(1970, 1, 1), 201), "户主"),
        member("H1", "", "否", "甲二", pid(dt.date(1972, 1, 1), 202), "配偶"),
        member(wrong[4], VILLAGE_B, "是", "乙一", pid(dt.date(1970, 1, 1), 203), "户主"),
        member(wrong[5], VILLAGE_B, "是", "丙一", pid(dt.date(1970, 1, 1), 205), "户主"),
        member(wrong[6], VILLAGE_B, "是", "丁一", pid(dt.date(1970, 1, 1), 207), "户主"),
        member(hn("H7"), VILLAGE_B, "是", "戊一", pid(dt.date(1970, 1, 1), 209), "户主"),
        member(hn("H7"), "", "否", "戊二", pid(dt.date(1972, 1, 1), 210), "配偶"),
        member(hn("H9", GROUP_A), GROUP_A, "是", "己一", pid(dt.date(1970, 1, 1), 211), "户主"),  # a group's code
    ]

    record = run(personas.county_officer, csv_upload(rows, title=False))

    assert (record.households_created, record.rows_ok, record.rows_bad) == (2, 3, 5)
    assert set(Household.objects.values_list("number", flat=True)) == {hn("H7"), hn("H9", GROUP_A)}
    _, reasons = error_sheet(record)
    assert set(reasons) == {2, 3, 4, 5, 6}
    assert reasons[2] == (
        "户编号：“H1”不符合本村户编号格式，应为16位数字：本村区划代码 360425100202 加4位序号（序号从0001起）"
    )
    assert reasons[3] == MSG_SIBLING
    # The right length and digits, another village's code: said so, not as a wrong shape.
    assert reasons[4] == (
        f"户编号：“{wrong[4]}”的前12位 360425100201 不是户主所在村的区划代码 360425100202：户编号应以本村区划代码开头，"
        "后加4位序号，请核对户编号或村代码"
    )
    for line in (5, 6):
        assert reasons[line].startswith(f"户编号：“{wrong[line]}”不符合本村户编号格式，应为16位数字"), reasons[line]
    # The household edit page refuses the same numbers and takes the same good ones.
    assert all(number_error(county.village_b, number) for number in wrong.values())
    assert not number_error(county.village_b, hn("H7")) and not number_error(county.village_a, hn("H9", GROUP_A))


def test_household_numbers_and_formula_like_cells_are_checked_and_neutralised(personas, household_a):
    rows = [member(household_a.number, VILLAGE_B, "是", "=HYPERLINK(1)", pid(dt.date(1950, 6, 6), 21), "户主")]

    record = run(personas.county_officer, csv_upload(rows))

    sheet, reasons = error_sheet(record)
    # Registered here, not imported: said with the household that holds it (test_household_number_held).
    assert f"户编号 {household_a.number} 已被本系统登记的另一户占用：张大山户" in reasons[3]
    assert sheet.cell(row=2, column=HEADER.index("姓名") + 1).value == "'=HYPERLINK(1)"
    assert safe_cell("-1+1") == "'-1+1" and safe_cell("@x") == "'@x" and safe_cell("张三") == "张三"
    assert safe_cell("-1") == "-1"  # a plain (negative) number runs nothing: kept as the clerk wrote it


def test_each_row_level_reason_names_its_column(personas, county):
    future = idnumber.make("360425", dt.date.today() + dt.timedelta(days=400), 11)
    child = pid(dt.date.today() - dt.timedelta(days=365 * 10), 15)
    rows = [
        member(
            hn("R1", "360425999999"), "360425999999", "是", "甲", pid(dt.date(1970, 1, 1), 101), "户主"
        ),  # unknown village
        member(
            hn("R2", "360425100000"), "360425100000", "是", "乙", pid(dt.date(1970, 1, 1), 103), "户主"
        ),  # a township code
        member(hn("R3"), VILLAGE_B, "是", "", pid(dt.date(1970, 1, 1), 105), "户主"),  # no name
        member(hn("R4"), VILLAGE_B, "是", "丁", future, "户主"),  # born after today
        member(hn("R5"), VILLAGE_B, "是", "戊", pid(dt.date(1970, 1, 1), 107), "户主", **{"务工时间（月）": "13"}),
        member(hn("R6"), VILLAGE_B, "是", "己", pid(dt.date(1970, 1, 1), 109), "户主", 健康状况="残疾"),
        member(hn("R7"), VILLAGE_B, "是", "庚", pid(dt.date(1970, 1, 1), 111), "户主", 户类型="贫困户"),
        member(hn("R8"), VILLAGE_B, "是", "辛", pid(dt.date(1970, 1, 1), 113), "户主"),
        member(hn("R8"), VILLAGE_B, "否", "壬", child, "配偶"),  # spouse under 16
    ]

    record = run(personas.county_officer, csv_upload(rows, title=False))

    _, reasons = error_sheet(record)
    assert "村代码：区划代码 360425999999 不存在" in reasons[2]
    assert "村代码：区划代码 360425100000 是乡镇" in reasons[3]
    assert reasons[4] == "姓名：不能为空"
    assert reasons[5] == "身份证号：身份证号中的出生日期晚于今天"
    assert reasons[6] == "务工时间（月）：务工时间应在0到12个月之间"
    assert reasons[7].startswith("残疾等级：健康状况为“残疾”时须填写残疾等级")
    assert reasons[8] == "户类型：无法识别“贫困户”，可填：脱贫户、一般农户"
    assert (reasons[9], reasons[10].split("：")[0]) == (MSG_SIBLING, "与户主关系")
    assert record.households_created == 0


def test_the_same_file_twice_is_refused_with_the_date_of_the_first_import(personas, county):
    rows = [member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]
    first = run(personas.county_officer, csv_upload(rows))

    with pytest.raises(ValidationError) as caught:
        registry_import_create(actor=personas.county_officer, upload=csv_upload(rows), enqueue=False)

    assert f"已于 {first.created_at.astimezone().strftime('%Y-%m-%d')}" in caught.value.messages[0]
    assert RegistryImport.objects.count() == 1


def test_a_file_with_missing_headers_fails_naming_them_and_imports_nothing(personas, county):
    header = [h for h in HEADER if h not in {"身份证号", "户类型"}]
    rows = [[hn("H1"), VILLAGE_B, "是", "王五", "户主"]]

    record = run(personas.county_officer, xlsx_upload(rows, header=header))

    assert record.status == Status.FAILED
    assert "缺少必需的列：身份证号、户类型" in record.message
    assert "户编号、村代码" in record.message  # and what was expected
    assert not Household.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_fails_with_a_chinese_message(personas, county):
    upload = SimpleUploadedFile("registry.xlsx", b"PK\x03\x04 truncated")

    record = run(personas.county_officer, upload)

    assert record.status == Status.FAILED and "无法打开该 Excel 文件" in record.message


@pytest.mark.parametrize("persona", ["township", "cadre_a", "approver", "clerk"])
def test_only_the_county_bureau_may_import(personas, persona):
    rows = [member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]

    with pytest.raises(PermissionDenied):
        registry_import_create(actor=getattr(personas, persona), upload=csv_upload(rows), enqueue=False)


def test_a_finished_import_is_not_run_again_and_a_crashed_one_resumes_without_duplicates(personas, household_a):
    rows = mixed_rows(household_a.members.get(relation="head").id_number)
    record = run(personas.county_officer, csv_upload(rows))
    assert registry_import_run(import_id=record.pk).finished_at == record.finished_at
    with pytest.raises(ApplicationError):
        registry_import_retry(actor=personas.county_officer, import_id=record.pk)

    # The worker died after its batches committed: the import still says "running".
    RegistryImport.objects.filter(pk=record.pk).update(status=Status.RUNNING, finished_at=None)
    retried = registry_import_retry(actor=personas.county_officer, import_id=record.pk)

    assert (retried.status, retried.households_created, retried.rows_ok, retried.rows_bad) == (Status.DONE, 2, 4, 7)
    assert Household.objects.filter(number__in=[hn("H1", GROUP_A), hn("H2")]).count() == 2
    assert Member.objects.filter(household__number=hn("H1", GROUP_A)).count() == 3
    _, reasons = error_sheet(retried)
    assert sorted(reasons) == [7, 8, 9, 10, 11, 12, 13]


def test_a_retry_is_refused_while_another_process_still_runs_the_import(personas, county):
    rows = [member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]
    record = registry_import_create(actor=personas.county_officer, upload=csv_upload(rows), enqueue=False)
    RegistryImport.objects.filter(pk=record.pk).update(status=Status.RUNNING)
    other = psycopg2.connect(**connection.get_connection_params())  # a live worker holds the import's lock
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_CLASS, record.pk])

        with pytest.raises(ApplicationError) as caught:
            registry_import_retry(actor=personas.county_officer, import_id=record.pk)
    finally:
        other.close()

    assert caught.value.message == MSG_STILL_RUNNING
    assert not Household.objects.exists()


def test_the_command_imports_a_file_and_reports_in_chinese(personas, county, tmp_path, capsys):
    path = tmp_path / "registry.csv"
    path.write_bytes(
        csv_upload([member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]).read()
    )

    call_command("import_registry", str(path), user="county_officer")

    out = capsys.readouterr().out
    assert "已完成" in out and "新建农户 1 户" in out
    assert Household.objects.filter(number=hn("H1")).exists()


# --- pages --------------------------------------------------------------------------------------------------


def test_a_county_officer_uploads_on_the_page_and_the_task_imports_the_file(
    personas, county, login, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    client = login(personas.county_officer)
    rows = [member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/households/import/", {"file": csv_upload(rows), "mode": "import"})

    assert response.status_code == 302
    record = RegistryImport.objects.get()
    assert (record.status, record.households_created, record.uploaded_by) == (Status.DONE, 1, personas.county_officer)
    page = client.get("/households/import/")
    assert "registry.csv" in page.content.decode() and "新建农户" in page.content.decode()


def test_the_progress_partial_polls_while_pending_and_stops_when_done(personas, county, login):
    client = login(personas.county_officer)
    rows = [member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]
    record = registry_import_create(actor=personas.county_officer, upload=csv_upload(rows), enqueue=False)

    pending = client.get(f"/households/import/{record.pk}/progress/").content.decode()
    registry_import_run(import_id=record.pk)
    done = client.get(f"/households/import/{record.pk}/progress/").content.decode()

    assert 'hx-trigger="every 2s"' in pending and "待处理" in pending
    assert "hx-trigger" not in done and "已完成" in done


def test_the_error_workbook_and_the_template_download(personas, household_a, login):
    client = login(personas.county_officer)
    record = run(personas.county_officer, csv_upload(mixed_rows(household_a.members.first().id_number)))

    errors = client.get(f"/households/import/{record.pk}/errors/")
    template = client.get("/households/import/template/")

    assert errors.status_code == 200 and "attachment" in errors["Content-Disposition"]
    detail = client.get(f"/households/import/{record.pk}/").content.decode()
    assert "下载错误清单" in detail and "7 行有误" in detail
    sheet = openpyxl.load_workbook(io.BytesIO(template.content))
    assert [c.value for c in sheet["农户档案"][1]] == HEADER
    assert idnumber.parse(sheet["农户档案"]["E2"].value)  # the example row carries a valid ID number
    assert "填写说明" in sheet.sheetnames
    # The example's number is of its village's shape, with a sequence no first household gets; its address names
    # no other village than the row's (城南村一组 here, whatever the county calls it).
    example = dict(zip(HEADER, [c.value for c in sheet["农户档案"][2]], strict=True))
    assert (example["户编号"], example["村代码"], example["住址"]) == ("3604251002019999", "360425100201001", "一组3号")


def test_the_error_workbook_is_laid_out_for_correcting_the_rows_in_it(personas, household_a, login):
    # The clerk types corrected ID numbers into it and uploads it again: a General cell turned them into 3.60425E+17,
    # which the upload then refused; the reason column was 8 wide and unwrapped.
    record = run(personas.county_officer, csv_upload(mixed_rows(household_a.members.first().id_number)))
    data = login(personas.county_officer).get(f"/households/import/{record.pk}/errors/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(data.streaming_content) if data.streaming else data.content))
    sheet = sheet["错误清单"]
    header = {cell.value: cell.column_letter for cell in sheet[1]}

    for title in ("户编号", "村代码", "身份证号"):
        column = sheet.column_dimensions[header[title]]
        assert column.number_format == "@" and column.width >= 12, title
        assert all(row[0].number_format == "@" for row in sheet[f"{header[title]}2:{header[title]}{sheet.max_row}"])
    reason = header["错误原因"]
    assert sheet.column_dimensions[reason].width >= 40
    assert sheet[f"{reason}2"].alignment.wrap_text


def test_a_cadre_gets_403_on_every_import_page(personas, household_a, login):
    record = run(personas.county_officer, csv_upload(mixed_rows(household_a.members.first().id_number)))
    client = login(personas.cadre_a)

    for url in ("", "template/", f"{record.pk}/", f"{record.pk}/progress/", f"{record.pk}/errors/"):
        assert client.get(f"/households/import/{url}").status_code == 403, url
    assert client.post("/households/import/", {"file": csv_upload([])}).status_code == 403


def test_only_the_county_bureau_sees_the_import_in_the_menu(personas, login):
    county_page = login(personas.county_officer).get("/").content.decode()
    cadre_page = login(personas.cadre_a).get("/").content.decode()

    assert "档案导入" in county_page
    assert "档案导入" not in cadre_page


def test_the_import_page_retries_a_failed_import_in_the_background(
    personas, login, household_a, django_capture_on_commit_callbacks, monkeypatch
):
    rows = mixed_rows(household_a.members.get(relation="head").id_number)
    record = registry_import_create(actor=personas.county_officer, upload=csv_upload(rows), enqueue=False)
    RegistryImport.objects.filter(pk=record.pk).update(status=Status.FAILED, message=MSG_CRASHED)
    client = login(personas.county_officer)
    page = client.get("/households/import/").content.decode()
    assert f"/households/import/{record.pk}/retry/" in page and "重试导入" in page
    queued = []
    monkeypatch.setattr("households.tasks.registry_import_task.delay", lambda import_id: queued.append(import_id))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/households/import/{record.pk}/retry/", follow=True)

    assert "已重新排队" in response.content.decode()
    assert RegistryImport.objects.get(pk=record.pk).status == Status.PENDING and queued == [record.pk]
    assert AuditEvent.objects.filter(action="registry.import_retry", object_id=str(record.pk)).exists()
    done = registry_import_run(import_id=record.pk)  # what the worker does with the message
    assert (done.status, done.households_created) == (Status.DONE, 2)
    # Done: a second retry is refused, in Chinese, and nothing is queued.
    response = client.post(f"/households/import/{record.pk}/retry/", follow=True)
    assert "该导入已完成，无需重试" in response.content.decode() and queued == [record.pk]


def test_the_page_refuses_to_retry_an_import_a_live_worker_holds(personas, login, county):
    rows = [member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]
    record = registry_import_create(actor=personas.county_officer, upload=csv_upload(rows), enqueue=False)
    RegistryImport.objects.filter(pk=record.pk).update(status=Status.RUNNING)
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_CLASS, record.pk])
        response = login(personas.county_officer).post(f"/households/import/{record.pk}/retry/", follow=True)
    finally:
        other.close()

    assert MSG_STILL_RUNNING in response.content.decode()
    assert RegistryImport.objects.get(pk=record.pk).status == Status.RUNNING
    # Only the county bureau, and only by POST.
    assert login(personas.township).post(f"/households/import/{record.pk}/retry/").status_code == 403
    assert login(personas.county_officer).get(f"/households/import/{record.pk}/retry/").status_code == 405


def test_the_households_labour_capacity_comes_from_its_members_skills(personas, county):
    rows = [
        member(hn("L1"), VILLAGE_B, "是", "甲一", pid(dt.date(1970, 1, 1), 71), "户主", 劳动技能="普通劳动力"),
        member(hn("L1"), VILLAGE_B, "否", "甲二", pid(dt.date(1940, 1, 1), 77), "之父", 劳动技能="丧失劳动力"),
        member(hn("L2"), VILLAGE_B, "是", "乙一", pid(dt.date(1950, 1, 1), 73), "户主", 劳动技能="弱劳动力或半劳动力"),
        member(hn("L3"), VILLAGE_B, "是", "丙一", pid(dt.date(1945, 1, 1), 74), "户主", 劳动技能="丧失劳动力"),
        member(hn("L3"), VILLAGE_B, "否", "丙二", pid(dt.date(1946, 1, 1), 75), "配偶", 劳动技能="无劳动力"),
        member(hn("L4"), VILLAGE_B, "是", "丁一", pid(dt.date(1960, 1, 1), 76), "户主"),  # not given
    ]
    record = run(personas.county_officer, csv_upload(rows))

    assert record.status == Status.DONE
    labelled = [hn(f"L{i}") for i in range(1, 5)]
    capacity = dict(Household.objects.filter(number__in=labelled).values_list("number", "labour_capacity"))
    assert capacity == {hn("L1"): "has_labour", hn("L2"): "partial", hn("L3"): "none", hn("L4"): ""}


def test_a_file_that_cannot_be_read_is_not_offered_a_retry(personas, login, county):
    rows = [member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]
    record = registry_import_create(actor=personas.county_officer, upload=csv_upload(rows), enqueue=False)
    RegistryImport.objects.filter(pk=record.pk).update(status=Status.FAILED, message="表头缺少必需的列：村代码")
    client = login(personas.county_officer)

    page = client.get(f"/households/import/{record.pk}/").content.decode()
    response = client.post(f"/households/import/{record.pk}/retry/", follow=True)

    assert "重试导入" not in page and "请按提示修改文件后重新上传" in page
    assert MSG_RETRY_USELESS in response.content.decode()
    assert RegistryImport.objects.get(pk=record.pk).status == Status.FAILED


def test_downloading_the_error_workbook_is_recorded_in_the_audit_log(personas, household_a, login):
    # The workbook holds the rows as uploaded: full ID numbers, names, health (DOMAIN.md "Privacy").
    record = run(personas.county_officer, csv_upload(mixed_rows(household_a.members.first().id_number)))

    response = login(personas.county_officer).get(f"/households/import/{record.pk}/errors/")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="registry.import_errors_download")
    assert event.actor == personas.county_officer
    assert (event.object_type, event.object_id) == ("households.registryimport", str(record.pk))
    assert "registry.csv" in event.summary and "错误清单" in event.summary
