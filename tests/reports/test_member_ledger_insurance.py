"""The member ledger says whether each member is in 城乡居民医保 and in 职工医保 (the employees' insurance), so a
member insured through a job is not read as uninsured."""

import pytest

from households.models import Member
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def test_the_member_ledger_has_a_column_for_employees_insurance(personas, registry, login):
    Member.objects.filter(name="张小三").update(medical_insurance=False, employee_medical_insurance=True)

    response = login(personas.county_officer).post("/reports/export/", {"ledger": "members"})

    header, rows = ledger_table(read_xlsx(download(response)))
    resident, employee = header.index("参加城乡居民基本医疗保险"), header.index("参加职工基本医疗保险")
    son = next(row for row in rows if row[5] == "张小三")
    assert (son[resident], son[employee]) == ("否", "是")
    head = next(row for row in rows if row[5] == "张三")
    assert (head[resident], head[employee]) == ("是", "否")
