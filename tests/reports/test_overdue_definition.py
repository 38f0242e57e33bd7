"""One meaning of 超期 everywhere: past the limit configured on the case's procedure. A procedure without one is
judged nowhere: not on the dashboard, not in the overdue ledger, and not against a 15-day default on the performance
page; every place that shows an overdue count says so (tests/reports/conftest.py `cases` for the fixtures)."""

import datetime as dt
import re

import pytest

from households.choices import MonitoringCategory
from tests.reports.conftest import download, ledger_table, read_xlsx
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.models import Case, Procedure

pytestmark = pytest.mark.django_db


def ledger(client, code):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": code})))
    return rows, ledger_table(rows)[1]


def cells(page: str, unit: str) -> list[str]:
    """The cells of a unit's row in the performance page's table of inclusions and visits, tags stripped."""
    table = page[page.index("识别纳入与走访") :]
    row = table[table.index(f">{unit}</a></th>") :]
    row = row[: row.index("</tr>")]
    return [re.sub(r"<[^>]+>", " ", cell).split() for cell in re.findall(r'<td class="num">(.*?)</td>', row, re.S)]


@pytest.fixture
def no_identification_limit(cases):
    """The county configured no limit for its identification procedure (as 永修县 did); re-marks keep 15 days."""
    Procedure.objects.filter(pk=cases.procedures["identification"].pk).update(limit_days=None)
    return cases


def test_without_a_configured_limit_a_case_is_overdue_nowhere_and_each_page_says_why(
    personas, no_identification_limit, login
):
    """a3's identification has run 20 days under a procedure without a limit; b1's re-mark 3 days of its 15."""
    client = login(personas.county_officer)

    d = client.get("/reports/dashboard/").context["d"]
    limit = next(item for item in d.overdue if item.label == "超过办结时限")
    _, open_rows = ledger(client, "open_cases")
    overdue_file, overdue_rows = ledger(client, "overdue_cases")
    reports_page = client.get("/reports/").content.decode()
    dashboard_page = client.get("/reports/dashboard/").content.decode()

    assert limit.count == 0
    assert "只判定已配置办结时限的程序" in limit.hint and "另有 1 件在办事项所属程序未配置办结时限" in limit.hint
    assert "只判定已配置办结时限的程序" in dashboard_page.split('data-note="limit"')[1]
    assert {row[3]: (row[12], row[13]) for row in open_rows} == {"王五": (None, "未配置时限"), "赵六": (15, "否")}
    assert [row[0] for row in overdue_rows] == ["（无数据）"]
    assert "另有 1 件在办事项所属程序未配置办结时限" in overdue_file[1][0]
    assert "只判定已配置办结时限的程序" in reports_page and "未配置时限的不计为超期" in reports_page
    assert "另有 1 件在办事项所属程序未配置办结时限，不判定是否超期" in reports_page
    assert "15日" not in reports_page


def test_the_same_case_is_overdue_on_the_dashboard_and_in_the_ledger_once_a_limit_is_configured(personas, cases, login):
    client = login(personas.county_officer)

    d = client.get("/reports/dashboard/").context["d"]
    _, overdue_rows = ledger(client, "overdue_cases")
    children = {row.region.name: row.overdue_cases for row in d.children}

    assert next(item.count for item in d.overdue if item.label == "超过办结时限") == 1
    assert [row[3] for row in overdue_rows] == ["王五"] and children == {"涂埠镇": 1, "虬津镇": 0}
    assert "另有" not in next(item.hint for item in d.overdue if item.label == "超过办结时限")


def test_the_performance_page_judges_inclusions_only_against_a_configured_limit(
    personas, no_identification_limit, registry, login
):
    """2026 in 涂埠镇: d1 included in 13 days under the identification procedure (no limit); 虬津镇: c1 in 4 days
    likewise. Then a1 re-marked in 30 days under the re-mark procedure (15 days): late, and judged."""
    client = login(personas.official)

    before = client.get("/reports/performance/?period=year&date=2026-06-01")
    rows = {row.region.name: row for row in before.context["p"].rows}

    assert (rows["涂埠镇"].inclusions, rows["涂埠镇"].judged, rows["涂埠镇"].within_share) == (1, 0, None)
    assert cells(before.content.decode(), "涂埠镇")[2] == ["未配置办结时限"]  # not 0% against a 15-day default
    api = client.get("/api/v1/reports/performance/?period=year&date=2026-06-01").json()
    town = next(row for row in api["rows"] if row["name"] == "涂埠镇")
    assert (town["within_judged"], town["within_share"]) == (0, None)

    Case.objects.create(
        kind=CaseKind.REMARK, household=registry.a1, procedure=no_identification_limit.procedures["remark"],
        channel=Channel.CADRE_VISIT, category=MonitoringCategory.MARGINAL, discovered_on=dt.date(2026, 3, 1),
        status=CaseStatus.APPROVED, closed_on=dt.date(2026, 3, 31), region_path=registry.a1.region_path,
        opened_by=personas.cadre_a,
    )  # fmt: skip
    after = client.get("/reports/performance/?period=year&date=2026-06-01")
    town = {row.region.name: row for row in after.context["p"].rows}["涂埠镇"]

    assert (town.inclusions, town.judged, town.within_limit, town.within_share) == (2, 1, 0, 0)
    assert cells(after.content.decode(), "涂埠镇")[2] == ["0.0%（0/1）", "另", "1", "户未配置办结时限"]
    assert "按15日" not in after.content.decode()
