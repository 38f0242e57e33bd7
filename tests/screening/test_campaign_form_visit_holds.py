# ruff: noqa: F811 (the fixtures imported from test_campaign_proposals are parameters here)
"""Review finding (visits 1): voiding or re-dating a visit a case step passed on, or taking off the risk a case was
opened from, was refused (workflow.visit_holds), but correcting the campaign's 入户排查表 that recorded the visit
restated it without asking (households.services.visit_restate): a cadre could move the visit out of what 村级评议
counted, or take the risk off the form a case was opened from. The restatement now asks the same holds, refused at the
form's 排查日期 or 风险类型 (service, page, API) in words of the form (这份入户排查表, not 这次走访: review camp 3);
what no step or case rests on goes through."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import categories_for
from households.models import Visit
from screening.models import ScreeningForm
from screening.services import campaigns
from tests.clock import today
from tests.screening.test_campaign_proposals import AT_RISK, campaign, presets  # noqa: F401 (fixtures)
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import minutes, sign_consent
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_act, case_open
from workflow.visit_holds import MSG_FORM_RISK_CASE_REDATE, MSG_FORM_RISK_CASE_RETYPE, MSG_FORM_STEP_REDATE

pytestmark = pytest.mark.django_db

WATER = {"4": {"checked": ["water_1"], "problem": "井水浑浊"}}


def days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def update(actor, form, **changed):
    asked = {"answers": AT_RISK, "at_risk": True, "propose_monitoring": False, "filled_on": form.filled_on}
    asked["risk_types"] = list(form.risk_types)
    return campaigns.form_update(actor=actor, form=form, **asked | changed)


@pytest.fixture
def reviewed(personas, campaign, make_household):
    """A household whose 入户排查表 (three days ago) is the one visit its identification's 村级评议 passed on."""
    household = make_household("9000")
    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers=AT_RISK, at_risk=True,
        filled_on=days_ago(3), risk_types=["other"],
    )  # fmt: skip
    sign_consent(actor=personas.cadre_a, household=household)
    case = open_case(personas.cadre_a, household)  # found three days ago
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    return case, form


def test_the_form_may_not_move_its_visit_out_of_what_the_step_counted(personas, reviewed):
    case, form = reviewed

    with pytest.raises(ValidationError) as refused:
        update(personas.cadre_a, form, filled_on=days_ago(5))

    said = {"kind": "纳入", "number": case.pk, "status": "办理中", "step": "村级评议", "since": days_ago(3)}
    message = MSG_FORM_STEP_REDATE.format(**said, acted=today(), new=days_ago(5))
    assert refused.value.message_dict == {"filled_on": [message]}
    assert message.startswith("这份入户排查表是纳入案件") and "排查日期改为" in message and "走访日期" not in message
    assert ScreeningForm.objects.get(pk=form.pk).filled_on == days_ago(3)  # the form is not saved either
    assert Visit.objects.get(pk=form.visit_id).visited_on == days_ago(3)


def test_what_the_step_does_not_rest_on_goes_through(personas, reviewed):
    _case, form = reviewed

    update(personas.cadre_a, form, answers=WATER, filled_on=days_ago(1))  # inside the window, other findings

    visit = Visit.objects.get(pk=form.visit_id)
    assert (visit.visited_on, visit.water_ok) == (days_ago(1), False)


@pytest.fixture
def opened(personas, campaign, make_household):
    """A form that found a medical risk, and the identification opened from it (集中排查)."""
    household = make_household("9000")
    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers=AT_RISK, at_risk=True,
        filled_on=days_ago(3), risk_types=["medical_cost"],
    )  # fmt: skip
    category = categories_for(household.household_type)[0][0]
    case = case_open(
        actor=personas.cadre_a, household=household, kind=CaseKind.IDENTIFICATION, channel=Channel.CAMPAIGN,
        risk_types=["medical_cost"], national_risk_types=["illness"], category=category, discovered_on=days_ago(3),
    )  # fmt: skip
    return case, form


def test_the_form_may_not_take_off_the_risk_a_case_was_opened_from_nor_move_its_day(personas, opened):
    case, form = opened

    with pytest.raises(ValidationError) as taken_off:
        update(personas.cadre_a, form, risk_types=["other"])  # 13① still ticked, so some risk stays named
    with pytest.raises(ValidationError) as moved:
        update(personas.cadre_a, form, filled_on=days_ago(2))
    update(personas.cadre_a, form, answers=WATER)  # its findings rest on nothing

    said = {"types": "大病重病重残医疗支出大", "kind": "纳入", "number": case.pk, "status": "办理中"}
    assert taken_off.value.message_dict == {"risk_types": [MSG_FORM_RISK_CASE_RETYPE.format(**said)]}
    assert moved.value.message_dict == {"filled_on": [MSG_FORM_RISK_CASE_REDATE.format(**said, old=days_ago(3))]}
    visit = Visit.objects.get(pk=form.visit_id)
    assert (visit.visited_on, visit.risk_types, visit.water_ok) == (days_ago(3), ["medical_cost"], False)


def test_the_page_and_the_api_say_the_refusal_at_the_forms_fields(personas, login, opened):
    case, form = opened
    client = login(personas.cadre_a)
    said = {"types": "大病重病重残医疗支出大", "kind": "纳入", "number": case.pk, "status": "办理中"}

    page = client.post(
        f"/campaigns/forms/{form.pk}/edit/",
        {
            "filled_on": form.filled_on.isoformat(),
            "item_3_checked": ["housing_2"],
            "item_3_problem": "东侧土坯房墙体开裂",
            "at_risk": "on",
            "risk_types": ["other"],  # the case's 大病重病重残医疗支出大 taken off
        },
    )
    api = client.patch(
        f"/api/v1/screening-forms/{form.pk}/", {"filled_on": days_ago(2).isoformat()}, "application/json"
    )

    assert page.status_code == 200
    assert page.context["form"].errors["risk_types"] == [MSG_FORM_RISK_CASE_RETYPE.format(**said)]
    shown = page.content.decode()
    assert "这份入户排查表发现的风险（大病重病重残医疗支出大）" in shown and "这次走访" not in shown
    assert api.status_code == 400, api.content
    assert api.json() == {"filled_on": [MSG_FORM_RISK_CASE_REDATE.format(**said, old=days_ago(3))]}
    assert Visit.objects.get(pk=form.visit_id).risk_types == ["medical_cost"]
