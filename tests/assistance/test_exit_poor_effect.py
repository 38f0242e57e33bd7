"""The latest 帮扶回访 rated 成效不明显 is said before a 风险消除 (000 §三(三)7 跟踪帮扶效果落实; 003 §二2(5) 风险已经
稳定消除的方可标注): an advisory on the exit's page, gone once a later return visit finds the help working."""

import datetime as dt

import pytest
from django.utils import timezone

from assistance.exit_effect import MSG_POOR_EFFECT
from assistance.models import Plan
from assistance.services.visits import return_visit_record
from tests.clock import today
from tests.workflow.helpers import exit_ready
from workflow.advisories import exit_advisories
from workflow.choices import CaseKind, Channel
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def test_a_latest_return_visit_rated_poor_is_an_exit_advisory(personas, login, monitored_a):
    exit_ready(monitored_a)
    plan = Plan.objects.get(household=monitored_a)
    Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    earlier = today() - dt.timedelta(days=10)
    return_visit_record(actor=personas.cadre_a, plan=plan, visited_on=earlier, effect="poor")
    said = MSG_POOR_EFFECT.format(visited_on=earlier)
    assert f"最近一次帮扶回访（{earlier:%Y-%m-%d}）评价为成效不明显" in said
    assert said in exit_advisories(monitored_a, today())

    case = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert said in page.split("data-exit-advisories", 1)[1].split("</div>", 1)[0]

    return_visit_record(actor=personas.cadre_a, plan=plan, visited_on=today(), effect="good")

    assert not [a for a in exit_advisories(monitored_a, today()) if "成效不明显" in a]
