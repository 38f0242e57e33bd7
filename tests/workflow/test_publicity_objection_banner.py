"""Review of 风险消除 and the case pages: during a publicity with an objection still open, the top of the case page
said "期满无异议由系统自动通过，无需办理" and so did the 不通过 form's help, though the publicity cannot pass until the
objection is verified (services.deadlines passes none with a blocking objection). With an objection held, both say it
must be verified first and the page points to its 核实."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.workflow import helpers
from tests.workflow.batch_helpers import open_case
from workflow.choices import Outcome
from workflow.models import CaseStep
from workflow.services.objections import objection_add, objection_resolve
from workflow.services.pass_rules import (
    AFTER_OBJECTION_AUTO,
    MSG_PUBLICITY_OBJECTION_OPEN,
    MSG_PUBLICITY_OBJECTION_UPHELD,
)

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


def _objection(personas, step, content="家中有车"):
    return objection_add(
        actor=personas.cadre_a, case=step.case, step_code="village_publicity", content=content, raised_by_name="王五"
    )


def top(page: str) -> str:
    return page.split("data-to-act", 1)[1].split("</p>", 1)[0]


def test_an_open_objection_says_it_must_be_verified_before_the_publicity_passes(personas, login, publicity):
    objection = _objection(personas, publicity)

    page = login(personas.cadre_a).get(f"/workflow/cases/{publicity.case_id}/").content.decode()

    head = top(page)
    assert "无需办理" not in head and "期满无异议由系统自动通过" not in head
    assert "收到异议尚未核实，公示期满也不会通过：须先核实异议" in head
    assert f'href="/workflow/objections/{objection.pk}/resolve/" data-verify-objection>核实异议</a>' in head
    help_text = MSG_PUBLICITY_OBJECTION_OPEN.format(after=AFTER_OBJECTION_AUTO)
    form = page.split('id="act-village_publicity"', 1)[1]
    assert help_text in form and "无需办理" not in form


def test_two_open_objections_point_to_the_step_where_each_is_verified(personas, login, publicity):
    _objection(personas, publicity)
    _objection(personas, publicity, content="儿子在县城有房")

    page = login(personas.cadre_a).get(f"/workflow/cases/{publicity.case_id}/").content.decode()

    assert 'href="#step-village_publicity" data-verify-objection>核实异议（2 件）</a>' in top(page)
    assert 'id="step-village_publicity"' in page


def test_an_upheld_objection_says_the_publicity_cannot_pass(personas, login, publicity):
    objection = _objection(personas, publicity)
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=True, resolution="属实")

    page = login(personas.cadre_a).get(f"/workflow/cases/{publicity.case_id}/").content.decode()

    head = top(page)
    assert "异议经核实成立，本公示不能通过" in head and "data-verify-objection" not in head
    assert "data-publicity-objection>办理“不通过”</a>" in head
    assert MSG_PUBLICITY_OBJECTION_UPHELD in page.split('id="act-village_publicity"', 1)[1]


def test_an_objection_found_unfounded_leaves_the_automatic_pass(personas, login, publicity):
    objection = _objection(personas, publicity)
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="车辆已报废")

    page = login(personas.cadre_a).get(f"/workflow/cases/{publicity.case_id}/").content.decode()

    head = top(page)
    assert "期满无异议由系统自动通过，无需办理" in head and "data-publicity-held" not in head
