"""The 工作成效 export names the alert counts as the page counts them (review fx_verify 7): its "到期预警数" counted
an alert verified before its deadline, not yet due, so the export said more alerts were due than were."""

import datetime as dt

import pytest
from django.utils import timezone

from reports.services.performance_export import ALERTS_COUNTED, ALERTS_ON_TIME
from tests.reports.conftest import download, read_xlsx
from tests.reports.test_performance import _copy_alert

pytestmark = pytest.mark.django_db


def test_the_export_says_which_alerts_its_rate_counts_as_the_page_does(personas, departments, login):
    from alerts.choices import AlertStatus

    today = timezone.localdate()
    due = today + dt.timedelta(days=10)
    _copy_alert(departments.alerts.b1, due_on=due, status=AlertStatus.VERIFIED, verified_on=today)  # not yet due

    client = login(personas.official)
    page = client.get(f"/reports/performance/?period=month&date={due:%Y-%m-%d}").content.decode()
    rows = read_xlsx(download(client.get(f"/reports/performance/export/?period=month&date={due:%Y-%m-%d}")))
    header = next(row for row in rows if row and row[0] == "单位" and ALERTS_COUNTED in row)
    counted, on_time = header.index(ALERTS_COUNTED), header.index(ALERTS_ON_TIME)
    row = next(row for row in rows[rows.index(header) :] if row and row[0] == "涂埠镇")

    assert "到期预警数" not in header
    assert (row[counted], row[on_time]) == (1, 1)  # the alert verified early, as the page's 100.0%（1/1）
    assert "100.0%（1/1）" in page and "只计已核实或已超过核实期限的预警" in page
