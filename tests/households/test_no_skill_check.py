"""劳动年龄成员未填劳动技能 (review: a working-age head marked 已故 with 劳动技能 blank raised no 主要劳动力意外死亡
hit): the go-live import carries the national export's blanks, so they are listed for the next visit, not refused."""

import datetime as dt

import pytest

from households.choices import LabourSkill, LivingStatus, Relation
from households.data_checks import BY_CODE, check_findings, years_before
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_living_members_of_16_to_64_with_no_skill_are_listed_for_the_visit(personas, county):
    household = HouseholdFactory(village=county.village_a)
    day = today()

    def member(name, years, skill="", **extra):
        birth = years_before(day, years)
        return MemberFactory(household=household, name=name, birth_date=birth, labour_skill=skill, **extra)

    sixteen = member("成员甲", 16, relation=Relation.HEAD)
    sixty_four = member("成员乙", 65, relation=Relation.SPOUSE)
    member("成员丙", 65, relation=Relation.OTHER)
    member("成员丁", 15, relation=Relation.SON)
    member("成员戊", 36, skill=LabourSkill.ORDINARY, relation=Relation.SON)
    member("成员己", 36, relation=Relation.SON, living_status=LivingStatus.DECEASED)
    sixty_four.birth_date = years_before(day, 65) + dt.timedelta(days=1)
    sixty_four.save(update_fields=["birth_date"])

    check = BY_CODE["no_skill"]
    found = list(check_findings(actor=personas.cadre_a, check=check, today=day))

    assert [m.pk for m in found] == [sixteen.pk, sixty_four.pk]
    assert check.label == "劳动年龄成员未填劳动技能" and check.kind_label == "需核实"
    assert check.describe(found[0], day) == "16岁，劳动技能未填"
