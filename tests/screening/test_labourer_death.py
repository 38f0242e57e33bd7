"""000 §三(一) type 4 "主要劳动力意外死亡，造成家庭主要经济来源中断": a main labourer marked deceased within the rule's
months before the run date (the date of the mark is the date of death) puts the household on the worklist, the reason
naming the member and the date; marking the death re-screens the household."""

import datetime as dt

import pytest

from households.choices import LabourSkill, LivingStatus, Relation
from households.services import registry
from households.services.member_status import member_set_status
from screening.choices import RunKind
from screening.models import RiskFlag, ScreeningResult
from screening.services.runs import screening_run, screening_run_household
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_members(personas, county):
    """A head born 1958 and a skilled labourer born 1996, both living (demo household 1269's shape)."""
    counter = iter(range(500, 9000, 11))

    def _make(labourer_birth=dt.date(1996, 5, 1), skill=LabourSkill.SKILLED, relation=Relation.SON):
        rows = [
            member_row("王秀兰", Relation.HEAD, dt.date(1958, 1, 1), next(counter), labour_skill=LabourSkill.WEAK),
            member_row("王建军", relation, labourer_birth, next(counter), labour_skill=skill),
        ]
        household = registry.household_create(
            actor=personas.county_officer, village=county.village_a, members=rows, household_type="ordinary"
        )
        return household, household.members.get(name="王建军")

    return _make


def _die(personas, member, days_ago):
    on = today() - dt.timedelta(days=days_ago)
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=member,
        status=LivingStatus.DECEASED,
        on=on,
        reason="交通事故意外死亡",
    )
    return on


def test_a_main_labourers_death_in_the_last_twelve_months_is_hit_naming_the_member_and_date(personas, two_members):
    household, labourer = two_members()
    died_on = _die(personas, labourer, 40)

    screening_run(kind=RunKind.NIGHTLY)

    result = ScreeningResult.objects.get(household=household)
    assert result.reasons == [
        f"主要劳动力 王建军（{died_on:%Y-%m-%d} 已故），家庭主要经济来源可能中断（是否意外死亡请走访核实）"
    ]
    assert result.risk_types == ["labourer_death"]
    assert RiskFlag.objects.filter(household=household, risk_type="labourer_death", source="rule").exists()


def test_an_older_death_or_one_who_was_no_main_labourer_is_not_hit(personas, two_members):
    long_ago, labourer = two_members()
    _die(personas, labourer, 400)
    elderly, old_man = two_members(labourer_birth=dt.date(1960, 1, 1), relation=Relation.SPOUSE)  # over 64 at death
    _die(personas, old_man, 40)
    weak, weak_member = two_members(skill=LabourSkill.WEAK)
    _die(personas, weak_member, 40)

    screening_run(kind=RunKind.NIGHTLY)

    assert not ScreeningResult.objects.filter(household__in=[long_ago, elderly, weak]).exists()


def test_marking_the_death_re_screens_the_household(
    personas, two_members, monkeypatch, django_capture_on_commit_callbacks
):
    from screening import tasks

    household, labourer = two_members()
    screened: list[int] = []
    monkeypatch.setattr(tasks.screen_household, "delay", lambda household_id: screened.append(household_id))

    with django_capture_on_commit_callbacks(execute=True):
        _die(personas, labourer, 3)

    assert screened and set(screened) == {household.pk}
    screening_run_household(household=household)
    assert ScreeningResult.objects.get(household=household).rule_codes == ["LABOURER_DEATH"]


def test_a_working_age_member_whose_skill_was_never_filled_in_is_hit_with_the_blank_named(personas, two_members):
    # The go-live import and entry both leave 劳动技能 blank: a 36-year-old head's death is not passed over for it.
    household, labourer = two_members(skill="")
    died_on = _die(personas, labourer, 40)
    elderly, old_man = two_members(labourer_birth=dt.date(1950, 1, 1), skill="", relation=Relation.SPOUSE)
    _die(personas, old_man, 40)

    screening_run(kind=RunKind.NIGHTLY)

    result = ScreeningResult.objects.get(household=household)
    assert result.reasons == [
        f"主要劳动力 王建军（{died_on:%Y-%m-%d} 已故，劳动技能未填），"
        "家庭主要经济来源可能中断（是否意外死亡请走访核实）"
    ]
    assert not ScreeningResult.objects.filter(household=elderly).exists()  # over 64: no main labourer, blank or not
