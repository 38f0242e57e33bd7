"""The 脱贫劳动力就业台账 export of a quarter generated from the registry: a row whose 本年务工时间 the registry could
not give (assistance.services.employment.registry_months: None) reads 待补充 in its column, and the sheet's summary
counts such rows, so the file sent to 人社 does not pass 0 months (or a blank) off as a fact."""

import pytest

from assistance.models import EmploymentRecord
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def export(client, quarter):
    year, number = quarter
    return download(client.post("/reports/export/", {"ledger": "labour_employment", "quarter": f"{year}Q{number}"}))


def test_a_row_without_months_reads_to_complete_and_is_counted_in_the_summary(personas, departments, login):
    year, number = departments.quarter
    EmploymentRecord.objects.filter(year=year, quarter=number, member__name="张三").update(
        months=None, monthly_income=None
    )

    data = export(login(personas.county_officer), departments.quarter)

    rows = read_xlsx(data)
    header, body = ledger_table(rows)
    shown = {row[header.index("姓名")]: row[header.index("本年务工时间（月）")] for row in body}
    # A labourer without a record this quarter has a blank there: not 待补充, which speaks of a record.
    assert shown == {"张三": "待补充", "钱七": 0, "'=1+1": None, "王五": None, "赵六": None}
    assert f"{year}年第{number}季度应登记 5 人，已登记 2 人，其中待补充 1 人（本年务工时间不详）。" in rows[1][0]
    # As an office PC opens it.
    header, body = ledger_table(libreoffice_csv(data))
    assert [row[header.index("本年务工时间（月）")] for row in body] == ["待补充", "", "", "", "0"]


def test_a_ledger_without_rows_to_complete_says_nothing_of_them(personas, departments, login):
    rows = read_xlsx(export(login(personas.county_officer), departments.quarter))

    assert "待补充" not in rows[1][0]
