"""Review of the case pages: a step refused (村内公示 不通过：公示异议成立) was badged 已完成, as a passed step. The
case page and the API say 未通过 for it; the steps that passed keep 已完成."""

import pytest

from tests.workflow import helpers
from tests.workflow.batch_helpers import open_case
from workflow.choices import Outcome
from workflow.selectors import REFUSED_LABEL

pytestmark = pytest.mark.django_db


def _badge(page: str, step_name: str) -> str:
    card = page.split(f"{step_name}</strong>", 1)[1]
    return card.split("data-step-status>", 1)[1].split("</span>", 1)[0]


def test_a_refused_publicity_is_badged_as_refused_and_the_review_as_done(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)
    helpers.case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    helpers.post_publicity(case)
    helpers.case_act(
        actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.REJECT, note="公示异议成立"
    )
    client = login(personas.cadre_a)

    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()

    assert _badge(page, "村级公示") == REFUSED_LABEL == "未通过"
    assert 'class="badge badge-err" data-step-status>未通过' in page
    assert _badge(page, "村级评议") == "已完成"
    steps = {s["code"]: s for s in client.get(f"/api/v1/cases/{case.pk}/").json()["steps"]}
    assert steps["village_publicity"]["status_display"] == "未通过"
    assert steps["village_review"]["status_display"] == "已完成"
