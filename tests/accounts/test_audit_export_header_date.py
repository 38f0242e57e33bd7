"""Review finding (prints 3): the audit-log workbook's header said 导出时间：2026-12-06 14:18; a signed, filed paper
gives it as 2026年12月6日 14:18, as the ledgers' 生成时间 does."""

import io
import re

import pytest
from openpyxl import load_workbook

from accounts.audit import audit_record
from config.dates import cn_date
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_the_audit_export_header_gives_the_export_time_in_chinese(personas, login):
    audit_record(actor=personas.cadre_a, action="household.update", summary="修改农户 H1")

    response = login(personas.audit_admin).get("/accounts/audit/", {"category": "registry", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    header = next(cell for row in rows[:3] for cell in row if cell and "导出时间" in str(cell))

    assert re.search(rf"导出时间：{cn_date(today())} \d{{2}}:\d{{2}}", header)
