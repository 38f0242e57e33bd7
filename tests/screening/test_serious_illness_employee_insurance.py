"""The rule 大病患者未参加医疗保险 fires for a seriously ill member in no basic medical insurance, not for one insured
through 职工医保 (the employees' insurance), whom the registry records beside 城乡居民医保."""

import pytest

from households.services import registry
from screening.choices import RunKind
from screening.models import ScreeningResult
from screening.services.runs import screening_run

pytestmark = pytest.mark.django_db


def reasons(household) -> list[str]:
    result = ScreeningResult.objects.filter(household=household).first()
    return result.reasons if result else []


def test_a_seriously_ill_member_in_employees_insurance_is_not_uninsured(line, make_household, personas):
    insured = make_household("9000", members=2)
    uninsured = make_household("9000", members=2)
    worker = insured.members.exclude(relation="head").get()
    ill = uninsured.members.exclude(relation="head").get()
    registry.member_update(
        actor=personas.cadre_a,
        member=worker,
        data={"health": "serious", "medical_insurance": False, "employee_medical_insurance": True},
    )
    registry.member_update(actor=personas.cadre_a, member=ill, data={"health": "serious", "medical_insurance": False})

    screening_run(kind=RunKind.NIGHTLY)

    assert not any("未参加基本医疗保险" in reason for reason in reasons(insured))
    assert f"家庭成员 {ill.name} 患有大病且未参加基本医疗保险" in reasons(uninsured)
