"""Review finding 7: the township could 撤回 any village case before approval, even one still at the village's review,
so its decision never appeared as 不通过 with reasons. Only the case's opener (or the village, for a village-opened
case) withdraws; the township decides at its own audit step (不通过, 退回村级补正)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from tests.factories import UserFactory
from tests.workflow.batch_helpers import open_case
from tests.workflow.steps_helpers import walk_to
from workflow.choices import CaseStatus
from workflow.models import Case
from workflow.services.cases import case_withdraw
from workflow.services.withdrawal import MSG_WITHDRAW_NOT_OPENER

pytestmark = pytest.mark.django_db


def test_the_township_cannot_withdraw_a_village_case_on_the_page_or_through_the_api(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)  # at the village review, no township step yet
    client = login(personas.township)

    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert f"/workflow/cases/{case.pk}/withdraw/" not in page and "撤回本案" not in page
    form = client.get(f"/workflow/cases/{case.pk}/withdraw/")
    assert form.status_code == 403 and "只有本案的发起人可以撤回" in form.content.decode()
    posted = client.post(f"/workflow/cases/{case.pk}/withdraw/", {"note": "误选农户"})
    assert posted.status_code == 403
    api = client.post(f"/api/v1/cases/{case.pk}/withdraw/", {"note": "误选农户"}, content_type="application/json")
    assert api.status_code == 403 and api.json()["detail"] == MSG_WITHDRAW_NOT_OPENER
    with pytest.raises(PermissionDenied):
        case_withdraw(actor=personas.township, case=case, note="误选农户")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_at_its_own_audit_step_the_township_refuses_instead(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)
    walk_to(personas, case, "township_preliminary")
    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "撤回本案" not in page
    assert 'value="reject"' in page and 'value="return"' in page  # 不通过 and 退回村级补正, with reasons


def test_the_village_withdraws_its_case_the_opener_or_its_work_team(personas, login, county, household_a):
    team = UserFactory(
        username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, region_name=county.village_a.name
    )
    case = open_case(personas.cadre_a, household_a)
    assert "撤回本案" in login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "撤回本案" in login(team).get(f"/workflow/cases/{case.pk}/").content.decode()
    done = login(team).post(f"/api/v1/cases/{case.pk}/withdraw/", {"note": "户主已外出务工"}, "application/json")
    assert done.status_code == 200 and done.json()["status"] == CaseStatus.WITHDRAWN


def test_a_township_opened_case_is_withdrawn_by_its_opener_not_by_the_village(personas, login, household_a):
    case = open_case(personas.township, household_a)
    cadre = login(personas.cadre_a)
    assert "撤回本案" not in cadre.get(f"/workflow/cases/{case.pk}/").content.decode()
    refused = cadre.post(f"/api/v1/cases/{case.pk}/withdraw/", {"note": "误选"}, content_type="application/json")
    assert refused.status_code == 403
    assert "撤回本案" in login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert case_withdraw(actor=personas.township, case=case, note="误选类别").status == CaseStatus.WITHDRAWN


def test_a_withdrawal_reason_too_long_for_the_case_record_is_refused_not_a_server_error(personas, login, household_a):
    """The reason is recorded as 撤回：… in the case record (500 characters): 401 characters on the page, in the API or
    through the service are refused in Chinese and the case stays open."""
    case = open_case(personas.cadre_a, household_a)
    client, reason = login(personas.cadre_a), "家" * 401

    page = client.post(f"/workflow/cases/{case.pk}/withdraw/", {"note": reason})
    assert page.status_code == 200 and "不能超过 400 字" in page.content.decode()
    api = client.post(f"/api/v1/cases/{case.pk}/withdraw/", {"note": reason}, content_type="application/json")
    assert api.status_code == 400 and "不能超过 400 字" in api.json()["note"][0]
    with pytest.raises(ValidationError):
        case_withdraw(actor=personas.cadre_a, case=case, note=reason)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN

    client.post(f"/workflow/cases/{case.pk}/withdraw/", {"note": "家" * 400})
    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN
