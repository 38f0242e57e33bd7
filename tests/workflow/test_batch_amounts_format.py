"""Amounts on the approver's batch pages and the monitoring-lines table have thousands separators, as the household's
income tab has (registry filter yuan): the queue read "人均纯收入 20000.00 元" and the lines table "8700.00"."""

import datetime as dt
from decimal import Decimal

import pytest

from screening.models import MonitoringLine, WarningLine
from tests.clock import this_year
from tests.workflow.test_batch_queue_facts import line, queue, row_of  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_the_batch_queue_and_its_submission_list_separate_thousands(personas, login, queue):  # noqa: F811
    client = login(personas.approver)

    page = client.get("/workflow/batches/").content.decode()
    printed = client.get("/workflow/batches/submission/").content.decode()

    assert f"人均纯收入 20,000.00 元（{this_year()}年）" in row_of(page, "张大山")
    assert "20,000.00<br>" in printed and "3,000.00<br>" in printed
    assert "20000.00" not in page + printed


def test_the_lines_table_separates_thousands_in_the_line_and_its_warning_line(personas, login):
    year = this_year()
    standard = MonitoringLine.objects.create(
        year=year, region_prefix="4402", region_label="韶关市", amount=Decimal("8700")
    )
    WarningLine.objects.create(
        line=standard, starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 6, 30), amount=Decimal("10400")
    )

    page = login(personas.county_officer).get("/screening/lines/").content.decode()

    assert "<td>8,700.00</td>" in page and "：10,400.00</div>" in page
    assert "8700.00" not in page
