"""An upheld objection on a running publicity refuses the step in the same act when the verifier asks for it
(000 §三(三)2: only a publicity without a valid objection goes on), so the cadre does not enter the decision twice
(review cadre_phone finding 10); a late objection, on a publicity that already passed, is only recorded."""

import pytest

from tests.workflow.test_deadlines import _in_publicity
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import CaseStep, Objection
from workflow.services.objections import objection_add, objection_resolve

pytestmark = pytest.mark.django_db


def _objection(personas, case):
    return objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四", content="家有轿车"
    )


def test_an_upheld_objection_refuses_the_publicity_and_ends_the_case(personas, household_a):
    case = _in_publicity(personas, household_a, ended=False)
    objection = _objection(personas, case)

    objection_resolve(
        actor=personas.cadre_a, objection=objection, upheld=True, resolution="经核实家有轿车一辆", refuse_step=True
    )

    case.refresh_from_db()
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    assert case.status == CaseStatus.REJECTED
    assert step.status == CaseStepStatus.DONE and step.outcome == Outcome.REJECT
    assert step.note == "公示异议成立：经核实家有轿车一辆"
    actions = list(case.events.values_list("action", flat=True).order_by("pk"))
    assert actions.index("objection_resolve") < len(actions) - 1 - actions[::-1].index("case_act")


def test_without_the_choice_the_step_stays_open_and_blocked(personas, household_a):
    case = _in_publicity(personas, household_a, ended=False)
    objection_resolve(actor=personas.cadre_a, objection=_objection(personas, case), upheld=True, resolution="属实")

    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert CaseStep.objects.get(case=case, step__code="village_publicity").status == CaseStepStatus.OPEN


def test_a_rejected_objection_never_refuses(personas, household_a):
    case = _in_publicity(personas, household_a, ended=False)
    objection_resolve(
        actor=personas.cadre_a,
        objection=_objection(personas, case),
        upheld=False,
        resolution="已解释",
        refuse_step=True,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_page_offers_the_refusal_checked_and_does_both(personas, login, household_a):
    case = _in_publicity(personas, household_a, ended=False)
    objection = _objection(personas, case)
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/objections/{objection.pk}/resolve/").content.decode()
    assert "同时将本公示环节办理为“不通过”" in page and 'name="refuse_step"' in page and "checked" in page

    response = client.post(
        f"/workflow/objections/{objection.pk}/resolve/",
        {"upheld": "1", "resolution": "经核实家有轿车一辆", "refuse_step": "on"},
        follow=True,
    )

    assert "本公示环节已办理为不通过，本案终止" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    assert Objection.objects.get(pk=objection.pk).upheld is True


def test_the_api_takes_the_choice(personas, login, household_a):
    case = _in_publicity(personas, household_a, ended=False)
    objection = _objection(personas, case)

    response = login(personas.cadre_a).post(
        f"/api/v1/objections/{objection.pk}/resolve/",
        {"upheld": True, "resolution": "属实", "refuse_step": True},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED


def test_an_objection_received_before_the_posting_is_labelled(personas, login, household_a):
    """The publicity had not started when it came: the case page says so (review cadre_phone finding 10)."""
    case = _in_publicity(personas, household_a, ended=False, posted=False)
    _objection(personas, case)
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "公示张贴前收到" in page

    CaseStep.objects.filter(case=case, step__code="village_publicity").update(posted_on=case.discovered_on)
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "公示张贴前收到" not in page
