"""Review finding (township 1): a township audit passed from a tab opened before the case was returned to the village
in another tab was told "尚未轮到“乡镇审核”环节，请先完成前面的环节。", as if the township had skipped a step. The page
carries the version it was rendered with: the case changed since, and that is what it is told (MSG_CHANGED)."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from config.errors import ApplicationError
from tests.workflow.township_helpers import TO_AUDIT, at_township
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import Case, CaseStep
from workflow.services.case_locks import MSG_CHANGED, PAGE, CaseChanged, case_version
from workflow.services.cases import MSG_STEP_NOT_YET, case_act

pytestmark = pytest.mark.django_db
NOT_YET = MSG_STEP_NOT_YET.format(step="乡镇审核")


def _returned(personas, case):
    case_act(
        actor=personas.township,
        case=case,
        step_code="township_audit",
        outcome=Outcome.RETURN,
        note="家庭人口信息有误，请村级核实后重新评议",
    )
    assert CaseStep.objects.get(case=case, step__code="township_audit").status != CaseStepStatus.OPEN


def test_a_pass_from_a_tab_opened_before_the_return_is_told_the_case_changed(personas, login, household_a):
    case = at_township(personas, household_a, personas.cadre_a, steps=TO_AUDIT)
    client = login(personas.township)
    url = f"/workflow/cases/{case.pk}/"
    page = client.get(url).content.decode()  # tab B
    version = re.search(r'name="township_audit-version" value="([^"]+)"', page).group(1)
    _returned(personas, case)  # tab A

    response = client.post(
        url,
        {
            "township_audit-step_code": "township_audit",
            "township_audit-outcome": "pass",
            "township_audit-note": "情况属实",
            "township_audit-version": version,
        },
        follow=True,
    )

    page = response.content.decode()
    assert PAGE.say(MSG_CHANGED) in page and NOT_YET not in page
    assert CaseStep.objects.get(case=case, step__code="township_audit").outcome == Outcome.RETURN


def test_the_service_says_the_case_changed_before_the_step_state_and_the_state_without_a_version(personas, household_a):
    case = at_township(personas, household_a, personas.cadre_a, steps=TO_AUDIT)
    read = case_version(case)
    _returned(personas, case)
    case = Case.objects.get(pk=case.pk)
    act = {"actor": personas.township, "case": case, "step_code": "township_audit", "outcome": Outcome.PASS}

    with pytest.raises(CaseChanged) as changed:
        case_act(**act, expected_version=read)
    assert changed.value.message == PAGE.say(MSG_CHANGED)
    with pytest.raises(ApplicationError) as not_yet:
        case_act(**act)
    assert not_yet.value.message == NOT_YET


def test_another_roles_stale_form_is_still_told_whose_step_it_is(personas, household_a):
    case = at_township(personas, household_a, personas.cadre_a, steps=TO_AUDIT)
    with pytest.raises(PermissionDenied):
        case_act(
            actor=personas.cadre_a,
            case=case,
            step_code="township_audit",
            outcome=Outcome.PASS,
            expected_version="2026-01-01T00:00:00+08:00",
        )
