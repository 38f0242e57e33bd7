"""以下列未导入: the go-live import's check and result name the file's columns it did not import (a column it does
not know, a misspelt optional one, one repeated), say why for the national system's 新增原因 (recorded in this system
after go-live; 人员状态 and 减少原因 are read), and ask about a header one character off a
column."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import AuditEvent
from households.models import Household, RegistryImport
from households.registry_import import registry_import_create, registry_import_run
from households.registry_import.headers import MSG_JOIN_REASON, one_off, unread_columns
from households.registry_import.reader import REGISTRY_LAYOUT, find_header
from households.registry_import.summary import MSG_MEANT_CHECKED, MSG_MEANT_DONE, MSG_UNREAD_OTHER
from tests.households.test_registry_import import HEADER, TITLE, VILLAGE_B, hn, member, pid

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status

EXTRA = ["新增原因", "备注"]
# 联系电话 misspelt: the phone is not imported.
MISSPELT = [("联系电活" if header == "联系电话" else header) for header in HEADER]
PHONE = HEADER.index("联系电话") + 1  # the column's number from 1
FIRST_EXTRA = len(HEADER) + 1


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(header: list[str], extra_cells: list[str], *, name: str = "registry.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([TITLE])
    writer.writerow(header)
    row = member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主", 联系电话="13907920001")
    writer.writerow(row + extra_cells)
    return SimpleUploadedFile(name, text.getvalue().encode("gbk"))


def national_export() -> SimpleUploadedFile:
    return upload(MISSPELT + EXTRA, ["新登记", "低保户"])


def process(actor, file, *, check_only: bool) -> RegistryImport:
    record = registry_import_create(actor=actor, upload=file, enqueue=False, check_only=check_only)
    return registry_import_run(import_id=record.pk)


def test_a_check_names_the_columns_it_did_not_import_and_says_why(personas, county):
    record = process(personas.county_officer, national_export(), check_only=True)

    assert record.status == Status.DONE and record.households_ok == 1
    head, *lines = record.message.split("\n")
    assert head.startswith("检查完成，尚未导入：可导入农户 1 户")
    extra = "、".join(f"{header}（第 {FIRST_EXTRA + i} 列）" for i, header in enumerate(EXTRA))
    assert lines[0] == f"以下列未导入：联系电活（第 {PHONE} 列）、{extra}。"
    assert f"“新增原因”：{MSG_JOIN_REASON}。" in lines
    assert "减少原因" not in record.message  # a column of the layout (read for 迁出 members)
    assert f"“联系电活”是否应为“联系电话”？如是，{MSG_MEANT_CHECKED}。" in lines
    assert lines[-1] == MSG_UNREAD_OTHER  # 备注: nothing of this system's
    event = AuditEvent.objects.get(action="registry.import.check")
    assert event.after["unread_columns"] == [f"联系电活（第 {PHONE} 列）", *extra.split("、")]
    assert "以下列未导入：联系电活" in event.summary


def test_an_import_names_them_too_and_the_misspelt_column_is_not_imported(personas, county, tmp_path, capsys):
    path = tmp_path / "registry.csv"
    path.write_bytes(national_export().read())

    call_command("import_registry", str(path), user="county_officer")

    out = capsys.readouterr().out
    assert "新建农户 1 户" in out and f"以下列未导入：联系电活（第 {PHONE} 列）、新增原因（第 {FIRST_EXTRA} 列）" in out
    assert f"“联系电活”是否应为“联系电话”？如是，{MSG_MEANT_DONE}。" in out and "减少原因" not in out
    assert Household.objects.get(number=hn("H1")).phone == ""
    record = RegistryImport.objects.get()
    assert AuditEvent.objects.get(action="registry.import").after["unread_columns"][0] == f"联系电活（第 {PHONE} 列）"
    assert record.message.startswith("导入完成：新建农户 1 户")


def test_a_file_whose_columns_are_all_read_says_nothing_more(personas, county):
    # An earlier error workbook's 行号 and 错误原因 are its own columns, not the county's data.
    earlier_workbook = upload([*HEADER, "行号", "错误原因"], ["3", "姓名不能为空"])

    record = process(personas.county_officer, earlier_workbook, check_only=True)

    assert "\n" not in record.message and "以下列未导入" not in record.message
    assert AuditEvent.objects.get(action="registry.import.check").after["unread_columns"] == []


def test_a_repeated_column_is_read_once_and_named(personas, county):
    record = process(personas.county_officer, upload([*HEADER, "姓名"], ["王小五"]), check_only=True)

    name = HEADER.index("姓名") + 1
    assert f"以下列未导入：姓名（第 {FIRST_EXTRA} 列）。" in record.message
    assert f"“姓名”（第 {FIRST_EXTRA} 列）与第 {name} 列同名，按第 {name} 列导入。" in record.message
    assert MSG_UNREAD_OTHER not in record.message


def test_a_header_one_character_off_a_column_the_file_has_is_only_named():
    header = [*HEADER, "联系电活", "工资收入", "性別"]
    rows = iter([(1, header)])
    cells, columns = find_header(rows, REGISTRY_LAYOUT)

    unread = unread_columns(cells, columns)

    # 联系电话 is there: 联系电活 is some other column. 工资收入 is 工资性收入 with a character left out.
    assert [(column.header, column.meant) for column in unread] == [("联系电活", ""), ("工资收入", ""), ("性別", "")]
    assert unread[0].position == len(HEADER) + 1
    without = [h for h in HEADER if h not in {"工资性收入", "性别"}]
    cells, columns = find_header(iter([(1, [*without, "工资收入", "姓别"])]), REGISTRY_LAYOUT)
    meant = [(c.header, c.meant) for c in unread_columns(cells, columns)]
    assert meant == [("工资收入", "工资性收入"), ("姓别", "性别")]


@pytest.mark.parametrize(
    ("text", "other", "expected"),
    [
        ("联系电活", "联系电话", True),
        ("身份证", "身份证号", True),
        ("工资收入", "工资性收入", True),
        ("联系电话", "联系电话", False),
        ("电活联系", "联系电话", False),
        ("人数", "户类型", False),
    ],
)
def test_one_character_off(text, other, expected):
    assert one_off(text, other) is expected
    assert one_off(other, text) is expected


def test_the_pages_show_the_columns_not_imported(personas, county, login):
    client = login(personas.county_officer)
    record = process(personas.county_officer, national_export(), check_only=True)

    listing = client.get(reverse("households:import_index")).content.decode()
    detail = client.get(reverse("households:import_detail", args=[record.pk])).content.decode()

    assert "data-unread-badge" in listing and "有列未导入" in listing
    assert "data-unread-columns" in detail
    assert "文件中有的列不会导入" in detail  # the 确认导入 dialog says it too
    assert f"以下列未导入：联系电活（第 {PHONE} 列）" in detail and "“联系电活”是否应为“联系电话”？" in detail
    summary = record.message.split("\n")[0]
    assert f"<p>{summary}</p>" in detail
    assert "表中其他的列不导入" in listing  # the layout's note on the upload page
