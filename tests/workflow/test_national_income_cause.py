"""Income below the line has no national code of its own (DOMAIN.md "Code lists": "it is recorded with the cause
found at the visit"): a case whose only seed type is 人均纯收入低于监测范围 asks the user for that cause, on the case
form, through the API and in a village correction, instead of sending it to the national system as 其他."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import MonitoringCategory
from tests.clock import today
from tests.workflow.helpers import case_act
from tests.workflow.steps_helpers import walk_to
from workflow.choices import CaseKind, Channel, Outcome
from workflow.forms import NATIONAL_RISK_HELP
from workflow.models import Case
from workflow.services.case_opening import MSG_INCOME_CAUSE_REQUIRED
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def _body(**extra):
    return {
        "kind": "identification",
        "channel": "cadre_visit",
        "risk_types": ["low_income"],
        "category": "sudden_hardship",
        "discovered_on": (today() - dt.timedelta(days=1)).isoformat(),
        "confirm_income": "on",
        **extra,
    }


def test_the_case_form_asks_for_the_cause_of_income_below_the_line(personas, login, household_a):
    client = login(personas.cadre_a)
    url = f"/workflow/households/{household_a.pk}/cases/new/"

    response = client.post(url, _body())

    assert response.status_code == 200
    assert response.context["form"].errors["national_risk_types"] == [MSG_INCOME_CAUSE_REQUIRED]
    assert not Case.objects.exists()

    chosen = client.post(url, _body(national_risk_types=["lack_of_labour"]))
    assert chosen.status_code == 302
    assert Case.objects.get(household=household_a).national_risk_types == ["lack_of_labour"]


def test_income_beside_another_seed_type_keeps_the_usual_codes_without_asking(personas, login, household_a):
    response = login(personas.cadre_a).post(
        f"/workflow/households/{household_a.pk}/cases/new/", _body(risk_types=["low_income", "medical_cost"])
    )

    assert response.status_code == 302
    assert Case.objects.get(household=household_a).national_risk_types == ["illness"]


def test_the_api_asks_for_the_cause_too(personas, login, household_a):
    client = login(personas.cadre_a)
    body = {"household": household_a.pk, **_body()}
    del body["confirm_income"]

    refused = client.post("/api/v1/cases/", body, content_type="application/json")

    assert refused.status_code == 400
    assert MSG_INCOME_CAUSE_REQUIRED in refused.content.decode()
    assert not Case.objects.exists()
    chosen = client.post(
        "/api/v1/cases/", {**body, "national_risk_types": ["illness"]}, content_type="application/json"
    )
    assert chosen.status_code == 201, chosen.content
    assert chosen.json()["national_risk_types"] == ["illness"]


def test_the_service_refuses_income_alone_without_its_cause(personas, household_a):
    with pytest.raises(ValidationError) as error:
        case_open(
            actor=personas.cadre_a,
            household=household_a,
            kind=CaseKind.IDENTIFICATION,
            channel=Channel.CADRE_VISIT,
            risk_types=["low_income"],
            category=MonitoringCategory.SUDDEN_HARDSHIP,
        )

    assert error.value.message_dict["national_risk_types"] == [MSG_INCOME_CAUSE_REQUIRED]


def test_a_correction_to_income_alone_asks_for_its_cause(personas, login, household_a):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note="请核实")
    client = login(personas.cadre_a)
    url = f"/api/v1/cases/{case.pk}/correct/"

    for body in ({"risk_types": ["low_income"]}, {"risk_types": ["low_income"], "national_risk_types": []}):
        refused = client.post(url, body, content_type="application/json")
        assert refused.status_code == 400, refused.content.decode()
        assert MSG_INCOME_CAUSE_REQUIRED in refused.content.decode()
    case.refresh_from_db()
    assert case.risk_types == ["medical_cost"]

    page = client.post(
        f"/workflow/cases/{case.pk}/correct/", {"risk_types": ["low_income"], "category": "sudden_hardship"}
    )
    assert MSG_INCOME_CAUSE_REQUIRED in page.content.decode()

    chosen = client.post(
        url, {"risk_types": ["low_income"], "national_risk_types": ["lack_of_labour"]}, content_type="application/json"
    )
    assert chosen.status_code == 200, chosen.content.decode()
    case.refresh_from_db()
    assert case.risk_types == ["low_income"] and case.national_risk_types == ["lack_of_labour"]


def test_the_help_says_income_alone_is_chosen():
    assert "只申报“人均纯收入低于监测范围”的" in NATIONAL_RISK_HELP and "其他" not in NATIONAL_RISK_HELP


def _returned_with_income_and_illness(personas, login, household):
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],  # the medical cost's code
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note="请核实")
    body = {"risk_types": ["medical_cost", "low_income"]}
    added = login(personas.cadre_a).post(f"/api/v1/cases/{case.pk}/correct/", body, content_type="application/json")
    assert added.status_code == 200 and added.json()["national_risk_types"] == ["illness"], added.content.decode()
    return case


def test_a_correction_removing_the_risk_a_code_came_from_asks_the_income_cause_again(personas, login, household_a):
    case = _returned_with_income_and_illness(personas, login, household_a)
    client = login(personas.cadre_a)
    url = f"/api/v1/cases/{case.pk}/correct/"

    refused = client.post(url, {"risk_types": ["low_income"]}, content_type="application/json")

    # 因病 went with the medical cost removed: it is not taken for the income's cause unasked.
    assert refused.status_code == 400, refused.content.decode()
    assert refused.json()["national_risk_types"] == [MSG_INCOME_CAUSE_REQUIRED]
    case.refresh_from_db()
    assert case.risk_types == ["medical_cost", "low_income"] and case.national_risk_types == ["illness"]
    chosen = client.post(
        url, {"risk_types": ["low_income"], "national_risk_types": ["illness"]}, content_type="application/json"
    )
    assert chosen.status_code == 200 and chosen.json()["national_risk_types"] == ["illness"]


def test_the_correction_page_asks_the_income_cause_and_takes_the_code_left_ticked(personas, login, household_a):
    case = _returned_with_income_and_illness(personas, login, household_a)
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/correct/"
    shown = {"risk_types": ["low_income"], "national_risk_types": ["illness"], "category": "sudden_hardship"}

    asked = client.post(url, shown)

    assert asked.status_code == 200 and MSG_INCOME_CAUSE_REQUIRED in asked.content.decode()
    assert 'name="national_asked"' in asked.content.decode()
    case.refresh_from_db()
    assert case.risk_types == ["medical_cost", "low_income"]
    # Answered: the code ticked once asked is the cause chosen.
    answered = client.post(url, {**shown, "national_asked": "1"})
    assert answered.status_code == 302
    case.refresh_from_db()
    assert case.risk_types == ["low_income"] and case.national_risk_types == ["illness"]
