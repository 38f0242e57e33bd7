"""Review finding (prints 5): the audit record of an export said what was exported badly: 应走访未走访农户清单 was
logged "…（管辖范围内全部），：2026-11-01 至 2026-11-30（490行）", its period without a name, and the 就业台账 logged a
date range it does not read. Each record names the filters the ledger applies, each with its name, and no other."""

import pytest

from accounts.models import AuditEvent
from config.dates import cn_date
from reports.filters import current_quarter, quarter_label
from reports.ledgers.base import Filters
from reports.ledgers.visits import unvisited_period

pytestmark = pytest.mark.django_db


def exported(client, **filters) -> str:
    response = client.post("/reports/export/", filters)
    assert response.status_code == 200
    return AuditEvent.objects.filter(action="reports.ledger_export").latest("pk").summary


def test_the_unvisited_list_names_the_period_it_read(personas, registry, login):
    client = login(personas.township)

    chosen = exported(client, ledger="unvisited", date_from="2026-11-01", date_to="2026-11-30")
    default = exported(client, ledger="unvisited")

    assert "，走访期间：2026年11月1日 至 2026年11月30日（" in chosen and "，：" not in chosen
    start, end = unvisited_period(Filters())
    assert f"，走访期间：{cn_date(start)} 至 {cn_date(end)}（" in default


def test_the_labour_ledger_names_its_quarter_and_no_date_range(personas, registry, login):
    summary = exported(login(personas.township), ledger="labour_employment", date_from="2026-11-01")

    assert f"季度：{quarter_label(current_quarter())}" in summary
    assert "2026年11月1日" not in summary and "2026-11-01" not in summary and "不限" not in summary


def test_a_dated_ledger_names_its_date_field(personas, registry, login):
    summary = exported(login(personas.county_officer), ledger="monitored_households", date_from="2026-01-01")

    assert "，纳入监测日期：2026年1月1日 至 不限（" in summary
