"""The usual national code of income below the line with no other seed type, for records and cases nobody chose a
code for: 缺劳动力 when no living member can work (households.risk_evidence.can_work), else 其他."""

import pytest

from households.choices import LabourSkill, LivingStatus, NationalRiskType, Relation, RiskType, StudentStage
from households.member_rules import years_before
from households.national import default_national_risk_types, household_national_risk_types
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
N = NationalRiskType


def test_income_alone_is_lack_of_labour_when_nobody_can_work_else_other():
    assert default_national_risk_types([RiskType.LOW_INCOME], no_labour=True) == [N.LACK_OF_LABOUR]
    assert default_national_risk_types([RiskType.LOW_INCOME]) == [N.OTHER]
    # Another seed type gives the cause: the household's labour does not matter.
    assert default_national_risk_types([RiskType.LOW_INCOME, RiskType.UNSAFE_HOUSING], no_labour=True) == [N.HOUSING]


def test_a_households_members_say_whether_anyone_can_work(county):
    household = HouseholdFactory(village=county.village_a)
    head = MemberFactory(household=household, relation=Relation.HEAD, labour_skill=LabourSkill.LOST)
    MemberFactory(
        household=household,
        relation=Relation.SON,
        birth_date=years_before(today(), 18),
        student_stage=StudentStage.UNDERGRADUATE,
    )
    MemberFactory(household=household, relation=Relation.FATHER, birth_date=years_before(today(), 65))
    MemberFactory(household=household, relation=Relation.SIBLING, living_status=LivingStatus.DECEASED)

    assert household_national_risk_types(household, [RiskType.LOW_INCOME]) == [N.LACK_OF_LABOUR]

    head.labour_skill = LabourSkill.ORDINARY
    head.save(update_fields=["labour_skill"])
    assert household_national_risk_types(household, [RiskType.LOW_INCOME]) == [N.OTHER]
    assert household_national_risk_types(household, [RiskType.LOW_INCOME, RiskType.MEDICAL_COST]) == [N.ILLNESS]
