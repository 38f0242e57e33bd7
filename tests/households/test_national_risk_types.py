"""The seed risk types mapped onto the national system's 11 codes (DOMAIN.md "Code lists")."""

import pytest
from django.core.exceptions import ValidationError

from households.choices import (
    MSG_NATIONAL_RISK_REQUIRED,
    NATIONAL_RISK_TYPES,
    DisabilityGrade,
    Health,
    LivingStatus,
    NationalRiskType,
    Relation,
    RiskType,
    national_risk_types,
)
from households.national import default_national_risk_types, household_national_risk_types, stored_or_default
from tests.factories import HouseholdFactory, MemberFactory

N = NationalRiskType


def test_the_national_system_has_eleven_codes_and_every_seed_type_maps_onto_them():
    assert [str(label) for label in N.labels] == [
        "因病", "因残", "因学", "因自然灾害", "因意外事故", "因产业项目失败", "因务工就业不稳", "缺劳动力",
        "因安全住房", "因安全饮水", "其他",
    ]  # fmt: skip
    assert set(NATIONAL_RISK_TYPES) == set(RiskType.values)
    assert set(NATIONAL_RISK_TYPES[RiskType.LOW_INCOME]) == set(N.values)
    assert NATIONAL_RISK_TYPES[RiskType.MEDICAL_COST] == (N.ILLNESS, N.DISABILITY)
    assert NATIONAL_RISK_TYPES[RiskType.DISASTER_LOSS] == (N.NATURAL_DISASTER, N.ACCIDENT)


def test_unambiguous_seed_types_give_their_code_without_a_choice():
    risks = [RiskType.SCHOOL_DROPOUT, RiskType.UNSAFE_HOUSING, RiskType.UNSAFE_WATER, RiskType.UNEMPLOYMENT]
    assert national_risk_types(risks, None) == [N.EDUCATION, N.UNSTABLE_EMPLOYMENT, N.HOUSING, N.DRINKING_WATER]
    assert national_risk_types([RiskType.BUSINESS_FAILURE, RiskType.OTHER], []) == [N.BUSINESS_FAILURE, N.OTHER]


@pytest.mark.parametrize(
    ("risk_type", "chosen", "expected"),
    [
        (RiskType.MEDICAL_COST, [N.ILLNESS], [N.ILLNESS]),
        (RiskType.MEDICAL_COST, [N.DISABILITY], [N.DISABILITY]),
        (RiskType.MEDICAL_COST, [N.ILLNESS, N.DISABILITY], [N.ILLNESS, N.DISABILITY]),
        (RiskType.DISASTER_LOSS, [N.ACCIDENT], [N.ACCIDENT]),
        (RiskType.DISASTER_LOSS, [N.NATURAL_DISASTER], [N.NATURAL_DISASTER]),
        (RiskType.LABOURER_DEATH, [N.LACK_OF_LABOUR], [N.LACK_OF_LABOUR]),
        (RiskType.LABOURER_DEATH, [N.ACCIDENT], [N.ACCIDENT]),
        (RiskType.LOW_INCOME, [N.ILLNESS], [N.ILLNESS]),
    ],
)
def test_an_ambiguous_seed_type_takes_the_chosen_codes_it_allows(risk_type, chosen, expected):
    assert national_risk_types([risk_type], chosen) == expected


def test_a_chosen_code_the_seed_types_do_not_allow_is_not_recorded():
    assert national_risk_types([RiskType.MEDICAL_COST], [N.ILLNESS, N.DRINKING_WATER]) == [N.ILLNESS]


def test_an_ambiguous_seed_type_without_a_choice_is_an_error_naming_it():
    with pytest.raises(ValidationError) as error:
        national_risk_types([RiskType.SCHOOL_DROPOUT, RiskType.MEDICAL_COST], [N.NATURAL_DISASTER])

    message = error.value.message_dict["national_risk_types"][0]
    assert message == "“大病重病重残医疗支出大”请选择对应的国家系统风险类型：因病或因残。"
    assert message == MSG_NATIONAL_RISK_REQUIRED.format(risk_type="大病重病重残医疗支出大", allowed="因病或因残")


