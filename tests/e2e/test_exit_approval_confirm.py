"""The county approver passing an exit that its page advises about (纳入监测仅 2 个月) is asked with those advisories
repeated, not only the generic "提交后不能撤回" (templates/workflow/case_detail.html data-confirm-rules,
workflow.advisories.confirm_text): cancelled, nothing is sent; confirmed, the case's record keeps them (审批时提示)."""

import pytest
from playwright.sync_api import Page, expect

from assistance.catalogue import install as install_catalogue
from assistance.models import MeasureCategory, MeasureType
from households.choices import LabourCapacity, MonitoringCategory
from households.models import Household
from tests.workflow.batch_helpers import new_household
from tests.workflow.test_exit_unverified_alerts import NUMBER, at, recently_included
from workflow.choices import CaseStepStatus
from workflow.models import CaseStep, Procedure, Step
from workflow.presets import install

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_passing_an_advised_exit_repeats_the_advisories_in_its_confirmation(
    phone: Page, live_server, log_in, personas, county
):
    install(Procedure, Step)  # the seeded procedures, emptied by an earlier transactional test's flush
    install_catalogue(MeasureCategory, MeasureType)  # and the measures, one of which the exit needs in place
    household = new_household(personas.cadre_a, county.village_a, "张大山", 74)
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL, risk_types=["medical_cost"],
        labour_capacity=LabourCapacity.HAS_LABOUR,
    )  # fmt: skip
    recently_included(household, months=12)
    case = at(personas, household, "county_approval")
    recently_included(household)  # an advisory the approver is to read before passing
    asked: list[str] = []
    log_in(phone, "approver")
    phone.goto(f"{live_server.url}/workflow/cases/{case.pk}/")
    approval = phone.locator("section", has=phone.get_by_role("heading", name="办理：县级审批"))
    approval.get_by_label("通过", exact=True).check()
    approval.get_by_label("批复文号").fill(NUMBER)

    phone.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    approval.get_by_role("button", name="提交").click()
    expect(approval.get_by_role("button", name="提交")).to_be_visible()
    assert len(asked) == 1 and asked[0].startswith("该户有 3 条风险消除提示：\n1. 纳入监测仅 2 个月")
    assert asked[0].endswith("已核实上述情况，提交“县级审批”的“通过”？提交后不能撤回。")
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.OPEN

    phone.once("dialog", lambda dialog: dialog.accept())
    approval.get_by_role("button", name="提交").click()
    expect(phone.locator("[data-event-advised]").last).to_contain_text("审批时提示：纳入监测仅 2 个月")
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.DONE
