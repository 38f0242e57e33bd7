"""数据逻辑问题清单: the 民政 comparison rows (监测户无成员享受低保/特困) carry the head's ID number, masked for a
read-only role; the file can be narrowed to a township."""

import pytest

from households.choices import MonitoringCategory
from tests.factories import HouseholdFactory, MemberFactory
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def _rows(client, **data):
    return ledger_table(read_xlsx(download(client.post("/reports/export/", {"ledger": "data_checks", **data}))))[1]


def test_the_comparison_rows_give_the_heads_id_number(county, personas, login):
    monitored = HouseholdFactory(
        village=county.village_c, head_name="监测丙", monitoring_category=MonitoringCategory.MARGINAL
    )
    head = MemberFactory(household=monitored, name="监测丙").id_number

    line = next(r for r in _rows(login(personas.county_officer)) if r[1] == "监测户无成员享受低保/特困")
    assert (line[5], line[7]) == ("监测丙", head)
    line = next(r for r in _rows(login(personas.official)) if r[1] == "监测户无成员享受低保/特困")
    assert line[7] == head[:4] + "*" * 10 + head[-4:]
    assert not [r for r in _rows(login(personas.county_officer), region=county.township.code) if r[5] == "监测丙"]
