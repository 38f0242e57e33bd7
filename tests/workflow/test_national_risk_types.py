"""A case records the national system's risk codes beside the seed types; the approval gives them to the household
(DOMAIN.md "Code lists")."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households.choices import DisabilityGrade, Health, MonitoringCategory, NationalRiskType
from households.models import Household
from tests.workflow.helpers import act_after_publicity as case_act
from tests.workflow.helpers import exit_ready
from workflow.choices import CaseKind, Channel, Outcome
from workflow.forms import NATIONAL_RISK_LABEL
from workflow.models import Case
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def open_case(actor, household, risk_types, national=None):
    return case_open(
        actor=actor,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=risk_types,
        national_risk_types=national,
        category=MonitoringCategory.SUDDEN_HARDSHIP,
        discovered_on=timezone.localdate() - dt.timedelta(days=2),
    )


def test_a_case_stores_the_national_codes_and_the_approval_gives_them_to_the_household(personas, household_a):
    case = open_case(personas.cadre_a, household_a, ["medical_cost", "unsafe_water"], ["disability"])
    assert case.national_risk_types == [NationalRiskType.DISABILITY, NationalRiskType.DRINKING_WATER]

    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_preliminary"),
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_audit"),
        (personas.township, "township_publicity"),
        (personas.approver, "county_approval"),
    ]:
        case = case_act(actor=actor, case=case, step_code=code, outcome=Outcome.PASS, note="")

    household_a.refresh_from_db()
    assert household_a.risk_types == ["medical_cost", "unsafe_water"]
    assert household_a.national_risk_types == ["disability", "drinking_water"]
    change = household_a.events.filter(summary__contains="纳入监测").latest("pk")
    assert "国家系统风险类型" in str(change.changes)


def test_a_case_of_unambiguous_seed_types_needs_no_national_choice(personas, household_a):
    case = open_case(personas.cadre_a, household_a, ["school_dropout"])

    assert case.national_risk_types == [NationalRiskType.EDUCATION]


def test_a_case_with_an_ambiguous_seed_type_and_no_choice_is_refused(personas, household_a):
    with pytest.raises(ValidationError) as error:
        open_case(personas.cadre_a, household_a, ["medical_cost"])

    assert error.value.message_dict["national_risk_types"] == [
        "“大病重病重残医疗支出大”请选择对应的国家系统风险类型：因病或因残。"
    ]
    assert not Case.objects.exists()


def test_an_exit_records_no_national_codes_and_leaves_the_households(personas, household_a):
    Household.objects.filter(pk=household_a.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL,
        monitoring_start=dt.date(2025, 3, 1),
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
    )
    exit_ready(household_a)
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )

    assert case.national_risk_types == []


def test_the_case_form_offers_the_national_codes_and_uses_the_usual_one_when_none_is_chosen(
    personas, login, household_a
):
    client = login(personas.cadre_a)
    url = f"/workflow/households/{household_a.pk}/cases/new/"
    page = client.get(url).content.decode()
    assert NATIONAL_RISK_LABEL in page and "因安全饮水" in page

    # The head is disabled at grade 一级 and nobody is seriously ill: the medical cost is recorded 因残.
    household_a.members.filter(relation="head").update(health=Health.DISABLED, disability_grade=DisabilityGrade.GRADE_1)
    body = {
        "kind": "identification",
        "channel": "cadre_visit",
        "risk_types": ["medical_cost"],
        "category": "sudden_hardship",
        "discovered_on": timezone.localdate().isoformat(),
    }
    assert client.post(url, body).status_code == 302
    assert Case.objects.get(household=household_a).national_risk_types == ["disability"]


def test_the_case_form_records_the_chosen_code(personas, login, household_a):
    body = {
        "kind": "identification",
        "channel": "cadre_visit",
        "risk_types": ["disaster_loss"],
        "national_risk_types": ["accident"],
        "category": "sudden_hardship",
        "discovered_on": timezone.localdate().isoformat(),
    }
    response = login(personas.cadre_a).post(f"/workflow/households/{household_a.pk}/cases/new/", body)

    assert response.status_code == 302
    assert Case.objects.get(household=household_a).national_risk_types == ["accident"]


def test_the_api_takes_the_chosen_codes_or_the_usual_ones(personas, login, household_a, household_b):
    client = login(personas.cadre_a)
    body = {"kind": "identification", "channel": "cadre_visit", "category": "sudden_hardship"}

    chosen = client.post(
        "/api/v1/cases/",
        {**body, "household": household_a.pk, "risk_types": ["labourer_death"], "national_risk_types": ["accident"]},
        content_type="application/json",
    )
    assert chosen.status_code == 201, chosen.content
    assert chosen.json()["national_risk_types"] == ["accident"]

    usual = login(personas.cadre_b).post(
        "/api/v1/cases/",
        {**body, "household": household_b.pk, "risk_types": ["labourer_death"], "category": "marginal"},
        content_type="application/json",
    )
    assert usual.status_code == 201, usual.content
    assert usual.json()["national_risk_types"] == ["lack_of_labour"]

    bad = client.post(
        "/api/v1/cases/",
        {**body, "household": household_a.pk, "risk_types": ["other"], "national_risk_types": ["nope"]},
        content_type="application/json",
    )
    assert bad.status_code == 400
