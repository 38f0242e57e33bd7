"""导出本列表 on the household list: the rows the page lists (its search, filters and sort), in the user's scope, with
ID numbers and phones masked for read-only roles, audited like every ledger download (review freglist finding 1;
004 §(四): 县、镇信息员在每季度末导出本地区数据)."""

import datetime as dt
import re

import pytest

from accounts.models import AuditEvent
from households.choices import HouseholdType, Relation
from households.services import registry
from tests.households.conftest import member_row
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db

EXPORT = "/reports/registry-export/"


@pytest.fixture
def three(personas, county):
    """城南村: 张大山 (3 persons, 脱贫户, a phone), 赵六 (2 persons, 脱贫户); 城北村: 王五 (1 person, 一般农户)."""
    big = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        household_type=HouseholdType.LIFTED_OUT,
        phone="13812345678",
        members=[
            member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
            member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
            member_row("张小红", Relation.DAUGHTER, dt.date(1995, 9, 1), 34),
        ],
    )
    registry.household_create(
        actor=personas.cadre_b,
        village=county.village_b,
        household_type=HouseholdType.ORDINARY,
        members=[member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45)],
    )
    registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        household_type=HouseholdType.LIFTED_OUT,
        members=[
            member_row("赵六", Relation.HEAD, dt.date(1980, 4, 6), 57),
            member_row("钱七妹", Relation.SPOUSE, dt.date(1982, 5, 7), 68),
        ],
    )
    return big


def page_rows(client, query: str) -> list[str]:
    page = client.get(f"/households/?{query}").content.decode()
    return re.findall(r'class="row-link">\s*<strong>(.*?)</strong>\s*<span class="muted small">(.*?)</span>', page)


def export_rows(client, query: str) -> tuple[list, list[list]]:
    return ledger_table(read_xlsx(download(client.get(f"{EXPORT}?{query}"))))


def test_the_export_lists_the_rows_of_the_filtered_and_sorted_page_in_its_order(three, personas, login):
    client = login(personas.township)
    query = "household_type=lifted_out&ordering=-size"

    header, rows = export_rows(client, query)

    assert header[:5] == ["乡镇", "村", "村民小组", "网格", "户编号"]
    assert header[5:9] == ["户主姓名", "户主身份证号", "联系电话", "家庭人口"]
    assert [(row[5], row[4]) for row in rows] == page_rows(client, query)
    assert [(row[5], row[8], row[9]) for row in rows] == [("张大山", 3, "脱贫户"), ("赵六", 2, "脱贫户")]


def test_the_export_follows_the_page_s_search(three, personas, login):
    client = login(personas.township)

    _, rows = export_rows(client, "q=王五")

    assert [row[5] for row in rows] == ["王五"] == [name for name, _ in page_rows(client, "q=王五")]


def test_the_page_offers_the_export_with_its_own_filters(three, personas, login):
    page = login(personas.township).get("/households/?household_type=lifted_out&ordering=head").content.decode()

    assert f'href="{EXPORT}?household_type=lifted_out&amp;ordering=head"' in page and "导出本列表（XLSX）" in page


def test_a_cadre_exports_their_own_village_only(three, personas, login, county):
    client = login(personas.cadre_a)

    _, own = export_rows(client, "")
    _, other = export_rows(client, f"village={county.village_b.code}")

    assert sorted(row[5] for row in own) == ["张大山", "赵六"]
    # A village that is not theirs lists nothing, as the page does.
    assert len(other) == 1 and other[0][0] == "（无数据）"


def test_a_read_only_role_reads_the_head_s_number_and_phone_masked(three, personas, login):
    number = three.members.get(name="张大山").id_number

    _, official = export_rows(login(personas.official), "q=张大山")
    _, officer = export_rows(login(personas.county_officer), "q=张大山")

    assert official[0][6] == number[:4] + "*" * 10 + number[-4:] and official[0][7] == "138****5678"
    assert officer[0][6] == number and officer[0][7] == "13812345678"


def test_the_download_is_audited_with_its_conditions(three, personas, login, county):
    login(personas.county_officer).get(f"{EXPORT}?village={county.village_a.code}&ordering=-size")

    event = AuditEvent.objects.get(action="reports.ledger_export", actor=personas.county_officer)
    assert "农户档案列表" in event.summary and "村：涂埠镇 城南村" in event.summary
    assert "排序：按人口降序" in event.summary and "2行" in event.summary
    assert event.region_path == county.village_a.path


def test_a_department_clerk_may_not_export_the_registry(three, personas, login):
    assert login(personas.clerk).get(EXPORT).status_code == 403


def test_libreoffice_opens_the_file_with_the_title_and_the_conditions(three, personas, login, county):
    data = download(login(personas.township).get(f"{EXPORT}?household_type=lifted_out"))

    rows = libreoffice_csv(data)

    assert rows[0][0] == "永修县涂埠镇农户档案列表"
    assert "筛选条件：户类型：脱贫户" in rows[1][0]
    header, body = ledger_table(rows)
    assert [row[5] for row in body] == ["张大山", "赵六"] and header[6] == "户主身份证号"
    assert next(row for row in rows if row[0] == "合计")[5:10] == ["2户", "", "", "", "5人"]
