"""An exit (风险消除) is the village's proposal (seed 003 §二2(5) "由村两委提出，经评议后在村内进行公示…
上报乡党委、政府审核"; 000 §三(三)8 民主评议 → 村级公示 → 乡镇审核 → 县级审批): a village cadre or the resident
work team proposes it; the township, which audits it, and the county, which approves it, may not, on the service, the
API or the pages; their inclusions are unchanged (workflow.services.proposers)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.choices import Role
from accounts.models import AuditEvent
from accounts.refusals import API_DENIED
from tests.clock import today
from tests.factories import UserFactory
from tests.workflow.helpers import exit_ready
from workflow.choices import CaseKind, Channel
from workflow.models import Case
from workflow.services.cases import case_open
from workflow.services.proposers import EXIT_PROPOSER_NOTE, MSG_EXIT_PROPOSER

pytestmark = pytest.mark.django_db


def open_exit(actor, household):
    return case_open(actor=actor, household=household, kind=CaseKind.EXIT, confirm_advisories=True)


def work_team(county):
    return UserFactory(
        username="workteam_a",
        role=Role.WORK_TEAM,
        region_path=county.village_a.path,
        region_name=county.village_a.name,
    )


@pytest.mark.parametrize("persona", ["township", "county_officer"])
def test_the_township_and_the_county_may_not_propose_an_exit(personas, monitored_a, persona):
    exit_ready(monitored_a)
    with pytest.raises(PermissionDenied) as refused:
        open_exit(getattr(personas, persona), monitored_a)
    assert str(refused.value) == MSG_EXIT_PROPOSER
    assert "村干部或驻村工作队" in MSG_EXIT_PROPOSER
    assert not Case.objects.exists()


def test_a_village_cadre_proposes_an_exit(personas, monitored_a):
    exit_ready(monitored_a)
    case = open_exit(personas.cadre_a, monitored_a)
    assert case.kind == CaseKind.EXIT and case.opened_by == personas.cadre_a


def test_the_resident_work_team_proposes_an_exit_too(county, personas, monitored_a):
    exit_ready(monitored_a)
    case = open_exit(work_team(county), monitored_a)
    assert case.kind == CaseKind.EXIT and case.opened_by.role == Role.WORK_TEAM


def test_the_township_still_opens_an_identification(personas, household_a):
    case = case_open(
        actor=personas.township,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category="sudden_hardship",
    )
    assert case.kind == CaseKind.IDENTIFICATION


def test_the_api_refuses_the_township_with_403_and_audits_it(personas, login, monitored_a):
    exit_ready(monitored_a)
    body = {"household": monitored_a.pk, "kind": "exit", "confirm_advisories": True}
    refused = login(personas.township).post("/api/v1/cases/", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"] == MSG_EXIT_PROPOSER
    assert AuditEvent.objects.filter(action=API_DENIED, actor=personas.township).exists()
    assert not Case.objects.exists()
    opened = login(personas.cadre_a).post("/api/v1/cases/", body, content_type="application/json")
    assert opened.status_code == 201, opened.content.decode()


def panel(client, household):
    return client.get(f"/households/{household.pk}/", {"tab": "cases"}).content.decode()


def test_the_household_page_offers_the_township_no_exit_and_says_whose_it_is(personas, login, monitored_a):
    exit_ready(monitored_a)
    new_url = f"/workflow/households/{monitored_a.pk}/cases/new/"
    township = panel(login(personas.township), monitored_a)
    assert new_url not in township and EXIT_PROPOSER_NOTE in township
    cadre = panel(login(personas.cadre_a), monitored_a)
    assert new_url in cadre and EXIT_PROPOSER_NOTE not in cadre


def test_the_case_form_refuses_the_township_a_monitored_households_exit(personas, login, monitored_a):
    exit_ready(monitored_a)
    client = login(personas.township)
    url = f"/workflow/households/{monitored_a.pk}/cases/new/"
    page = client.get(url).content.decode()
    assert MSG_EXIT_PROPOSER in page and 'name="kind"' not in page
    posted = client.post(url, {"kind": "exit", "discovered_on": today().isoformat(), "confirm_advisories": "on"})
    assert posted.status_code == 200 and MSG_EXIT_PROPOSER in posted.content.decode()
    assert not Case.objects.exists()


def test_the_townships_case_form_offers_no_exit_among_the_kinds(personas, login, household_a):
    page = login(personas.township).get(f"/workflow/households/{household_a.pk}/cases/new/").content.decode()
    assert 'value="identification"' in page and 'value="exit"' not in page
    cadre = login(personas.cadre_a).get(f"/workflow/households/{household_a.pk}/cases/new/").content.decode()
    assert 'value="exit"' in cadre
