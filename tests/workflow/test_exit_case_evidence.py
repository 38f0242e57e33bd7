"""Review finding (exit flow 1): the people approving a 风险消除 saw its warnings and refusals but not the figures it
rests on (003 §二2(5): 收入持续稳定、“两不愁三保障”和饮水安全持续巩固): case_income gave nothing for an exit. An
exit's page now shows, to every role that sees the case, the household's per-capita income against the line (a
decided exit's as of the day it closed), its 两不愁三保障 and water findings and its measures counted by status."""

import pytest
from django.utils import timezone

from households.models import Household
from tests.workflow.helpers import exit_ready
from tests.workflow.test_services import run_exit
from workflow.choices import CaseKind, Channel
from workflow.selectors_case_income import case_income
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def exit_case(personas, monitored_a):
    exit_ready(monitored_a)
    return case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )


def evidence(page: str) -> str:
    start = page.index("data-exit-evidence")
    return page[start : page.index("</div>", start)]


def test_an_open_exit_has_its_income_as_it_stands_today(exit_case):
    shown = case_income(exit_case, timezone.localdate())

    assert shown is not None and shown.entered and shown.year == timezone.localdate().year
    assert shown.per_capita == 60000


@pytest.mark.parametrize("who", ["cadre_a", "township", "county_officer", "approver"])
def test_every_role_that_sees_the_exit_sees_what_it_rests_on(personas, login, exit_case, who):
    page = login(getattr(personas, who)).get(f"/workflow/cases/{exit_case.pk}/").content.decode()

    shown = evidence(page)
    assert f"{timezone.localdate().year}年人均纯收入 <strong>60,000.00 元</strong>" in shown
    assert "不愁吃穿" in shown and "饮水安全有保障" in shown and "badge-err" not in shown
    assert "帮扶措施：共 1 项：实施中 1 项" in shown


def test_a_guarantee_that_fails_since_is_shown_failing(personas, login, exit_case):
    Household.objects.filter(pk=exit_case.household_id).update(water_ok=False)

    shown = evidence(login(personas.approver).get(f"/workflow/cases/{exit_case.pk}/").content.decode())

    assert '<span class="badge badge-err">饮水安全无保障</span>' in shown


def test_a_decided_exit_keeps_showing_its_figures(personas, login, monitored_a):
    case = run_exit(personas, monitored_a)

    shown = evidence(login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode())

    assert "风险消除依据（办结时）" in shown and "60,000.00 元" in shown
