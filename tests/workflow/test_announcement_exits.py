"""An exit waiting at its announcement step (Yongxiu's township 公告并标注风险消除, Taogou's district 区级备案公告) is
on the printed 公告 under its own heading, 风险消除名单, with the category being lifted and 风险已消除 (纳入时 …), not
mixed with the households newly monitored; until now the notice listed inclusions and re-marks only."""

import re

import pytest

from households.choices import LabourCapacity, MonitoringCategory
from households.models import Household
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import DOCUMENT_NUMBER, act, act_after_publicity
from tests.workflow.test_exit_presets import open_exit as open_area_exit
from tests.workflow.test_exit_presets import run, taogou  # noqa: F401 (a fixture)
from tests.workflow.test_exit_rules import at
from workflow.choices import CaseKind, CaseStatus, Outcome
from workflow.models import Case

pytestmark = pytest.mark.django_db

LIFTED = MonitoringCategory.MARGINAL.label  # Taogou's household (test_exit_presets.area)


@pytest.fixture
def exit_announcing(personas, household_a):
    """张大山 (城南村), included through this system and announced, then his exit approved by the county: waiting for
    the township's 公告并标注风险消除. The county's approval cleared the household's category: the notice reads the
    one being lifted from the approved inclusion (workflow.selectors_exit_shown)."""
    inclusion = at_approval(personas, household_a, personas.cadre_a)
    inclusion = act(actor=personas.approver, case=inclusion, step_code="county_approval", outcome=Outcome.PASS)
    act(actor=personas.township, case=inclusion, step_code="announcement", outcome=Outcome.PASS)
    Household.objects.filter(pk=household_a.pk).update(labour_capacity=LabourCapacity.HAS_LABOUR)
    case = at(personas, household_a, "county_approval")
    case = act_after_publicity(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    household_a.refresh_from_db()
    assert household_a.monitoring_category == "" and case.status == CaseStatus.OPEN
    return case


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_an_exit_waiting_for_its_announcement_is_on_the_notice_under_its_own_heading(
    personas, login, county, exit_announcing
):
    page = text(login(personas.township).get(f"/workflow/announcement/{county.village_a.code}/print/"))

    assert "涂埠镇城南村防止返贫动态监测对象风险消除公告" in page
    assert "风险消除名单" in page and "纳入监测名单" not in page
    lifted = Case.objects.get(household=exit_announcing.household, kind=CaseKind.IDENTIFICATION).get_category_display()
    assert re.search(rf"张大山 城南村 {lifted} 风险已消除（纳入时：[^）]+） \d{{4}}年", page)
    assert "不再作为防止返贫动态监测对象" in page and "纳入防止返贫动态监测对象予以公告" not in page
    assert "医疗" not in page and "当前没有待公告" not in page


def test_exits_and_inclusions_are_listed_apart_on_the_townships_notice(
    personas, login, county, exit_announcing, household_b
):
    inclusion = at_approval(personas, household_b, personas.cadre_b)
    act(actor=personas.approver, case=inclusion, step_code="county_approval", outcome=Outcome.PASS)

    page = text(login(personas.township).get(f"/workflow/announcement/{county.township.code}/print/"))

    assert "涂埠镇防止返贫动态监测对象纳入和风险消除公告" in page
    inclusions, exits = page.split("风险消除名单", 1)[0], page.split("风险消除名单", 1)[1]
    assert "纳入监测名单" in inclusions and "王五" in inclusions and "张大山" not in inclusions
    assert "张大山" in exits and "王五" not in exits and DOCUMENT_NUMBER in inclusions


def test_an_announced_exit_leaves_the_notice_and_its_step_offers_the_notice(personas, login, county, exit_announcing):
    client = login(personas.township)
    case_page = client.get(f"/workflow/cases/{exit_announcing.pk}/").content.decode()
    assert f"/workflow/announcement/{county.village_a.code}/print/" in case_page
    assert "打印本村风险消除公告" in case_page

    case = act(actor=personas.township, case=exit_announcing, step_code="announcement", outcome=Outcome.PASS)

    assert case.status == CaseStatus.APPROVED
    page = text(client.get(f"/workflow/announcement/{county.village_a.code}/print/"))
    assert "张大山" not in page and "城南村当前没有待公告的经县级批准纳入或风险消除的农户。" in page


def test_a_taogou_exit_at_the_districts_filing_is_on_its_notice_without_a_county_approval(taogou, login):  # noqa: F811
    case = run(
        open_area_exit(taogou),
        [(taogou.cadre, "village_review"), (taogou.cadre, "village_publicity"), (taogou.township, "township_review")],
    )
    assert case.status == CaseStatus.OPEN

    village = taogou.household.village
    page = text(login(taogou.county_officer).get(f"/workflow/announcement/{village.code}/print/"))

    assert "风险消除名单" in page and "赵山" in page and LIFTED in page
    # The district decides at its filing: no approval before it, so no approval columns (test_notice_procedures).
    assert "风险已消除（纳入时：刚性支出较大）" in page and "批复文号" not in page and " — —" not in page
