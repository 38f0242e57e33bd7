"""Review finding (exit flow 1): the 风险消除台账 now gives the per-capita income the exit was decided on (the
latest of the decision's year or the year before, as the exit's rules read it) and its village publicity's first and
last days, after the columns counties already read, in the workbook as LibreOffice opens it too."""

import datetime as dt

import pytest

from tests.clock import today
from tests.reports.conftest import libreoffice_csv, read_xlsx
from tests.reports.test_exit_ledger_monitoring_start import exit_rows
from tests.workflow.conftest import household_a as _household_a
from tests.workflow.conftest import monitored_a as _monitored_a
from tests.workflow.test_services import run_exit
from workflow.models import CaseStep

pytestmark = pytest.mark.django_db
household_a = pytest.fixture(_household_a.__wrapped__, name="household_a")
monitored_a = pytest.fixture(_monitored_a.__wrapped__, name="monitored_a")


@pytest.fixture(autouse=True)
def procedures(db, settings, tmp_path):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    settings.MEDIA_ROOT = tmp_path
    install(Procedure, Step)


@pytest.fixture
def exited(personas, monitored_a):
    case = run_exit(personas, monitored_a)
    publicity = CaseStep.objects.get(case=case, step__code="village_publicity")
    CaseStep.objects.filter(pk=publicity.pk).update(posted_on=today() - dt.timedelta(days=8), ends_on=today())
    return case


def test_an_exit_row_gives_the_income_it_rested_on_and_its_publicity(personas, login, exited):
    [row] = exit_rows(login(personas.county_officer), read_xlsx)

    assert float(row["人均纯收入（元）"]) == 60000 and int(row["收入年度"]) == today().year
    assert row["公示开始日期"].date() == today() - dt.timedelta(days=8)
    assert row["公示截止日期"].date() == today()
    assert row["未落实帮扶措施的原因"] in (None, "")  # the columns before keep their places


def test_libreoffice_reads_the_same(personas, login, exited):
    [row] = exit_rows(login(personas.county_officer), libreoffice_csv)

    assert row["人均纯收入（元）"].replace(",", "").startswith("60000")
    assert row["收入年度"] == str(today().year)
    assert row["公示截止日期"] == f"{today().year}年{today().month}月{today().day}日"
