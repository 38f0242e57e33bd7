"""缺什么补什么 on crafted households (000 §四): the rules, not the page."""

import datetime as dt

import pytest

from assistance.models import MeasureType
from assistance.suggestions import suggest
from households.choices import AssistanceStatus, EmploymentPlace, Health, LabourCapacity, StudentStage
from households.models import Household, Member

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def person(name, born, **extra):
    values = {"name": name, "birth_date": dt.date(born, 1, 1), "relation": "other", "living_status": "living", **extra}
    return Member(pk=abs(hash(name)) % 100000, **values)


def family(risks, capacity, *members):
    return Household(risk_types=risks, labour_capacity=capacity), list(members)


def codes(suggestions):
    return [(s.measure_type.code, s.member.name if s.member else None) for s in suggestions]


@pytest.fixture
def catalogue():
    return list(MeasureType.objects.select_related("category"))


def test_a_single_risk_gets_a_single_measure(catalogue):
    household, members = family(["unsafe_housing"], LabourCapacity.HAS_LABOUR, person("甲", 1980))
    assert codes(suggest(household=household, members=members, catalogue=catalogue, today=TODAY)) == [
        ("housing_renovation", None)
    ]


def test_a_compound_risk_gets_one_measure_per_risk_combined(catalogue):
    household, members = family(
        ["unsafe_housing", "unsafe_water", "medical_cost"],
        LabourCapacity.HAS_LABOUR,
        person("甲", 1980),
        person("乙", 1950, health=Health.SERIOUS),
    )
    assert codes(suggest(household=household, members=members, catalogue=catalogue, today=TODAY)) == [
        ("housing_renovation", None),
        ("water_works", None),
        ("medical_insurance_subsidy", "乙"),  # 一人一措施: to the sick member, not the household
    ]


def test_labour_capacity_puts_industry_and_employment_first_and_no_safety_net(catalogue):
    household, members = family(
        ["unemployment", "low_income"], LabourCapacity.HAS_LABOUR, person("壮劳力", 1985, labour_skill="ordinary")
    )
    suggestions = suggest(household=household, members=members, catalogue=catalogue, today=TODAY)
    assert [s.measure_type.category.code for s in suggestions] == ["employment", "industry"]
    assert codes(suggestions)[0] == ("skills_training", "壮劳力")
    assert "开发式帮扶" in suggestions[0].reason
    assert not {"dibao", "tekun"} & {s.measure_type.code for s in suggestions}


def test_no_labour_and_no_stable_income_gets_the_dibao_safety_net_and_no_job_measure(catalogue):
    household, members = family(
        ["low_income"],
        LabourCapacity.NONE,
        person("老人", 1948, labour_skill="none"),
        person("老伴", 1950, labour_skill="lost"),
    )
    suggestions = suggest(household=household, members=members, catalogue=catalogue, today=TODAY)
    assert ("dibao", None) in codes(suggestions)
    assert not [s for s in suggestions if s.measure_type.category.code in ("industry", "employment")]
    assert "兜底保障" in next(s.reason for s in suggestions if s.measure_type.code == "dibao")


def test_a_person_alone_without_labour_is_suggested_tekun(catalogue):
    household, members = family(["labourer_death"], LabourCapacity.NONE, person("孤老", 1940, labour_skill="none"))
    assert ("tekun", None) in codes(suggest(household=household, members=members, catalogue=catalogue, today=TODAY))


def test_partial_labour_with_a_stable_job_gets_no_safety_net(catalogue):
    household, members = family(
        ["low_income"],
        LabourCapacity.PARTIAL,
        person("半劳力", 1975, labour_skill="weak", employment_place=EmploymentPlace.IN_COUNTY, employment_months=10),
    )
    suggested = {
        s.measure_type.code for s in suggest(household=household, members=members, catalogue=catalogue, today=TODAY)
    }
    assert not suggested & {"dibao", "tekun"}


def test_a_household_already_on_dibao_is_not_suggested_it_again(catalogue):
    household, members = family(
        ["low_income"],
        LabourCapacity.PARTIAL,
        person("甲", 1960, labour_skill="weak", assistance_status=AssistanceStatus.DIBAO),
    )
    suggested = {
        s.measure_type.code for s in suggest(household=household, members=members, catalogue=catalogue, today=TODAY)
    }
    assert "dibao" not in suggested


def test_a_drop_out_gets_the_education_measure_for_the_pupil(catalogue):
    household, members = family(
        ["school_dropout"],
        LabourCapacity.HAS_LABOUR,
        person("父", 1980),
        person("学生", 2013, student_stage=StudentStage.JUNIOR),
    )
    assert codes(suggest(household=household, members=members, catalogue=catalogue, today=TODAY)) == [
        ("education_aid", "学生")
    ]


def test_what_the_plan_already_has_is_not_suggested_again(catalogue):
    household, members = family(["unsafe_housing"], LabourCapacity.HAS_LABOUR, person("甲", 1980))
    housing = MeasureType.objects.get(code="housing_renovation")
    assert (
        suggest(household=household, members=members, catalogue=catalogue, taken={(housing.pk, None)}, today=TODAY)
        == []
    )


def test_no_risk_recorded_no_suggestion(catalogue):
    household, members = family([], LabourCapacity.HAS_LABOUR, person("甲", 1980))
    assert suggest(household=household, members=members, catalogue=catalogue, today=TODAY) == []
