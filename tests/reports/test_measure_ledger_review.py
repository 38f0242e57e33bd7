"""Review findings 7, 8 and 12 in the 帮扶措施台账: a 逾期未办结 column, the 完成日期 and the reason a measure not
answering the household's risks was added all the same, and a 合计 that keeps what was given (已完成、实施中) apart
from what is only planned (计划中), a stopped measure (已终止) in neither. Read back as openpyxl and LibreOffice
read it (fixtures: tests/reports/fixtures_departments.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from tests.clock import today
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(departments):
    """张小三's measure 实施中 1,500; 张三's 已完成 200 on 2026-10-20 with a mismatch reason; 钱七's 计划中 300,
    past its end date; 张三's 已终止 999."""
    under_way, done, planned = departments.measures
    PlanMeasure.objects.filter(pk=done.pk).update(
        amount=Decimal("200.00"), completed_on=dt.date(2026, 10, 20), mismatch_reason="村民代表会议研究同意"
    )
    PlanMeasure.objects.filter(pk=planned.pk).update(amount=Decimal("300.00"), ends_on=today() - dt.timedelta(days=1))
    PlanMeasure.objects.create(
        plan=under_way.plan, household=under_way.household, region_path=under_way.region_path,
        measure_type=under_way.measure_type, responsible_unit="县民政局", responsible_person="王干部",
        starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 7, 1), amount=Decimal("999.00"),
        status=MeasureStatus.STOPPED, created_by=under_way.created_by,
    )  # fmt: skip
    return departments


def export(client):
    return download(client.post("/reports/export/", {"ledger": "measures"}))


def by_column(header, row):
    return dict(zip(header, row, strict=True))


def test_the_ledger_shows_completion_date_mismatch_reason_and_overdue(personas, login, measures):
    rows = read_xlsx(export(login(personas.county_officer)))
    header, body = ledger_table(rows)
    cells = [by_column(header, row) for row in body]

    done = next(row for row in cells if row["状态"] == "已完成")
    planned = next(row for row in cells if row["状态"] == "计划中")
    under_way = next(row for row in cells if row["状态"] == "实施中")
    assert done["完成日期"].date() == dt.date(2026, 10, 20)
    assert done["仍要添加的理由（缺什么补什么）"] == "村民代表会议研究同意"
    assert planned["逾期未办结"] == "是" and planned["户主姓名"] == "钱七"
    assert under_way["逾期未办结"] is None and done["逾期未办结"] is None  # ends 2026-12-31; done is done


def test_the_total_keeps_given_apart_from_planned_and_leaves_stopped_out(personas, login, measures):
    rows = read_xlsx(export(login(personas.county_officer)))
    header, body = ledger_table(rows)
    total = by_column(["序号", *header], next(row for row in rows if row[0] == "合计"))

    assert total["已落实金额（元）"] == pytest.approx(1700)  # 1,500 实施中 + 200 已完成
    assert total["计划金额（元）"] == pytest.approx(300)
    assert total["金额（元）"] is None  # not 2,999 with the stopped 999 in it
    assert total["逾期未办结"] == 1 and total["帮扶措施"] == len(body) == 4
    stopped = next(by_column(header, row) for row in body if row[header.index("状态")] == "已终止")
    assert stopped["金额（元）"] == 999 and stopped["已落实金额（元）"] is None and stopped["计划金额（元）"] is None
    assert "已落实（已完成、实施中）1,700.00元，计划中300.00元；已终止的措施999.00元不计入合计" in rows[1][0]


def test_the_ledger_opens_in_libreoffice_with_the_new_columns(personas, login, measures):
    rows = libreoffice_csv(export(login(personas.official)))

    header, body = ledger_table(rows)
    cells = [by_column(header, row) for row in body]
    done = next(row for row in cells if row["状态"] == "已完成")
    planned = next(row for row in cells if row["状态"] == "计划中")
    assert done["完成日期"] == "2026年10月20日" and done["仍要添加的理由（缺什么补什么）"] == "村民代表会议研究同意"
    assert planned["逾期未办结"] == "是" and planned["计划金额（元）"] == "300.00"
    total = next(row for row in rows if row[0] == "合计")
    assert "1,700.00" in total and "300.00" in total and "1项" in total


def test_the_ledger_marks_a_planned_measure_past_its_start_date_and_counts_them(personas, login, measures):
    # 钱七's measure started 2026-02-01 and is still 计划中; the others are under way, done or stopped.
    rows = read_xlsx(export(login(personas.county_officer)))
    header, body = ledger_table(rows)
    cells = [by_column(header, row) for row in body]
    total = by_column(["序号", *header], next(row for row in rows if row[0] == "合计"))

    assert header.index("已到开始日期未实施") == header.index("逾期未办结") + 1
    assert {row["状态"]: row["已到开始日期未实施"] for row in cells} == {
        "计划中": "是", "实施中": None, "已完成": None, "已终止": None,
    }  # fmt: skip
    assert total["已到开始日期未实施"] == 1
    assert "已到开始日期未实施：已过开始日期，仍为计划中。" in rows[1][0]
    office = libreoffice_csv(export(login(personas.official)))
    office_header, office_body = ledger_table(office)
    planned = next(by_column(office_header, row) for row in office_body if "计划中" in row)
    assert planned["已到开始日期未实施"] == "是"
