"""Review finding (exit side 1): the 风险消除台账's 纳入监测日期 was the household's current one, so an exit
followed by a 风险再标注 showed the re-mark's date (the same day as its 风险消除批准日期 here). The row keeps the
date the exit ended, as the household's history has it (workflow.selectors_exit_shown.exit_monitoring_start), in
the workbook as an office PC opens it too."""

import datetime as dt

import pytest

from households.models import Household
from tests.clock import today
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx
from tests.workflow.conftest import household_a as _household_a
from tests.workflow.conftest import monitored_a as _monitored_a
from tests.workflow.helpers import act_after_publicity
from tests.workflow.test_risk_eliminated_on import REMARK_STEPS, new_risk
from tests.workflow.test_services import run_exit
from workflow.choices import CaseKind, Outcome

pytestmark = pytest.mark.django_db
# The workflow tests' households (tests/workflow/conftest.py), under the names the tests ask for.
household_a = pytest.fixture(_household_a.__wrapped__, name="household_a")
monitored_a = pytest.fixture(_monitored_a.__wrapped__, name="monitored_a")

INCLUDED_ON = dt.date(2025, 3, 1)  # monitored_a's 纳入监测日期


@pytest.fixture(autouse=True)
def procedures(db, settings, tmp_path):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    settings.MEDIA_ROOT = tmp_path
    install(Procedure, Step)


@pytest.fixture
def exited_then_remarked(personas, monitored_a):
    exit_case = run_exit(personas, monitored_a)
    remark = new_risk(personas, monitored_a)
    actors = {"cadre_a": personas.cadre_a, "township": personas.township}
    actors |= {"county_officer": personas.county_officer, "approver": personas.approver}
    for who, code in REMARK_STEPS:
        remark = act_after_publicity(actor=actors[who], case=remark, step_code=code, outcome=Outcome.PASS)
    assert remark.kind == CaseKind.REMARK
    assert Household.objects.get(pk=monitored_a.pk).monitoring_start == today()  # the re-mark's 批复日期
    return exit_case


def exit_rows(client, reader):
    data = download(client.post("/reports/export/", {"ledger": "risk_elimination"}))
    header, body = ledger_table(reader(data))
    return [dict(zip(header, row, strict=False)) for row in body if row[0] != "（无数据）"]


def as_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def test_an_exit_row_keeps_the_inclusion_date_it_ended_after_a_remark(personas, login, exited_then_remarked):
    client = login(personas.county_officer)

    [row] = exit_rows(client, read_xlsx)

    assert row["户编号"] == exited_then_remarked.household.number
    assert as_date(row["风险消除批准日期"]) == today()
    assert as_date(row["纳入监测日期"]) == INCLUDED_ON


def test_the_workbook_as_libreoffice_opens_it_shows_the_same_date(personas, login, exited_then_remarked):
    [row] = exit_rows(login(personas.county_officer), libreoffice_csv)

    # The workbook's date format, as LibreOffice writes it out (YYYY年M月D日).
    assert row["纳入监测日期"] == "2025年3月1日"
    assert row["风险消除批准日期"] == f"{today().year}年{today().month}月{today().day}日"


def test_an_exit_not_followed_by_a_remark_shows_the_households_date(personas, login, monitored_a):
    run_exit(personas, monitored_a)

    [row] = exit_rows(login(personas.county_officer), read_xlsx)

    assert as_date(row["纳入监测日期"]) == INCLUDED_ON
