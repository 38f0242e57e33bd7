"""Review finding (registry import #2): a baby not yet registered in the 户口 no longer blocks its household in the
go-live import. Its 身份证号 is left blank and the optional columns 性别 and 出生日期 typed; as on the member form
(households.services.newborn), only for a baby under one year, and a blank number without them says what to fill.
Babies without a number never collide with each other, in the file or with the registry's."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households.choices import Relation
from households.models import Household, Member, RegistryImport
from households.registry_import.workbook import template_workbook
from tests.clock import today
from tests.factories import MemberFactory
from tests.households.test_registry_import import HEADER, VILLAGE_B, error_sheet, hn, member, pid, run

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def upload(rows: list[list[str]], header: list[str] = HEADER) -> SimpleUploadedFile:
    """A UTF-8 CSV: the header in row 1, the data rows from row 2."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("registry.csv", text.getvalue().encode("utf-8"))


def test_babies_without_an_id_number_are_imported_with_their_typed_sex_and_birth_date(personas, household_a):
    # A baby already registered without a number: another one in the file does not collide with it.
    MemberFactory(
        household=household_a,
        name="张小宝",
        id_number="",
        relation=Relation.GRANDDAUGHTER,
        sex="female",
        birth_date=days_ago(30),
    )
    born = days_ago(60)
    rows = [
        member(hn("N1"), VILLAGE_B, "是", "赵建国", pid(dt.date(1970, 3, 3), 11), "户主"),
        member(
            hn("N1"), "", "否", "赵小宝", "", "之孙女", 性别="女", 出生日期=f"{born.year}年{born.month}月{born.day}日"
        ),
        member(hn("N1"), "", "否", "赵小贝", "", "之孙子", 性别="男", 出生日期=days_ago(10).isoformat()),
        member(hn("N2"), VILLAGE_B, "是", "钱国强", pid(dt.date(1990, 4, 4), 21), "户主"),
        member(hn("N2"), "", "否", "钱小红", "", "之女", 性别="女", 出生日期=days_ago(200).isoformat()),
    ]

    record = run(personas.county_officer, upload(rows))

    assert record.status == Status.DONE, record.message
    assert (record.rows_ok, record.rows_bad, record.households_created) == (5, 0, 2), record.message
    babies = {m.name: m for m in Member.objects.filter(household__number__in=[hn("N1"), hn("N2")], id_number="")}
    assert set(babies) == {"赵小宝", "赵小贝", "钱小红"}
    assert (babies["赵小宝"].sex, babies["赵小宝"].birth_date, babies["赵小宝"].no_id_number) == ("female", born, True)
    assert (babies["赵小贝"].sex, babies["赵小贝"].birth_date) == ("male", days_ago(10))
    assert Household.objects.get(number=hn("N1")).members.count() == 3


def test_a_blank_id_number_is_refused_saying_what_to_fill(personas, county):
    rows = [
        member(hn("R1"), VILLAGE_B, "是", "孙立民", pid(dt.date(1965, 7, 7), 31), "户主"),
        # Row 3: an adult whose number is missing.
        member(hn("R1"), "", "否", "李秀兰", "", "配偶"),
        # Row 4: a child past one year.
        member(hn("R1"), "", "否", "孙小明", "", "之孙子", 性别="男", 出生日期=days_ago(400).isoformat()),
        # Row 5: a baby's birth date without its sex; row 6: a sex without a birth date.
        member(hn("R1"), "", "否", "孙小红", "", "之孙女", 出生日期=days_ago(20).isoformat()),
        member(hn("R1"), "", "否", "孙小兰", "", "之孙女", 性别="女"),
        # Row 7: born tomorrow; row 8: a date that is not one; row 9: a 之孙子 typed 女.
        member(
            hn("R1"), "", "否", "孙小芳", "", "之孙女", 性别="女", 出生日期=(today() + dt.timedelta(days=1)).isoformat()
        ),
        member(hn("R1"), "", "否", "孙小丽", "", "之孙女", 性别="女", 出生日期="上个月"),
        member(hn("R1"), "", "否", "孙小军", "", "之孙子", 性别="女", 出生日期=days_ago(20).isoformat()),
    ]

    record = run(personas.county_officer, upload(rows))

    assert record.households_created == 0
    _, reasons = error_sheet(record)
    assert reasons[3] == "身份证号：不能为空；一周岁以下尚未落户、暂无身份证号的婴儿可留空，须填写性别和出生日期"
    assert reasons[4] == "身份证号：暂无身份证号仅限一周岁以下未落户的婴儿，请填写身份证号"
    assert reasons[5] == "性别：暂无身份证号时请选择性别"
    assert reasons[6] == "出生日期：暂无身份证号时请填写出生日期"
    assert reasons[7] == "出生日期：出生日期晚于今天，请核对"
    assert reasons[8] == "出生日期：无法识别“上个月”，应为日期，如 2023-05-06 或 2023年5月6日"
    assert reasons[9] == "与户主关系：与户主关系“之孙子”与填写的性别（女）不符，请核对性别或与户主关系"


