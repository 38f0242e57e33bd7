"""The go-live import and the common ways a clerk's Excel file goes wrong: 户编号, 村代码 and 户类型 merged down a
household's member rows (read as every row's; a blank 户编号 under a household, unmerged, refuses the household
whole instead of importing half of it), a household already in the registry whose members the file adds to or
lacks (said row by row, with what to do on the household's page, instead of skipped as unchanged), and the codes
Excel mangles: full-width digits, scientific notation (3.60425E+17), a leading apostrophe, another county's code."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households.choices import RegionLevel
from households.models import Household, Member, RegistryImport
from households.registry_import.reader import REGISTRY_LAYOUT, open_table
from households.registry_import.staging import MSG_SIBLING
from tests.factories import region
from tests.households.test_registry_import import (
    FULL_WIDTH,
    HEADER,
    TITLE,
    VILLAGE_B,
    csv_upload,
    error_sheet,
    hn,
    member,
    pid,
    run,
)

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status
MERGED = ("户编号", "村代码", "户类型")

HEAD_ID = pid(dt.date(1966, 4, 2), 11)
WIFE_ID = pid(dt.date(1968, 8, 9), 12)
SON_ID = pid(dt.date(1995, 1, 30), 13)
DAUGHTER_ID = pid(dt.date(1998, 3, 3), 14)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def family(number: str) -> list[list[str]]:
    return [
        member(number, VILLAGE_B, "是", "张大山", HEAD_ID, "户主"),
        member(number, VILLAGE_B, "否", "李秀英", WIFE_ID, "配偶", 户类型="脱贫户"),
        member(number, VILLAGE_B, "否", "张小明", SON_ID, "之子", 户类型="脱贫户"),
    ]


def merged_xlsx(households: list[list[list[str]]], *, name: str = "merged.xlsx") -> SimpleUploadedFile:
    """A sheet as clerks lay it out: the title merged across the columns, and each household's 户编号, 村代码 and
    户类型 merged down its member rows (only the top cell of a merged range holds the value)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for rows in households:
        top = sheet.max_row + 1
        for row in rows:
            sheet.append(row)
        if len(rows) > 1:
            for header in MERGED:
                column = HEADER.index(header) + 1
                sheet.merge_cells(start_row=top, start_column=column, end_row=top + len(rows) - 1, end_column=column)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_merged_cells_are_read_as_every_rows_value_below_the_header_only():
    upload = merged_xlsx([family("3604251002027201")])
    table = open_table(upload.file, "merged.xlsx", REGISTRY_LAYOUT)
    rows = list(table.rows)

    number, village = table.columns["number"], table.columns["village_code"]
    assert [(line, cells[number], cells[village]) for line, cells in rows] == [
        (3, "3604251002027201", VILLAGE_B),
        (4, "3604251002027201", VILLAGE_B),
        (5, "3604251002027201", VILLAGE_B),
    ]
    assert [cells[table.columns["name"]] for _, cells in rows] == ["张大山", "李秀英", "张小明"]  # not merged: own


def test_the_column_reading_fills_merged_cells_as_the_row_reading_does():
    upload = merged_xlsx([family("3604251002027201"), family("3604251002027202")[:1]])
    by_row = [cells for _, cells in open_table(upload.file, "merged.xlsx", REGISTRY_LAYOUT).rows]
    upload.file.seek(0)
    table = open_table(upload.file, "merged.xlsx", REGISTRY_LAYOUT)
    batches = list(table.rows.batches(size=2))  # a merged range across two batches
    columns = [[cell for batch in batches for cell in batch[i]] for i in range(len(HEADER))]

    assert [list(cells) for cells in zip(*columns, strict=True)] == by_row
    assert columns[table.columns["number"]] == ["3604251002027201"] * 3 + ["3604251002027202"]


