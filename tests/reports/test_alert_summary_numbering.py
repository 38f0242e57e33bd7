"""Review finding (reports 4): the 部门预警汇总表 numbered its two 合计 rows in 序号 (1, 2, 3 for two townships and
their 合计) and its export record counted them as rows. The 合计 rows have no 序号; only data rows are counted."""

import pytest

from accounts.models import AuditEvent
from tests.alerts.test_summary import alerts  # noqa: F401 (a fixture)
from tests.reports.conftest import download, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_the_totals_have_no_number_and_are_not_counted(personas, alerts, login):  # noqa: F811
    response = login(personas.county_officer).post("/reports/export/", {"ledger": "alert_summary"})
    data = download(response)

    rows = read_xlsx(data)
    top = next(index for index, row in enumerate(rows) if row[0] == "序号")
    body = [row for row in rows[top + 1 :] if any(cell not in (None, "") for cell in row)]
    totals = [row for row in body if row[2] == "合计"]
    numbered = [row for row in body if row[2] != "合计"]
    assert len(totals) == 2 and all(row[0] is None for row in totals)
    assert [row[0] for row in numbered] == list(range(1, len(numbered) + 1))
    assert body[2][2] == "合计" and body[3][0] == 3  # the departments' numbering goes on from the townships'
    record = AuditEvent.objects.filter(action="reports.ledger_export").latest("pk").summary
    assert record.endswith(f"（{len(numbered)}行）")
    # As an office PC opens it: the 合计 rows' 序号 cell is empty.
    opened = libreoffice_csv(data)
    assert [row[0] for row in opened if len(row) > 2 and row[2] == "合计"] == ["", ""]