def test_a_file_without_the_two_columns_is_told_to_add_them(personas, county):
    header = [title for title in HEADER if title not in ("性别", "出生日期")]
    rows = [
        [row[HEADER.index(title)] for title in header]
        for row in (
            member(hn("C1"), VILLAGE_B, "是", "吴大海", pid(dt.date(1975, 1, 1), 41), "户主"),
            member(hn("C1"), "", "否", "吴小宝", "", "之子"),
        )
    ]

    record = run(personas.county_officer, upload(rows, header))

    _, reasons = error_sheet(record)
    assert reasons[3] == (
        "身份证号：不能为空；一周岁以下尚未落户、暂无身份证号的婴儿可留空，须填写性别和出生日期"
        "（文件中没有“性别”“出生日期”列的请加上）"
    )


def test_sex_and_birth_date_beside_a_number_must_agree_with_it_under_other_headers(personas, county):
    header = [{"性别": "成员性别", "出生日期": "出生年月日"}.get(title, title) for title in HEADER]
    rows = [
        # A national export's columns agreeing with the number: imported.
        member(
            hn("A1"), VILLAGE_B, "是", "郑大海", pid(dt.date(1962, 2, 2), 51), "户主", 性别="男性", 出生日期="19620202"
        ),
        # Disagreeing (row 3): refused, naming both.
        member(
            hn("A2"), VILLAGE_B, "是", "冯小丽", pid(dt.date(1980, 5, 6), 62), "户主", 性别="男", 出生日期="1980-06-05"
        ),
    ]

    record = run(personas.county_officer, upload(rows, header))

    assert Household.objects.filter(number=hn("A1")).exists() and record.households_created == 1
    _, reasons = error_sheet(record)
    assert reasons[3] == (
        "性别：“男”与身份证号中的性别（女）不符，请核对身份证号或性别；"
        "出生日期：1980-06-05 与身份证号中的出生日期 1980-05-06 不符，请核对身份证号或出生日期"
    )


def test_the_template_has_the_two_columns_and_explains_them():
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    header = [cell.value for cell in book["农户档案"][1]]
    notes = {row[0]: row for row in book["填写说明"].iter_rows(min_row=2, values_only=True) if row and row[1]}
    texts = [row[0] for row in book["填写说明"].iter_rows(min_row=2, values_only=True) if row[0] and not row[1]]

    assert header[header.index("身份证号") + 1 : header.index("身份证号") + 3] == ["性别", "出生日期"]
    assert notes["性别"][1] == "可选列" and notes["性别"][3] == "男、女"
    assert "暂无身份证号的婴儿必填" in notes["出生日期"][2]
    assert "一周岁以下尚未落户、暂无身份证号的婴儿可留空" in notes["身份证号"][2]
    assert any("暂无身份证号的婴儿，身份证号留空，填写性别（男或女）和出生日期" in text for text in texts)
    assert not any("无需填写。" in text and "性别和出生日期" in text for text in texts)
