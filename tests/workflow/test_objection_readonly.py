"""Review finding (exit flow 3): the objection's 核实 page offered its form and 保存 button to roles that cannot
verify (official, township, county, approver by URL) and for objections already verified, so an official lost what
they typed on a 403. Now only the publicity step's role gets the form for an objection still open; the others see
the objection and its verdict read-only, and the service says why (objection_resolve_refusal)."""

import pytest

from tests.workflow.test_deadlines import _in_publicity
from workflow.models import Objection
from workflow.services.objections import (
    MSG_OBJECTION_RESOLVED,
    objection_add,
    objection_resolve,
    objection_resolve_refusal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objection(personas, household_a):
    case = _in_publicity(personas, household_a, ended=False)
    return objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四", content="家有轿车"
    )


def url(objection):
    return f"/workflow/objections/{objection.pk}/resolve/"


@pytest.mark.parametrize("who", ["official", "township", "county_officer", "approver"])
def test_a_role_that_cannot_verify_sees_the_objection_without_a_form(personas, login, objection, who):
    page = login(getattr(personas, who)).get(url(objection)).content.decode()

    assert "data-objection-readonly" in page and "家有轿车" in page and "尚未核实" in page
    assert 'name="resolution"' not in page and "保存" not in page
    assert "须由村级" in page or "须由" in page


def test_a_post_by_such_a_role_is_refused_and_records_nothing(personas, login, objection):
    response = login(personas.official).post(url(objection), {"upheld": "0", "resolution": "已解释"})

    assert response.status_code == 403
    assert "data-objection-readonly" in response.content.decode()
    assert Objection.objects.get(pk=objection.pk).resolved_at is None


def test_the_publicity_role_gets_the_form_for_an_open_objection(personas, login, objection):
    assert objection_resolve_refusal(actor=personas.cadre_a, objection=objection) == ""
    page = login(personas.cadre_a).get(url(objection)).content.decode()

    assert 'name="resolution"' in page and "保存" in page


def test_a_verified_objection_shows_its_verdict_read_only_even_to_its_verifier(personas, login, objection):
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="车辆为经营用货车")
    objection.refresh_from_db()
    assert objection_resolve_refusal(actor=personas.cadre_a, objection=objection) == MSG_OBJECTION_RESOLVED

    page = login(personas.cadre_a).get(url(objection)).content.decode()

    assert 'name="resolution"' not in page
    assert "异议不成立" in page and "车辆为经营用货车" in page and MSG_OBJECTION_RESOLVED in page
