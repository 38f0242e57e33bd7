"""The go-live import applies the entry pages' family rules (households.services.relation_ages, members): a relation
of the other sex than the ID number's is refused with row, column and reason; ages unfit for the relations, a minor
head and two 配偶 are imported and listed to verify (已导入，请核实) on the page and in the workbook. A member row may
name the head's village by its group's code or the village's. A corrected file uploaded whole again skips the
households already imported (the same 户编号 and head's ID number) instead of reporting them as errors."""

import datetime as dt
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse

from accounts.audit_labels import field_label
from accounts.models import AuditEvent
from households.models import Household, RegistryImport
from households.registry_import.workbook import template_workbook
from tests.clock import today
from tests.households.test_registry_import import GROUP_A, VILLAGE_B, csv_upload, hn, member, pid, run

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status
VILLAGE_A = GROUP_A[:12]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sheets(record: RegistryImport) -> dict[str, dict[int, str]]:
    """Each sheet of the result workbook: its rows' reason (last column) by row number (行号)."""
    book = openpyxl.load_workbook(record.error_file.path)
    found = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        found[sheet.title] = {row[header.index("行号")]: row[-1] for row in rows[1:]}
    return found


def family_file() -> list[list[str]]:
    """Data rows from row 3 (a title row and the header above them)."""
    child_born = today().replace(day=1, month=1).replace(year=today().year - 11)
    return [
        # F1 (rows 3-4): a 之子 born 1950 under a head born 1970.
        member(hn("F1"), VILLAGE_B, "是", "赵建国", pid(dt.date(1970, 3, 3), 11), "户主"),
        member(hn("F1"), "", "否", "赵小军", pid(dt.date(1950, 5, 5), 13), "之子"),
        # F2 (rows 5-6): a 之女 whose ID number says male (odd sequence).
        member(hn("F2"), VILLAGE_B, "是", "钱国强", pid(dt.date(1960, 4, 4), 21), "户主"),
        member(hn("F2"), "", "否", "钱小红", pid(dt.date(1990, 6, 6), 23), "之女"),
        # F3 (rows 7-9): two 配偶.
        member(hn("F3"), VILLAGE_B, "是", "孙立民", pid(dt.date(1965, 7, 7), 31), "户主"),
        member(hn("F3"), "", "否", "李秀兰", pid(dt.date(1967, 8, 8), 32), "配偶"),
        member(hn("F3"), "", "否", "周桂英", pid(dt.date(1969, 9, 9), 34), "配偶"),
        # F4 (row 10): an 11-year-old, the only member and head.
        member(hn("F4"), VILLAGE_B, "是", "吴小宝", pid(child_born, 41), "户主"),
        # F5 (rows 11-12): nothing unusual.
        member(hn("F5"), VILLAGE_B, "是", "郑大海", pid(dt.date(1962, 2, 2), 51), "户主"),
        member(hn("F5"), "", "否", "王秀珍", pid(dt.date(1964, 3, 3), 52), "配偶"),
    ]


def test_family_rules_refuse_a_sex_mismatch_and_import_the_unusual_ages_to_verify(personas, county, client):
    record = run(personas.county_officer, csv_upload(family_file()))

    assert record.status == Status.DONE, record.message
    assert (record.households_created, record.rows_ok, record.rows_bad) == (4, 8, 2)
    assert not Household.objects.filter(number=hn("F2")).exists()
    assert Household.objects.filter(number__in=[hn("F1"), hn("F3"), hn("F4"), hn("F5")]).count() == 4
    assert record.households_warned == 3
    assert "已导入，请核实 3 户" in record.message
    shown = record.warnings
    assert [text.split(" ")[0] for text in shown] == ["第4行", "第8行", "第10行"]
    assert "赵小军（1950年生）与户主关系为“之子”，却比户主赵建国（1970年生）年长" in shown[0]
    assert "同户有2名成员与户主关系为“配偶”（第8、9行）" in shown[1]
    assert "户主吴小宝未满18周岁（11岁）" in shown[2]

    found = sheets(record)
    assert list(found) == ["错误清单", "已导入请核实"]
    errors = found["错误清单"]
    assert sorted(errors) == [5, 6]
    assert errors[6] == "与户主关系：与户主关系“之女”与身份证号中的性别（男）不符，请核对身份证号或与户主关系"
    verify = found["已导入请核实"]
    assert sorted(verify) == [4, 8, 10]
    assert verify[4].startswith("已导入，请核实：第4行 赵小军（1950年生）")

    client.force_login(personas.county_officer)
    page = client.get(reverse("households:import_detail", args=[record.pk])).content.decode()
    assert "已导入，请核实（3 户）" in page and "赵小军（1950年生）" in page
    assert "下载错误清单" in page


