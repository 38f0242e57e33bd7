"""Once the county approves an exit the household's 监测类别 is cleared; the category the exit lifts is read from the
history row that approval wrote (workflow.selectors_exit_shown), so that a household monitored before go-live, with
no inclusion in this system, shows it on the printed 公告 and the 风险消除台账 instead of "—"."""

import re

import pytest
from django.utils import timezone

from households.choices import MonitoringCategory
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.workflow.helpers import act_after_publicity
from tests.workflow.test_exit_rules import at
from workflow.choices import CaseKind, Outcome
from workflow.models import Case

pytestmark = pytest.mark.django_db

LIFTED = MonitoringCategory.MARGINAL.label  # monitored_a's, set without an inclusion case


@pytest.fixture
def exit_approved(personas, monitored_a):
    case = at(personas, monitored_a, "county_approval")
    case = act_after_publicity(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    monitored_a.refresh_from_db()
    assert monitored_a.monitoring_category == ""
    assert not Case.objects.filter(household=monitored_a).exclude(kind=CaseKind.EXIT).exists()
    return case


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_notice_shows_the_category_lifted_from_a_household_monitored_before_go_live(
    personas, login, county, exit_approved
):
    page = text(login(personas.township).get(f"/workflow/announcement/{county.village_a.code}/print/"))

    assert "风险消除名单" in page
    assert re.search(rf"张大山 城南村 {LIFTED} 风险已消除（纳入时：[^）]+）", page)


def test_the_risk_elimination_ledger_shows_the_former_category_without_an_inclusion_case(
    personas, login, exit_approved
):
    export = login(personas.county_officer).post("/reports/export/", {"ledger": "risk_elimination"})
    header, body = ledger_table(read_xlsx(download(export)))
    rows = [dict(zip(header, row, strict=False)) for row in body]
    assert [row["户主姓名"] for row in rows] == ["张大山"]
    assert rows[0]["原监测对象类别"] == LIFTED


def test_the_reprint_of_an_approved_batch_is_offered_as_a_notice_not_an_inclusion_notice(
    personas, login, exit_approved
):
    """The notice lists exits too: the case list offers 重新打印已批复批次的公告, not …的纳入公告."""
    page = login(personas.township).get("/workflow/cases/").content.decode()

    assert "重新打印已批复批次的公告" in page and "纳入公告" not in page


def test_performance_counts_the_exit_of_a_household_monitored_before_go_live_under_its_former_category(
    personas, login, exit_approved
):
    """工作成效 puts an exit under the category it lifts, read as the 公告 and the ledgers read it, not under
    类别未记录."""
    month = f"period=month&date={timezone.localdate().isoformat()}"
    response = login(personas.official).get(f"/reports/performance/?{month}")
    total = response.context["p"].total

    assert (total.exited_by_category, total.exited_unknown, total.exited_total) == ([0, 1, 0], 0, 1)
    assert "类别未记录" not in response.content.decode()
    api = login(personas.official).get(f"/api/v1/reports/performance/?{month}").json()
    assert api["total"]["exited"] == {"unstable": 0, "marginal": 1, "sudden_hardship": 0, "unknown": 0}