def test_a_household_with_its_number_merged_down_its_rows_is_imported_whole(personas, county):
    alone = member(hn("M2"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")
    record = run(personas.county_officer, merged_xlsx([family(hn("M1")), [alone]]))

    assert record.status == Status.DONE, record.message
    assert (record.rows_bad, record.households_created, record.rows_ok) == (0, 2, 4)
    household = Household.objects.get(number=hn("M1"))
    assert sorted(household.members.values_list("name", flat=True)) == ["张大山", "张小明", "李秀英"]
    assert (household.village.code, household.household_type) == (VILLAGE_B, "lifted_out")


def test_member_rows_without_a_number_under_a_household_refuse_it_whole_naming_merged_cells(personas, county):
    rows = family(hn("M1"))
    rows[1][HEADER.index("户编号")] = rows[2][HEADER.index("户编号")] = ""  # a merge undone, or a CSV of it
    rows.append(member(hn("M2"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主"))
    # A head's row without its number starts no household and continues none: only its own error.
    rows.append(member("", VILLAGE_B, "是", "赵一", pid(dt.date(1970, 2, 2), 41), "户主"))

    record = run(personas.county_officer, csv_upload(rows))

    assert record.status == Status.DONE, record.message
    assert not Household.objects.filter(number=hn("M1")).exists()  # not half a household
    assert not Member.objects.filter(id_number__in=[HEAD_ID, WIFE_ID, SON_ID]).exists()
    assert Household.objects.filter(number=hn("M2")).exists()
    assert (record.rows_ok, record.rows_bad, record.households_created) == (1, 4, 1)
    assert "（涉及 1 户）" in record.message
    _, reasons = error_sheet(record)
    assert sorted(reasons) == [3, 4, 5, 7]
    assert reasons[3] == MSG_SIBLING
    for line in (4, 5):
        assert reasons[line].startswith("户编号为空：如是合并单元格，请取消合并并逐行填写")
        assert f"紧接在户编号 {hn('M1')} 的成员行之后" in reasons[line] and "整户未导入" in reasons[line]
    assert reasons[7] == "户编号：不能为空"


def test_a_household_in_the_registry_with_members_the_file_adds_says_so_per_row(personas, county):
    first = run(personas.county_officer, csv_upload(family(hn("K1"))[:2], name="first.csv"))
    assert first.households_created == 1

    second = run(personas.county_officer, csv_upload(family(hn("K1")), name="second.csv"))

    assert second.status == Status.DONE, second.message
    assert (second.households_skipped, second.households_created, second.rows_bad) == (0, 0, 3)
    assert "跳过" not in second.message and "未作更改）" not in second.message
    assert "3 行有误未导入（涉及 1 户）" in second.message
    assert Household.objects.get(number=hn("K1")).members.count() == 2  # the import changes no household
    _, reasons = error_sheet(second)
    assert sorted(reasons) == [3, 4, 5]
    said = f"户编号：户编号 {hn('K1')} 的农户（户主 张大山）已在系统中，导入只新建农户，不会给已有农户增减成员"
    assert all(reason.startswith(said) for reason in reasons.values())
    assert "本行的张大山已在该户档案中，未作更改；该户还需添加张小明：请到该户页面点“添加成员”添加" in reasons[3]
    assert "本行的张小明不在该户档案中：请到该户页面点“添加成员”添加" in reasons[5]
    # Neither the number nor the ID numbers are said to be taken: they are this household's.
    assert not any("已存在于系统中" in r or "已登记在农户" in r or "占用" in r for r in reasons.values())


def test_the_missing_members_sent_alone_are_told_to_be_added_on_the_household_page(personas, county):
    run(personas.county_officer, csv_upload(family(hn("K1"))[:2], name="first.csv"))
    son = member(hn("K1"), "", "否", "张小明", SON_ID, "之子", 户类型="")
    daughter = member(hn("K1"), "", "否", "张小红", DAUGHTER_ID, "之女", 户类型="")

    record = run(personas.county_officer, csv_upload([son, daughter], name="members.csv"))

    assert (record.households_skipped, record.rows_bad) == (0, 2)
    _, reasons = error_sheet(record)
    assert "本行的张小明不在该户档案中：请到该户页面点“添加成员”添加" in reasons[3]
    assert "本行的张小红不在该户档案中" in reasons[4]
    # Not "no head" nor "number taken", and the registry's members are not said to be missing from the file.
    assert not any("是否户主" in r or "已存在于系统中" in r or "不在文件中" in r for r in reasons.values())
    assert Household.objects.get(number=hn("K1")).members.count() == 2


def test_a_file_lacking_a_member_the_registry_has_names_them(personas, county):
    run(personas.county_officer, csv_upload(family(hn("K1")), name="first.csv"))

    record = run(personas.county_officer, csv_upload(family(hn("K1"))[:2], name="second.csv"))

    assert (record.households_skipped, record.rows_bad) == (0, 2)
    _, reasons = error_sheet(record)
    assert reasons[3].endswith("；该户档案中的张小明不在文件中：如已去世或迁出，请到该户页面点“标记已故/迁出”")
    assert "本行的李秀英已在该户档案中，未作更改" in reasons[4]


def test_the_same_household_with_the_same_members_is_still_skipped_as_unchanged(personas, county):
    run(personas.county_officer, csv_upload(family(hn("K1")), name="first.csv"))

    again = run(personas.county_officer, merged_xlsx([family(hn("K1"))]))

    assert (again.households_skipped, again.rows_bad, again.households_created) == (1, 0, 0)
    assert "已导入，跳过 1 户" in again.message and not again.error_file


def test_codes_excel_mangled_are_read_or_refused_with_the_reason(personas, county):
    other_county = region("360426000000", "德安县", RegionLevel.COUNTY)
    region("360426100201", "邻县村", RegionLevel.VILLAGE, other_county)
    rows = [
        # Full-width digits in 户编号 and an apostrophe before the codes (Excel's text marker): read as meant.
        member(
            "'" + hn("C1").translate(FULL_WIDTH), "'" + VILLAGE_B, "是", "张大山", "'" + HEAD_ID, "户主", 联系电话=""
        ),
        # A CSV saved by Excel: long numbers in scientific notation.
        member(hn("C2"), VILLAGE_B, "是", "王五", "3.60425E+17", "户主"),
        member("3.60425E+15", VILLAGE_B, "是", "赵一", pid(dt.date(1970, 2, 2), 41), "户主"),
        member(hn("C4"), "3.60425E+11", "是", "钱三", pid(dt.date(1960, 3, 3), 51), "户主"),
        # Another county's village, in the database or not.
        member(hn("C5"), "360426100201", "是", "孙五", pid(dt.date(1961, 5, 5), 61), "户主"),
        member(hn("C6"), "360427100201", "是", "周七", pid(dt.date(1962, 5, 5), 71), "户主"),
    ]

    record = run(personas.county_officer, csv_upload(rows))

    household = Household.objects.get(number=hn("C1"))
    assert (household.village.code, household.members.get().id_number) == (VILLAGE_B, HEAD_ID)
    _, reasons = error_sheet(record)
    assert sorted(reasons) == [4, 5, 6, 7, 8]
    assert reasons[4] == "身份证号：“3.60425E+17”被 Excel 存成了科学计数法，请把该列设为文本后重新填写"
    assert reasons[5] == "户编号：“3.60425E+15”被 Excel 存成了科学计数法，请把该列设为文本后重新填写"
    assert reasons[6].startswith("村代码：“3.60425E+11”被 Excel 存成了科学计数法")
    assert reasons[7] == "村代码：区划代码 360426100201 不属于本县（本县的区划代码以 360425 开头），请核对村代码"
    assert reasons[8].startswith("村代码：区划代码 360427100201 不属于本县")
    assert not any("行政区划" in reason for reason in reasons.values())
