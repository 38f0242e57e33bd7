"""Village cadres and work teams download their own village's ledgers; the 走访台账 and the list of households due a
monthly visit that had none (review: assistance finding 6)."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.choices import Role
from households.models import Visit
from households.services.visit_stated import FINDINGS
from reports.ledgers import VILLAGE_LEDGERS, ledger_list
from tests.clock import today
from tests.factories import UserFactory
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def month_start() -> dt.date:
    return today().replace(day=1)


def export(client, code, **filters):
    return client.post("/reports/export/", {"ledger": code, **filters})


@pytest.fixture
def work_team(county):
    return UserFactory(
        username="work_team_a",
        role=Role.WORK_TEAM,
        region_path=county.village_a.path,
        region_name=county.village_a.name,
        first_name="建军",
        last_name="周",
    )


@pytest.fixture
def visits(registry, personas, work_team):
    """a1 visited this month by the work team (income down, expenses up, a risk); a1 last month, b1 (village B) and
    c1 (other township) this month by others. a2 and a3 (village A, both due monthly) are not visited this month."""

    def visit(household, day, visitor, **fields):
        fields.setdefault("stated_findings", list(FINDINGS))  # a 月度走访 states all five (visit_stated)
        return Visit.objects.create(
            household=household, region_path=household.region_path, visited_on=day, visitor=visitor, **fields
        )

    last_month = month_start() - dt.timedelta(days=3)
    return [
        visit(
            registry.a1,
            today(),
            work_team,
            income_change=Decimal("-3000"),
            expense_change=Decimal("12000"),
            medical_ok=False,
            risk_found=True,
            risk_types=["medical_cost"],
            notes="户主住院",
        ),
        visit(registry.a1, last_month, personas.cadre_a, notes="正常"),
        visit(registry.a2, last_month, personas.cadre_a),
        visit(registry.b1, today(), personas.cadre_b),
        visit(registry.c1, today(), personas.county_officer),
    ]


def test_a_village_cadre_gets_the_village_ledgers_and_nothing_of_the_county(personas, registry, login):
    client = login(personas.cadre_a)

    page = client.get("/reports/")

    assert page.status_code == 200
    text = page.content.decode()
    listed = {ledger.code for ledger in ledger_list(actor=personas.cadre_a)}
    assert listed == VILLAGE_LEDGERS
    for name in ("监测对象台账", "帮扶措施台账", "走访台账", "应走访未走访农户清单"):
        assert name in text
    for name in ("筛查结果台账", "部门预警信息核实台账", "待国家系统标注清单", "超期事项台账"):
        assert name not in text
    assert "统计看板" not in text and "季度（就业台账）" not in text
    assert "台账统计" in client.get("/").content.decode()  # in the menu
    # Ledgers only: not the county's dashboards, and no ledger outside the village's list, by page or API.
    assert client.get("/reports/dashboard/").status_code == 403
    assert export(client, "open_cases").status_code == 404
    refused = client.post("/api/v1/reports/exports/", {"ledger": "national_pending"})
    assert refused.status_code == 400 and "ledger" in refused.json()  # said at the field, as an unknown code is
    assert {row["code"] for row in client.get("/api/v1/reports/ledgers/").json()} == VILLAGE_LEDGERS


def test_roles_without_any_ledger_are_still_refused(personas, login):
    assert login(personas.clerk).get("/reports/").status_code == 403
    assert login(personas.audit_admin).post("/reports/export/", {"ledger": "visits"}).status_code == 403


def test_the_work_team_downloads_only_its_own_villages_measures_and_households(
    personas, departments, work_team, county, login
):
    client = login(work_team)

    measures = read_xlsx(download(export(client, "measures")))
    households = read_xlsx(download(export(client, "monitored_households")))
    other_village = export(client, "measures", region=county.village_c.code)

    assert {row[1] for row in ledger_table(measures)[1]} == {"城南村"}
    assert len(ledger_table(measures)[1]) == 2  # a1's two measures; c1's (张公渡村) is not theirs
    assert [row[3] for row in ledger_table(households)[1]] == ["360425100201001", "360425100201002"]
    assert "区域：城南村（管辖范围内全部）" in households[1][0]
    assert other_village.status_code == 400  # a region outside the village is refused, as for any user


def test_the_visit_ledger_lists_each_visit_with_its_findings_changes_and_risks(personas, visits, work_team, login):
    rows = read_xlsx(download(export(login(personas.township), "visits", date_from=month_start().isoformat())))

    header, body = ledger_table(rows)
    assert header == [
        "乡镇", "村", "户编号", "户主姓名", "走访类型", "走访日期", "录入时间", "补录", "走访人",
        "不愁吃穿", "义务教育有保障", "基本医疗有保障", "住房安全有保障", "饮水安全有保障",
        "收入变化（元）", "刚性支出变化（元）", "发现返贫致贫风险", "风险类型", "走访情况",
    ]  # fmt: skip
    # The township's visits of this month: a1 and b1, not c1 (other township), not last month's.
    assert [row[2] for row in body] == ["360425100201001", "360425100202001"]
    first = body[0]
    assert first[:9] == ["涂埠镇", "城南村", "360425100201001", "张三", "月度走访", first[5], first[6], "否", "周建军"]
    assert first[5].date() == today() and first[6].date() == today()  # 录入时间: a date-time cell, to the minute
    assert first[9:14] == ["是", "是", "否", "是", "是"]
    assert first[14:] == [-3000, 12000, "是", "大病重病重残医疗支出大", "户主住院"]
    assert "走访日期：" in rows[1][0] and "共走访 2 次，涉及 2 户；发现返贫致贫风险 1 次" in rows[1][0]
    total = dict(zip(["序号", *header], next(row for row in rows if row[0] == "合计"), strict=True))
    assert total["走访类型"] == 2 and total["收入变化（元）"] == -3000 and total["发现返贫致贫风险"] == 1
    assert total["补录"] == 0  # both entered in their own month


def test_a_village_cadre_gets_the_villages_visits_and_who_is_still_to_be_visited(personas, visits, login):
    client = login(personas.cadre_a)

    visited = ledger_table(read_xlsx(download(export(client, "visits"))))[1]
    unvisited_rows = read_xlsx(download(export(client, "unvisited")))

    assert sorted(row[2] for row in visited) == ["360425100201001", "360425100201001", "360425100201002"]
    header, unvisited = ledger_table(unvisited_rows)
    # a2 (visited last month only) and a3 (a lifted-out household, never visited) are due and not visited this month.
    assert [row[3] for row in unvisited] == ["360425100201002", "360425100201003"]
    assert header[-1] == "最近一次走访日期" and unvisited[1][-1] is None
    assert f"走访期间：{today().year}年{today().month}月1日" in unvisited_rows[1][0]
    assert "应每月走访 3 户，其中未走访 2 户" in unvisited_rows[1][0]


def test_the_visit_ledger_opens_in_libreoffice_with_title_headers_and_total(personas, visits, login):
    data = download(export(login(personas.county_officer), "visits"))

    rows = libreoffice_csv(data)

    assert rows[0][0] == "永修县走访台账"
    header, body = ledger_table(rows)
    assert header[:9] == ["乡镇", "村", "户编号", "户主姓名", "走访类型", "走访日期", "录入时间", "补录", "走访人"]
    assert len(body) == 5
    assert any(row[0] == "合计" for row in rows)
