"""Withdrawing a case opened by mistake (the wrong household, kind or category), on its page and through the API,
before the county's approval; who may, what it asks, and what it leaves behind."""

import pytest

from households.models import HouseholdEvent
from tests.workflow.batch_helpers import at_approval, open_case
from tests.workflow.helpers import case_act
from workflow.choices import CaseStatus, Outcome
from workflow.models import Case

pytestmark = pytest.mark.django_db


def test_the_cadre_withdraws_on_the_case_page_after_being_asked(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert f"/workflow/cases/{case.pk}/withdraw/" in page
    form = client.get(f"/workflow/cases/{case.pk}/withdraw/").content.decode()
    assert "撤回理由" in form and "data-confirm-submit=" in form and "不能恢复" in form
    # The button says what it does: it ends the case (review rev-cadre finding 8b).
    assert '<button type="submit" class="btn btn-primary wide">撤回本案</button>' in form and ">保存<" not in form
    blank = client.post(f"/workflow/cases/{case.pk}/withdraw/", {"note": "  "})
    assert blank.status_code == 200 and "请填写撤回理由。" in blank.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN
    done = client.post(f"/workflow/cases/{case.pk}/withdraw/", {"note": "误选类别，重新发起"})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN
    assert HouseholdEvent.objects.filter(household=household_a, summary__contains="撤回").exists()
    # Withdrawn, the household may be proposed again at once.
    assert open_case(personas.cadre_a, household_a).pk != case.pk


def test_not_after_the_county_approved_and_not_by_a_read_only_role(personas, login, household_a, household_b):
    approved = at_approval(personas, household_a, personas.cadre_a)
    case_act(
        actor=personas.approver,
        case=approved,
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number="永巩固〔2026〕1号",
    )
    client = login(personas.cadre_a)
    assert "/withdraw/" not in client.get(f"/workflow/cases/{approved.pk}/").content.decode()
    refused = client.post(f"/api/v1/cases/{approved.pk}/withdraw/", {"note": "误选"}, content_type="application/json")
    assert refused.status_code == 400 and "县级已审批同意" in refused.content.decode()

    case = open_case(personas.cadre_b, household_b)
    official = login(personas.official)
    assert "/withdraw/" not in official.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert official.post(f"/workflow/cases/{case.pk}/withdraw/", {"note": "误选"}).status_code == 403
    api = official.post(f"/api/v1/cases/{case.pk}/withdraw/", {"note": "误选"}, content_type="application/json")
    assert api.status_code == 403
    # Another village's cadre does not even see the case.
    assert client.post(f"/api/v1/cases/{case.pk}/withdraw/", {"note": "误选"}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_the_api_withdraws_with_a_reason(personas, login, household_b):
    case = open_case(personas.cadre_b, household_b)
    client = login(personas.cadre_b)
    missing = client.post(f"/api/v1/cases/{case.pk}/withdraw/", {}, content_type="application/json")
    assert missing.status_code == 400
    url = f"/api/v1/cases/{case.pk}/withdraw/"
    done = client.post(url, {"note": "风险已即时消除"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == CaseStatus.WITHDRAWN