def test_income_below_the_line_is_recorded_with_the_cause_another_seed_type_gives():
    assert national_risk_types([RiskType.LOW_INCOME, RiskType.SCHOOL_DROPOUT], None) == [N.EDUCATION]
    with pytest.raises(ValidationError, match="人均纯收入低于监测范围"):
        national_risk_types([RiskType.LOW_INCOME], None)


def test_the_default_choice_for_cases_opened_without_asking():
    assert default_national_risk_types([RiskType.MEDICAL_COST]) == [N.ILLNESS]
    assert default_national_risk_types([RiskType.MEDICAL_COST], disabled=True) == [N.DISABILITY]
    assert default_national_risk_types([RiskType.DISASTER_LOSS]) == [N.NATURAL_DISASTER]
    assert default_national_risk_types([RiskType.DISASTER_LOSS], accident=True) == [N.ACCIDENT]
    assert default_national_risk_types([RiskType.LABOURER_DEATH]) == [N.LACK_OF_LABOUR]
    assert default_national_risk_types([RiskType.LOW_INCOME]) == [N.OTHER]
    assert default_national_risk_types([RiskType.LOW_INCOME, RiskType.MEDICAL_COST]) == [N.ILLNESS]
    assert default_national_risk_types([]) == []


def test_a_ledger_shows_stored_codes_as_they_are_and_seed_types_as_their_usual_codes():
    assert stored_or_default([N.DISABILITY]) == [N.DISABILITY]
    assert stored_or_default([RiskType.MEDICAL_COST, RiskType.UNSAFE_WATER]) == [N.ILLNESS, N.DRINKING_WATER]
    assert stored_or_default([]) == []


@pytest.mark.django_db
def test_a_medical_cost_is_the_disability_s_whatever_the_grade_when_nobody_is_ill(county):
    household = HouseholdFactory(village=county.village_a)
    member = MemberFactory(
        household=household, relation=Relation.HEAD, health=Health.DISABLED, disability_grade=DisabilityGrade.GRADE_2
    )
    assert household_national_risk_types(household, [RiskType.MEDICAL_COST]) == [N.DISABILITY]

    member.disability_grade = DisabilityGrade.GRADE_4  # a light disability is still the only health reason
    member.save()
    assert household_national_risk_types(household, [RiskType.MEDICAL_COST]) == [N.DISABILITY]

    ill = MemberFactory(household=household, relation=Relation.SON, health=Health.SERIOUS)
    assert household_national_risk_types(household, [RiskType.MEDICAL_COST]) == [N.ILLNESS]

    ill.health = Health.CHRONIC  # 长期慢性病 is an illness too
    ill.save()
    assert household_national_risk_types(household, [RiskType.MEDICAL_COST]) == [N.ILLNESS]

    ill.living_status = LivingStatus.DECEASED
    ill.save()
    assert household_national_risk_types(household, [RiskType.MEDICAL_COST]) == [N.DISABILITY]


@pytest.mark.django_db
def test_a_medical_cost_without_a_recorded_health_reason_keeps_the_usual_code(county):
    household = HouseholdFactory(village=county.village_a)
    MemberFactory(household=household, relation=Relation.HEAD, health=Health.HEALTHY)
    assert household_national_risk_types(household, [RiskType.MEDICAL_COST]) == [N.ILLNESS]


def test_a_ledger_cell_marked_disability_only_shows_the_medical_cost_as_disability():
    # reports.ledgers.national.national_codes adds `disability` to the seed types of such a household.
    marked = [RiskType.MEDICAL_COST, RiskType.UNSAFE_WATER, N.DISABILITY]
    assert stored_or_default(marked) == [N.DISABILITY, N.DRINKING_WATER]
