"""Review of the cadre's phone journey, finding 4: during 村级公示 the case page's red primary button
"去办理：村级公示" opened a form whose only choice was 不通过. While the publicity runs the cadre has nothing to do but
wait: the top of the page says the publicity's state and end, and the way to end the case on an objection is a
secondary, labelled action (公示期间有异议)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.workflow import helpers
from tests.workflow.batch_helpers import open_case
from workflow.choices import Outcome
from workflow.models import CaseStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def publicity(personas, household_a):
    """张大山's case in its village publicity, posted today and running five days."""
    case = open_case(personas.cadre_a, household_a)
    helpers.case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    today = timezone.localdate()
    CaseStep.objects.filter(pk=step.pk).update(posted_on=today, ends_on=today + dt.timedelta(days=5))
    step.refresh_from_db()
    return step


def top(page: str) -> str:
    return page.split("data-to-act", 1)[1].split("</p>", 1)[0]


def test_a_running_publicity_shows_its_end_and_a_secondary_objection_action(personas, login, publicity):
    page = login(personas.cadre_a).get(f"/workflow/cases/{publicity.case_id}/").content.decode()

    head = top(page)
    assert "去办理：村级公示" not in page and "btn-primary" not in head
    assert "公示中" in head and f"至 {publicity.ends_on:%Y-%m-%d}" in head and "期满无异议由系统自动通过" in head
    assert '<a class="btn btn-small" href="#act-village_publicity" data-publicity-objection>公示期间有异议</a>' in head
    form = page.split('id="act-village_publicity"', 1)[1]
    assert "<h2>公示期间有异议：村级公示</h2>" in form and "登记异议" in form
    assert 'value="reject"' in form and 'value="pass"' not in form
    assert 'class="btn btn-primary wide"' not in form and "提交“不通过”" in form


def test_once_the_period_is_over_the_step_is_a_primary_action_again(personas, login, publicity):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    CaseStep.objects.filter(pk=publicity.pk).update(posted_on=yesterday - dt.timedelta(days=6), ends_on=yesterday)

    page = login(personas.cadre_a).get(f"/workflow/cases/{publicity.case_id}/").content.decode()

    assert "去办理：村级公示" in top(page) and "data-publicity-objection" not in page
