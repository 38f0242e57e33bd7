"""A hit measured against an earlier year's line while this year's is not entered (review township finding 13):
the worklist says so on the hit itself, beside the page's notice, so that "低于 2021 年监测标准 6,000.00 元" does not
read as this year's line (000 §三(一)1: the line is adjusted every year). Once this year's line is in, nothing."""

from decimal import Decimal

import pytest

from screening.choices import RunKind
from screening.models import MonitoringLine, ScreeningResult
from screening.selectors import MSG_OLD_LINE_REASON
from screening.services.runs import screening_run
from tests.clock import this_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_line_hit(make_household):
    """Only last year's line (6,000 元) is entered; a household at 5,000 元 per head is hit against it."""
    MonitoringLine.objects.create(
        year=this_year() - 1, region_prefix="36", region_label="江西省", amount=Decimal("6000")
    )
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    return ScreeningResult.objects.get(household=household)


def test_a_hit_against_last_year_s_line_says_this_year_s_is_not_entered(old_line_hit, personas, login):
    year = this_year()
    note = MSG_OLD_LINE_REASON.format(year=year, line_year=year - 1)

    page = login(personas.township).get("/screening/").content.decode()

    assert f"低于 {year - 1} 年监测标准 6,000.00 元{note}" in page
    assert f"{year}年的监测标准尚未录入：筛查仍按 {year - 1} 年江西省标准 6,000 元执行。" in page  # the notice
    assert page.count(note) == 1  # on the income reason only


def test_once_this_year_s_line_is_entered_the_hit_reads_plainly(old_line_hit, personas, login):
    year = this_year()
    MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal("7300"))
    screening_run(kind=RunKind.FULL)

    page = login(personas.township).get("/screening/").content.decode()

    assert f"低于 {year} 年监测标准 7,300.00 元" in page
    assert "监测标准尚未录入" not in page


def test_the_api_and_the_ledger_word_the_hit_as_the_worklist_does(old_line_hit, personas, login):
    from tests.reports.conftest import download, ledger_table, read_xlsx

    year = this_year()
    reason = f"低于 {year - 1} 年监测标准 6,000.00 元{MSG_OLD_LINE_REASON.format(year=year, line_year=year - 1)}"
    client = login(personas.township)

    listed = client.get("/api/v1/screening-results/").json()["results"]
    one = client.get(f"/api/v1/screening-results/{old_line_hit.pk}/").json()
    header, rows = ledger_table(read_xlsx(download(client.post("/reports/export/", {"ledger": "screening_results"}))))

    assert any(reason in text for text in listed[0]["reasons"])
    assert any(reason in text for text in one["reasons"])
    assert len(rows) == 1 and reason in rows[0][header.index("命中原因")]
