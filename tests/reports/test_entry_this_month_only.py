"""Review finding (reports 2): 本月未录入信息农户清单 ignored the page's dates silently, while the page says its region
and dates apply to every ledger. It counts this month only (a past month cannot be told again: a measure keeps only
its latest change), and says so next to it on the page, in the file's filter line and in the export's record."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from tests.clock import today
from tests.reports.conftest import download, read_xlsx

pytestmark = pytest.mark.django_db


def last_month() -> tuple[dt.date, dt.date]:
    end = today().replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def test_the_file_says_it_counts_this_month_whatever_dates_were_chosen(personas, registry, login):
    start, end = last_month()
    client = login(personas.township)

    rows = read_xlsx(
        download(
            client.post(
                "/reports/export/",
                {"ledger": "entry_missing", "date_from": start.isoformat(), "date_to": end.isoformat()},
            )
        )
    )

    assert f"只统计本月（{today().month}月1日至今天），不按所选日期筛选" in rows[1][0]
    record = AuditEvent.objects.filter(action="reports.ledger_export").latest("pk").summary
    assert f"统计月份：{today().year}年{today().month}月（本月1日至今天，不按所选日期）" in record


def test_the_page_says_it_next_to_the_ledger(personas, registry, login):
    start, end = last_month()

    page = login(personas.township).get(f"/reports/?date_from={start.isoformat()}&date_to={end.isoformat()}")

    text = page.content.decode()
    item = text[text.index("<strong>本月未录入信息农户清单</strong>") :].split("</li>")[0]
    assert "只统计本月（1日至今天），不按上方所选日期筛选" in item
    assert "不按所选日期筛选" in item.split('data-summary="entry_missing"')[1]
    assert "区域和日期对下列各台账通用（注明不按所选日期筛选的除外）" in text
