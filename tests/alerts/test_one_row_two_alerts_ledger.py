"""One ⑥ row (uninsured and over 20,000 元) raises two alerts (review alerts, finding 4). An official reads their
rule and content hidden, so the 核实台账 showed the same line twice, and the summary counted 2 预警 for 1 person:
the ledger names each alert's source (file and line), and the summary (page, API) counts 涉及人数 beside 预警数."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from alerts.models import Alert
from alerts.selectors_summary import alert_summary
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"  # ⑥


@pytest.fixture
def two_alerts(clerks, people):
    today = timezone.localdate()
    rows = [
        ["张大山", people["zhang"].id_number, "未参保", "25000"],  # line 2: both rules
        ["王五", people["wang"].id_number, "未参保", "100"],  # line 3: uninsured only
    ]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE), name="十一月未参保.csv"), today=today)
    assert Alert.objects.count() == 3
    return today


def _ledger(client) -> list[dict]:
    response = client.post("/reports/export/", {"ledger": "alert_verification"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    at = next(i for i, row in enumerate(rows) if "姓名（部门数据）" in row)
    return [dict(zip(rows[at], row, strict=False)) for row in rows[at + 1 :] if any(row) and row[0] != "合计"]


def test_the_officials_ledger_names_the_file_and_line_of_each_alert(personas, login, two_alerts):
    rows = _ledger(login(personas.official))

    zhang = [row for row in rows if row["姓名（部门数据）"] == "张大山"]
    assert len(zhang) == 2 and {row["预警规则"] for row in zhang} == {"（已隐去）"}
    assert {row["数据来源（文件/行号）"] for row in zhang} == {"十一月未参保.csv 第2行"}
    wang = next(row for row in rows if row["姓名（部门数据）"] == "王五")
    assert wang["数据来源（文件/行号）"] == "十一月未参保.csv 第3行"


def test_the_summary_counts_the_persons_beside_the_alerts(personas, login, two_alerts):
    summary = alert_summary(actor=personas.county_officer, start=two_alerts, end=two_alerts)
    assert (summary.region_total.total, summary.region_total.people) == (3, 2)
    health = next(row for row in summary.departments if row.key == "health")
    assert (health.total, health.people) == (3, 2)
    assert (summary.department_total.total, summary.department_total.people) == (3, 2)

    page = login(personas.county_officer).get("/alerts/overview/").content.decode()
    assert "<th>涉及人数</th>" in page and 'data-col="people">2<' in page
    body = login(personas.county_officer).get("/api/v1/alerts/summary/").json()
    assert (body["region_total"]["total"], body["region_total"]["people"]) == (3, 2)


def test_the_exported_summary_counts_the_persons_beside_the_alerts(personas, login, two_alerts):
    response = login(personas.county_officer).post("/reports/export/", {"ledger": "alert_summary"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    at = next(i for i, row in enumerate(rows) if "涉及人数" in row)
    records = [dict(zip(rows[at], row, strict=False)) for row in rows[at + 1 :] if any(row)]
    totals = [row for row in records if row["乡镇/村/部门"] == "合计"]
    assert [(row["预警数"], row["涉及人数"]) for row in totals] == [(3, 2), (3, 2)]
