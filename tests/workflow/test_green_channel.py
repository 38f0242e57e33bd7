"""Green channel (001 §四): township and county approve first; review and publicity are owed and done later."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from config.errors import ApplicationError
from households.models import Household
from tests.workflow.helpers import act_after_publicity, case_act
from workflow.choices import CaseStatus, CaseStepStatus, Channel, Outcome
from workflow.models import CaseStep
from workflow.selectors import case_detail, household_in_green_channel
from workflow.services.cases import MSG_GREEN_TOWNSHIP_FIRST
from workflow.services.green_channel import case_open_green_channel

pytestmark = pytest.mark.django_db


def open_green(actor, household, **extra):
    return case_open_green_channel(
        actor=actor,
        household=household,
        cause=extra.pop("cause", "disaster"),
        reason=extra.pop("reason", "7月暴雨房屋倒塌"),
        channel=Channel.CADRE_VISIT,
        risk_types=extra.pop("risk_types", ["disaster_loss"]),
        category="sudden_hardship",
        **extra,
    )


def status(case, code):
    return CaseStep.objects.get(case=case, step__code=code).status


def test_county_approves_first_and_the_skipped_steps_are_owed(personas, login, household_a):
    case = open_green(personas.township, household_a)
    assert case.green_channel and household_in_green_channel(household_a)
    assert status(case, "township_audit") == CaseStepStatus.OPEN
    assert status(case, "county_approval") == CaseStepStatus.OPEN
    with pytest.raises(ApplicationError, match=MSG_GREEN_TOWNSHIP_FIRST[:10]):
        case_act(
            actor=personas.approver,
            case=case,
            step_code="county_approval",
            outcome=Outcome.PASS,
            document_number="永巩固〔2026〕1号",
        )
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    case_act(
        actor=personas.approver,
        case=case,
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number="永巩固〔2026〕1号",
    )
    # Help may start: the household is monitored while village review and publicity are still owed.
    assert Household.objects.get(pk=household_a.pk).monitoring_category == "sudden_hardship"
    detail = case_detail(actor=personas.township, pk=case.pk)
    assert detail.status == CaseStatus.OPEN
    owed = [cs.step.code for cs in detail.owed_steps]
    assert owed == ["village_review", "village_publicity", "county_comparison", "township_publicity"]
    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "欠办环节" in page and "绿色通道" in page
    listing = login(personas.county_officer).get("/workflow/green-channel/").content.decode()
    assert "张大山" in listing and "涂埠镇" in listing
    assert "张大山" not in login(personas.cadre_b).get("/workflow/green-channel/").content.decode()

    # Later completion: the owed steps are done in order, then the case runs on to its announcement and closes.
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_publicity"),
    ]:
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    assert case_detail(actor=personas.township, pk=case.pk).owed_steps == []
    assert status(case, "announcement") == CaseStepStatus.OPEN
    case = case_act(actor=personas.county_officer, case=case, step_code="announcement", outcome=Outcome.PASS)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert household_in_green_channel(household_a)
    assert "张大山" not in login(personas.county_officer).get("/workflow/green-channel/").content.decode()


def test_only_township_or_county_may_open_it(personas, household_a):
    with pytest.raises(PermissionDenied):
        open_green(personas.cadre_a, household_a)
    assert not household_in_green_channel(household_a)


def test_cause_must_match_the_risk_and_a_reason_is_required(personas, household_a):
    with pytest.raises(ValidationError) as raised:
        open_green(personas.township, household_a, risk_types=["medical_cost"], reason=" ")
    assert set(raised.value.message_dict) == {"risk_types", "green_channel_reason"}
    # An epidemic has no risk type of its own: the cause is the flag.
    case = open_green(personas.county_officer, household_a, cause="epidemic", risk_types=["unemployment"])
    assert case.green_channel_cause == "epidemic"


def test_open_through_the_page(personas, login, household_a):
    client = login(personas.township)
    assert "绿色通道" in client.get(f"/households/{household_a.pk}/?tab=cases").content.decode()
    response = client.post(
        f"/workflow/households/{household_a.pk}/cases/green/",
        {
            "green_channel_cause": "accident",
            "green_channel_reason": "主要劳动力车祸身亡",
            "channel": "department_alert",
            "risk_types": ["labourer_death"],
            "category": "sudden_hardship",
            "discovered_on": "2026-01-02",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert household_in_green_channel(household_a)
    assert login(personas.cadre_a).get(f"/workflow/households/{household_a.pk}/cases/green/").status_code == 403
    assert login(personas.cadre_b).get(f"/workflow/households/{household_a.pk}/cases/green/").status_code == 404
