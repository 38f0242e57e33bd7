"""The case page's line for a publicity not posted yet reads as a sentence (review ux1, item 3): it said
"公示截止：张贴后 5 个自然日 自 2026-12-03 起）", a closing bracket with no opening one. Nor does it give the step's
opening day as the start (review print2, item 2): the period counts from the posting, which is not registered yet."""

import re

import pytest

from households.choices import MonitoringCategory
from tests.clock import today
from tests.workflow import helpers
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def period_line(page: str) -> str:
    [line] = re.findall(r"<div class=\"small\" data-publicity-period>(.*?)</div>", page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line)).strip()


def test_an_unposted_publicitys_line_has_its_brackets_in_pairs(personas, login, household_a):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    helpers.case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)

    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert period_line(page) == "公示截止：张贴后 5 个自然日（尚未登记张贴日期） 登记张贴日期后方可通过"
    assert f"公示自 {today():%Y-%m-%d} 起" not in page  # the step's opening is no posting
