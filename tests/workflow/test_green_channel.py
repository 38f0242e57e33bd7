"""Green channel (001 §四): township and county approve first; review and publicity are owed and done later."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from config.errors import ApplicationError
from households.models import Household
from households.services.visits import visit_record
from tests.workflow.helpers import act_after_publicity, allow_green_channel, case_act
from workflow.choices import CaseStatus, CaseStepStatus, Channel, Outcome
from workflow.models import CaseStep
from workflow.selectors import case_detail, household_in_green_channel
from workflow.services.cases import MSG_GREEN_TOWNSHIP_FIRST
from workflow.services.green_channel import case_open_green_channel

pytestmark = pytest.mark.django_db


def household_visited(household, actor):
    """The household visit (入户核查) a green channel needs before the township and county."""
    if not household.visits.exists():
        visit_record(actor=actor, household=household, visited_on=timezone.localdate(), notes="入户核查灾情")


def open_green(actor, household, **extra):
    """A green-channel case for the household, on its county's procedure with the channel configured
    (allow_green_channel: the test county's Yongxiu procedure has none of its own)."""
    allow_green_channel(household)
    household_visited(household, extra.pop("visitor", None) or actor)
    return case_open_green_channel(
        actor=actor,
        household=household,
        cause=extra.pop("cause", "disaster"),
        reason=extra.pop("reason", "7月暴雨房屋倒塌"),
        village_study=extra.pop("village_study", "村两委研究同意先行救助"),
        channel=Channel.CADRE_VISIT,
        risk_types=extra.pop("risk_types", ["disaster_loss"]),
        category="sudden_hardship",
        **extra,
    )


def status(case, code):
    return CaseStep.objects.get(case=case, step__code=code).status


def test_county_approves_first_and_the_skipped_steps_are_owed(personas, login, household_a):
    case = open_green(personas.county_officer, household_a)
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
    # The township acts once ahead of the county: its audit. Yongxiu's 乡镇汇总初审 sums up the village's list,
    # which does not exist yet, so it is owed with the village's steps.
    assert status(case, "township_preliminary") == CaseStepStatus.PENDING
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
    assert owed == [
        "village_review", "village_publicity", "township_preliminary", "county_comparison", "township_publicity",
    ]  # fmt: skip
    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "欠办环节" in page and "绿色通道" in page
    listing = login(personas.county_officer).get("/workflow/green-channel/").content.decode()
    assert "张大山" in listing and "涂埠镇" in listing
    assert "张大山" not in login(personas.cadre_b).get("/workflow/green-channel/").content.decode()

    # Later completion: the owed steps are done in order, then the case runs on to its announcement and closes.
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_preliminary"),
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_publicity"),
    ]:
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    assert case_detail(actor=personas.township, pk=case.pk).owed_steps == []
    assert status(case, "announcement") == CaseStepStatus.OPEN
    case = case_act(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.PASS)
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
    # An epidemic has no risk type of its own: what it did to the household is one of its consequences.
    with pytest.raises(ValidationError) as raised:
        open_green(personas.county_officer, household_a, cause="epidemic", risk_types=["unsafe_water"])
    assert "risk_types" in raised.value.message_dict
    case = open_green(personas.county_officer, household_a, cause="epidemic", risk_types=["unemployment"])
    assert case.green_channel_cause == "epidemic"


def test_the_household_visit_and_the_village_committee_come_first(personas, household_a):
    # 001 §四: 经入户核查、村"两委"研究、县乡审核通过后，先开展帮扶救助.
    allow_green_channel(household_a)
    with pytest.raises(ApplicationError, match="绿色通道须先入户核查"):
        case_open_green_channel(
            actor=personas.township, household=household_a, cause="disaster", reason="暴雨", village_study="同意",
            channel=Channel.CADRE_VISIT, risk_types=["disaster_loss"], category="sudden_hardship",
        )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        open_green(personas.township, household_a, village_study="  ")
    assert raised.value.message_dict["green_channel_village_study"][0].startswith("请填写村“两委”研究意见")
    assert not household_in_green_channel(household_a)
    case = open_green(personas.township, household_a)
    assert case.green_channel_village_study == "村两委研究同意先行救助"


def test_open_through_the_page(personas, login, household_a):
    allow_green_channel(household_a)
    household_visited(household_a, personas.cadre_a)
    client = login(personas.township)
    assert "绿色通道" in client.get(f"/households/{household_a.pk}/?tab=cases").content.decode()
    response = client.post(
        f"/workflow/households/{household_a.pk}/cases/green/",
        {
            "green_channel_cause": "accident",
            "green_channel_reason": "主要劳动力车祸身亡",
            "green_channel_village_study": "1月2日村两委研究同意",
            "channel": "department_alert",
            "risk_types": ["labourer_death"],
            "category": "sudden_hardship",
            "discovered_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert household_in_green_channel(household_a)
    assert login(personas.cadre_a).get(f"/workflow/households/{household_a.pk}/cases/green/").status_code == 403
    assert login(personas.cadre_b).get(f"/workflow/households/{household_a.pk}/cases/green/").status_code == 404


def test_an_owed_review_that_refuses_revokes_the_inclusion_instead_of_sticking(personas, household_a):
    from households.models import HouseholdEvent

    case = open_green(personas.county_officer, household_a)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    case_act(
        actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS,
        document_number="永巩固〔2026〕3号",
    )  # fmt: skip
    assert Household.objects.get(pk=household_a.pk).monitoring_category == "sudden_hardship"
    # The village's later review finds the loss was not real: it may refuse, and the inclusion is undone.
    case = case_act(
        actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT,
        note="村两委研究认为灾情不实",
    )  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    household = Household.objects.get(pk=household_a.pk)
    assert (household.monitoring_category, household.monitoring_start) == ("", None)
    assert HouseholdEvent.objects.filter(household=household, summary__contains="撤销纳入监测").exists()


def test_a_step_after_the_approval_still_may_not_refuse(personas, household_a):
    case = open_green(personas.county_officer, household_a)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    case_act(
        actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS,
        document_number="永巩固〔2026〕3号",
    )  # fmt: skip
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_preliminary"),
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_publicity"),
    ]:
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    with pytest.raises(ApplicationError, match="县级已审批同意"):
        case_act(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.REJECT, note="x")
