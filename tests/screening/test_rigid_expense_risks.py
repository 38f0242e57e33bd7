"""The rigid-expense rule (RIGID_EXPENSE) sums medical, education, disaster and other rigid costs; the hit carries the
risk types of its components, not always 因病 (a reviewer's finding: a household with only disaster costs was
proposed and exported as medical_cost)."""

from decimal import Decimal

import pytest

from screening.choices import RunKind
from screening.models import RiskFlag, ScreeningResult
from screening.services.runs import screening_run, screening_run_household

pytestmark = pytest.mark.django_db


def _result(household):
    return ScreeningResult.objects.get(household=household)


def _rule_flags(household):
    return sorted(
        RiskFlag.objects.filter(household=household, source="rule", is_active=True).values_list("risk_type", flat=True)
    )


def test_a_household_with_only_disaster_costs_is_hit_as_a_disaster_loss_not_a_medical_cost(line, make_household):
    # 9,000 per head (above the 7,300 line) for two: 18,000 income, 20,000 disaster costs.
    household = make_household("9000", members=2, disaster_expenses=Decimal("20000"))

    screening_run(kind=RunKind.NIGHTLY)

    result = _result(household)
    assert result.risk_types == ["disaster_loss"]
    assert result.reasons == ["刚性支出 20,000.00 元（灾害 20,000.00 元），为家庭收入的 111%（超过 50%）"]
    assert _rule_flags(household) == ["disaster_loss"]


def test_each_component_over_the_share_gives_its_type(line, make_household):
    household = make_household("9000", members=2, medical_expenses=Decimal("9500"), disaster_expenses=Decimal("9500"))

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).risk_types == ["disaster_loss", "medical_cost"]
    assert _rule_flags(household) == ["disaster_loss", "medical_cost"]


def test_when_no_component_alone_is_over_the_share_the_largest_gives_the_type(line, make_household):
    # 6,000 education + 4,000 medical = 10,000 over half of 18,000; neither alone is.
    household = make_household("9000", members=2, medical_expenses=Decimal("4000"), education_expenses=Decimal("6000"))

    screening_run(kind=RunKind.NIGHTLY)

    result = _result(household)
    assert result.risk_types == ["other"]
    assert result.reasons == [
        "刚性支出 10,000.00 元（医疗 4,000.00 元，教育 6,000.00 元），为家庭收入的 56%（超过 50%）"
    ]


def test_a_change_of_components_alone_changes_the_hits_risk_type_and_flag(line, make_household, personas):
    from households.services import income
    from tests.clock import this_year

    household = make_household("9000", members=2, medical_expenses=Decimal("20000"))
    screening_run(kind=RunKind.NIGHTLY)
    assert _result(household).risk_types == ["medical_cost"]

    # The same total, now disaster costs: the digest must see it, the flag must follow.
    income.income_save(
        actor=personas.county_officer,
        household=household,
        year=this_year(),
        amounts={"medical_expenses": Decimal("0"), "disaster_expenses": Decimal("20000")},
        confirm_unusual=True,
    )
    screening_run_household(household=household)

    assert _result(household).risk_types == ["disaster_loss"]
    assert _rule_flags(household) == ["disaster_loss"]
