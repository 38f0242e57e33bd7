"""A household's labour capacity as the exit and assistance rules read it: the household's field checked against
its living members' labour skills (households.labour), and the data check that asks for the two to agree."""

import pytest
from django.utils import timezone

from households.choices import LabourCapacity, LabourSkill, LivingStatus
from households.data_checks import BY_CODE, check_findings
from households.labour import capacity_from_skills, has_no_labour, labour_capacity, without_labour
from households.models import Household, Member

pytestmark = pytest.mark.django_db

SKL, ORD, WK, LST, NO = (
    LabourSkill.SKILLED,
    LabourSkill.ORDINARY,
    LabourSkill.WEAK,
    LabourSkill.LOST,
    LabourSkill.NONE,
)


@pytest.mark.parametrize(
    ("skills", "capacity"),
    [
        ([ORD, NO], LabourCapacity.HAS_LABOUR),
        ([SKL], LabourCapacity.HAS_LABOUR),
        ([WK, LST], LabourCapacity.PARTIAL),
        ([LST, NO], LabourCapacity.NONE),
        ([NO], LabourCapacity.NONE),
        ([NO, ""], ""),  # a blank skill: the members do not settle it
        ([], ""),
    ],
)
def test_what_the_members_skills_settle(skills, capacity):
    assert capacity_from_skills(skills) == capacity


def set_skills(household, *skills, capacity):
    Household.objects.filter(pk=household.pk).update(labour_capacity=capacity)
    household.refresh_from_db()
    members = list(household.members.order_by("pk"))
    for member, skill in zip(members, skills, strict=True):
        Member.objects.filter(pk=member.pk).update(labour_skill=skill)
    return household


def test_a_household_typed_as_labouring_whose_members_cannot_work_has_no_labour(household_a):
    set_skills(household_a, NO, LST, NO, capacity=LabourCapacity.HAS_LABOUR)
    assert labour_capacity(household_a) == LabourCapacity.NONE
    assert has_no_labour(household_a)
    assert without_labour([household_a.pk]) == {household_a.pk}


def test_the_field_stands_where_the_members_are_blank_and_a_none_field_is_never_overruled(household_a):
    set_skills(household_a, "", NO, NO, capacity=LabourCapacity.HAS_LABOUR)
    assert labour_capacity(household_a) == LabourCapacity.HAS_LABOUR and not has_no_labour(household_a)
    set_skills(household_a, ORD, NO, NO, capacity=LabourCapacity.NONE)
    assert labour_capacity(household_a) == LabourCapacity.HAS_LABOUR  # suggestions follow the members
    assert has_no_labour(household_a)  # but no exit while the field says none
    assert without_labour([household_a.pk]) == {household_a.pk}


def test_a_deceased_labourer_does_not_count(household_a):
    set_skills(household_a, ORD, NO, NO, capacity=LabourCapacity.HAS_LABOUR)
    head = household_a.members.order_by("pk").first()
    Member.objects.filter(pk=head.pk).update(living_status=LivingStatus.DECEASED)
    assert has_no_labour(household_a)


def test_the_data_check_finds_both_kinds_of_disagreement(personas, household_a, household_b):
    set_skills(household_a, NO, LST, NO, capacity=LabourCapacity.HAS_LABOUR)
    set_skills(household_b, ORD, capacity=LabourCapacity.NONE)
    check = BY_CODE["labour_mismatch"]
    found = check_findings(actor=personas.county_officer, check=check, today=timezone.localdate())
    assert {h.head_name for h in found} == {"张大山", "王五"}
    set_skills(household_a, NO, LST, "", capacity=LabourCapacity.HAS_LABOUR)  # a blank skill: no finding
    set_skills(household_b, WK, capacity=LabourCapacity.PARTIAL)
    assert not check_findings(actor=personas.county_officer, check=check, today=timezone.localdate()).exists()


@pytest.mark.parametrize(
    ("skills", "capacity", "listed"),
    [
        ((ORD, NO, NO), LabourCapacity.PARTIAL, True),  # a full labourer: 有劳动能力, not 弱
        ((WK, NO, NO), LabourCapacity.HAS_LABOUR, True),  # only a weak labourer: 弱劳动能力
        ((WK, LST, NO), LabourCapacity.NONE, True),
        ((NO, LST, NO), LabourCapacity.PARTIAL, True),  # every skill given, no labourer: 无劳动能力
        ((SKL, WK, NO), LabourCapacity.HAS_LABOUR, False),
        ((WK, NO, LST), LabourCapacity.PARTIAL, False),
        ((WK, "", NO), LabourCapacity.PARTIAL, False),
    ],
)
def test_the_data_check_lists_every_capacity_the_members_skills_contradict(
    personas, household_a, skills, capacity, listed
):
    """The review's case: 余林财's household read 弱劳动能力 with three skilled or ordinary labourers, and the check
    (which knew only 有 against no labourer and 无 against a full one) did not list it."""
    set_skills(household_a, *skills, capacity=capacity)
    check = BY_CODE["labour_mismatch"]
    found = check_findings(actor=personas.county_officer, check=check, today=timezone.localdate())
    assert found.filter(pk=household_a.pk).exists() == listed
    if listed:
        detail = check.describe(found.get(pk=household_a.pk), timezone.localdate())
        assert f"户劳动能力为“{capacity.label}”" in detail and "按成员劳动技能应为" in detail


def test_the_labour_checks_findings_read_the_members_in_one_query_whatever_their_number(personas, county):
    """Each finding's detail looked its household's members up: one query per listed household on the page, the
    API and the ledger (thousands for a county's ledger)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from households.data_checks import findings_of
    from tests.factories import HouseholdFactory, MemberFactory

    def add(count: int) -> None:
        for _ in range(count):
            household = HouseholdFactory(village=county.village_a, labour_capacity=LabourCapacity.HAS_LABOUR)
            MemberFactory(household=household, labour_skill=NO)

    def queries() -> tuple[int, list[str]]:
        check, today = BY_CODE["labour_mismatch"], timezone.localdate()
        rows = check_findings(actor=personas.county_officer, check=check, today=today)
        with CaptureQueriesContext(connection) as captured:
            details = [finding.detail for finding in findings_of(check, rows, today)]
        return len(captured), details

    add(2)
    few, details = queries()
    add(6)
    many, more = queries()

    assert len(details) == 2 and len(more) == 8
    assert all("按成员劳动技能应为“无劳动能力”" in detail for detail in more)
    assert many == few
