"""The 监测对象基础信息采集表 of a household whose inclusion is in progress (review print2, item 1): seed 003 三(二) has
it filled in when screening finds the household, before any approval, so it prints the open case's proposed category
and risks marked （拟定）, not the blank boxes of a household not monitored yet. Once the county has approved the case,
the household holds them and nothing is 拟定 any more."""

import re

import pytest

from households.choices import MonitoringCategory
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def sheet(client, household) -> str:
    return client.get(f"/households/{household.pk}/form/print/").content.decode()


def row(page: str, label: str) -> str:
    """The text of the sheet's row headed `label`, tags dropped but the ticked boxes kept as √."""
    [found] = re.findall(rf"<tr><th>{label}.*?</tr>", page, re.S)
    return re.sub(r"<[^>]+>", "", found)


def test_an_open_inclusions_category_and_risks_are_printed_as_proposed(personas, login, household_a):
    case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )

    page = sheet(login(personas.cadre_a), household_a)

    assert "监测对象类别（拟定）" in row(page, "监测对象类别")
    assert "√突发严重困难户" in row(page, "监测对象类别") and "√边缘易致贫户" not in row(page, "监测对象类别")
    assert "大病重病重残医疗支出大（拟定）" in row(page, "主要风险")
    assert "风险类型（拟定）" in row(page, "风险类型") and "√因病" in row(page, "风险类型")
    assert "√因残" not in row(page, "风险类型")
    assert "年　月　日" in row(page, "户类型")  # 纳入监测时间: not included yet


def test_a_household_with_no_case_prints_its_own_blank_boxes_and_nothing_proposed(personas, login, household_a):
    page = sheet(login(personas.cadre_a), household_a)

    assert "拟定" not in page
    assert "√" not in row(page, "监测对象类别") and "√" not in row(page, "风险类型")


def test_once_the_county_has_approved_the_household_holds_them_and_nothing_is_proposed(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)  # 脱贫不稳定户, 因病
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    assert case.status == "open"  # still waiting for its 公告

    page = sheet(login(personas.cadre_a), household_a)

    assert "拟定" not in page
    assert "√脱贫不稳定户" in row(page, "监测对象类别") and "√因病" in row(page, "风险类型")
    assert "大病重病重残医疗支出大" in row(page, "主要风险")


def test_a_case_out_of_the_actors_scope_is_not_read(personas, login, household_a, household_b):
    """The sheet reads the case through the actor's scope: the other village's cadre gets 404 for the household."""
    case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )

    assert login(personas.cadre_b).get(f"/households/{household_a.pk}/form/print/").status_code == 404
    assert "拟定" not in sheet(login(personas.cadre_b), household_b)
