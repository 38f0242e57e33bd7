"""Re-review finding 4: the 帮扶措施台账 could not be used to check 缺什么补什么 (000 §四): it did not say what kind
of household a measure went to, its monitoring category, or the risks the measure should answer. Read back as
openpyxl and LibreOffice read it (fixtures: tests/reports/fixtures_departments.py)."""

import pytest

from households.models import Household
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(departments, registry):
    """张三's household (two measures): 脱贫户, 脱贫不稳定户, at risk of 失岗 and illness."""
    Household.objects.filter(pk=registry.a1.pk).update(
        household_type="lifted_out", monitoring_category="unstable", risk_types=["unemployment", "medical_cost"]
    )
    return departments


def export(client):
    return download(client.post("/reports/export/", {"ledger": "measures"}))


def rows_of(rows):
    header, body = ledger_table(rows)
    return header, [dict(zip(header, row, strict=True)) for row in body]


def test_each_measure_shows_its_households_type_category_and_risks(personas, login, measures, registry):
    header, cells = rows_of(read_xlsx(export(login(personas.county_officer))))

    assert header[header.index("户主姓名") + 1 : header.index("户主姓名") + 4] == ["户类型", "监测对象类别", "风险类型"]
    number = registry.a1.number
    mine = [row for row in cells if row["户编号"] == number]
    assert len(mine) == 2
    for row in mine:
        assert row["户类型"] == "脱贫户"
        assert row["监测对象类别"] == "脱贫不稳定户"
        assert row["风险类型"] == "主要劳动力失岗6个月以上、大病重病重残医疗支出大"


def test_the_new_columns_open_in_libreoffice(personas, login, measures, registry):
    _, cells = rows_of(libreoffice_csv(export(login(personas.official))))

    row = next(row for row in cells if row["户编号"] == registry.a1.number)
    assert (row["户类型"], row["监测对象类别"]) == ("脱贫户", "脱贫不稳定户")
    assert row["风险类型"] == "主要劳动力失岗6个月以上、大病重病重残医疗支出大"