def test_only_warnings_give_a_verification_workbook(personas, county, client):
    record = run(personas.county_officer, csv_upload(family_file()[:2]))

    assert (record.households_created, record.rows_bad, record.households_warned) == (1, 0, 1)
    assert list(sheets(record)) == ["已导入请核实"]
    client.force_login(personas.county_officer)
    response = client.get(reverse("households:import_errors", args=[record.pk]))
    assert quote("核实清单_registry.xlsx") in response["Content-Disposition"]


def test_member_rows_may_name_the_heads_village_by_its_code_when_the_head_names_its_group(personas, county):
    rows = [
        member(hn("G1", GROUP_A), GROUP_A, "是", "张大山", pid(dt.date(1966, 4, 2), 11), "户主"),
        member(hn("G1", GROUP_A), VILLAGE_A, "否", "李秀英", pid(dt.date(1968, 8, 9), 12), "配偶"),
        # Another village is still refused.
        member(hn("G2", GROUP_A), GROUP_A, "是", "陈志明", pid(dt.date(1970, 1, 1), 21), "户主"),
        member(hn("G2", GROUP_A), VILLAGE_B, "否", "林美华", pid(dt.date(1972, 1, 1), 22), "配偶"),
    ]

    record = run(personas.county_officer, csv_upload(rows))

    household = Household.objects.get(number=hn("G1", GROUP_A))
    assert (household.members.count(), household.group.code) == (2, GROUP_A)
    assert record.rows_bad == 2
    assert sheets(record)["错误清单"][6].startswith(f"村代码：与户主所在行的村代码 {GROUP_A} 不一致")


def test_a_corrected_file_uploaded_again_skips_the_households_already_imported(personas, county, household_a):
    first_rows = [
        member(hn("K1"), VILLAGE_B, "是", "何建华", pid(dt.date(1971, 1, 1), 11), "户主"),
        member(hn("K1"), "", "否", "罗丽娟", pid(dt.date(1973, 1, 1), 12), "配偶"),
        member(hn("K2"), VILLAGE_B, "是", "高志强", pid(dt.date(1955, 1, 1), 21), "户主"),
        member(hn("K3"), VILLAGE_B, "是", "梁文", pid(dt.date(1958, 1, 1), 31), "户主"),
        member(hn("K3"), "", "否", "梁小华", "360425", "之子"),  # no ID number: K3 refused
    ]
    first = run(personas.county_officer, csv_upload(first_rows, name="first.csv"))
    assert (first.households_created, first.rows_bad) == (2, 2)

    corrected = [*first_rows[:4], member(hn("K3"), "", "否", "梁小华", pid(dt.date(1985, 1, 1), 33), "之子")]
    # The same number as a household in the registry, but another head: still an error.
    corrected.append(member(household_a.number, VILLAGE_A, "是", "宋立新", pid(dt.date(1960, 1, 1), 41), "户主"))
    second = run(personas.county_officer, csv_upload(corrected, name="second.csv"))

    assert second.status == Status.DONE, second.message
    assert (second.households_created, second.households_skipped, second.rows_ok, second.rows_bad) == (1, 2, 2, 1)
    assert "已导入，跳过 2 户" in second.message and "1 行有误未导入（涉及 1 户）" in second.message
    assert Household.objects.get(number=hn("K3")).members.count() == 2
    assert Household.objects.get(number=hn("K1")).members.count() == 2  # untouched, not doubled
    errors = sheets(second)["错误清单"]
    assert sorted(errors) == [8]
    assert f"户编号 {household_a.number} 已被本系统登记的另一户占用" in errors[8]


def test_every_key_the_import_audits_reads_in_words(personas, county):
    run(personas.county_officer, csv_upload(family_file()))

    event = AuditEvent.objects.get(action="registry.import")
    assert {"households_with_income", "households_skipped", "households_warned"} <= set(event.after)
    for key in event.after:
        assert field_label(event.object_type, key) != key, key
    assert field_label(event.object_type, "households_with_income") == "其中导入年度收支户数"


def test_the_template_leaves_the_values_column_of_free_text_columns_blank():
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    notes = {row[0]: row for row in book["填写说明"].iter_rows(min_row=2, values_only=True) if row and row[1]}

    assert notes["姓名"][3] == "—"
    assert notes["户编号"][3] == "—"
    assert "户主" in notes["与户主关系"][3]


def test_the_import_list_shows_each_import_as_a_labelled_card_on_a_phone(personas, county, client):
    run(personas.county_officer, csv_upload(family_file()[:2]))
    client.force_login(personas.county_officer)

    page = client.get(reverse("households:import_index")).content.decode()

    assert '<div class="ledger">' in page and 'data-label="状态与结果"' in page
    assert "已导入，请核实 1 户" in page
