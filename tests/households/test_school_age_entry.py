"""A school-age child entered as 非在校生 is asked about at entry, as the 数据逻辑校验 "义务教育适龄儿童未登记在校"
would list the child the day after (review rev-cadre finding 10); the cadre confirms and saves. Both read one
definition of school age (households.services.school_age)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import Health, HouseholdType, Relation, StudentStage
from households.data_checks import BY_CODE, check_findings, years_before
from households.member_rules import (
    STAGE_AGES,
    compulsory_school_age,
    member_rule_errors,
    school_year_cutoff,
)
from households.models import HouseholdEvent, Member
from households.services import registry
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM
from tests.clock import today
from tests.households.conftest import make_id, member_row
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db


def born(age: int) -> dt.date:
    return years_before(today(), age) - dt.timedelta(days=1)


def create(personas, county, rows, **kwargs):
    return registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=rows,
        household_type=HouseholdType.ORDINARY,
        **kwargs,
    )


def head_and_child(age: int, **child) -> list[dict]:
    return [
        member_row("王建军", Relation.HEAD, born(40), 13),
        member_row("王思琪", Relation.DAUGHTER, born(age), 24, **child),
    ]


def test_a_school_age_child_as_non_pupil_is_asked_about_and_saved_once_confirmed(personas, county):
    rows = head_and_child(11, student_stage=StudentStage.NONE)

    with pytest.raises(ValidationError) as raised:
        create(personas, county, rows)
    household = create(personas, county, rows, confirm_unusual=True)

    errors = raised.value.message_dict
    expected = "王思琪 11 岁，在校生情况为“非在校生”：义务教育适龄儿童请核实是否失学辍学"
    assert expected in errors["members-1-student_stage"][0]
    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM]
    assert "已核实确认：王思琪 11 岁" in HouseholdEvent.objects.get(household=household).summary


def test_a_row_without_a_stage_is_saved_as_non_pupil_and_so_is_asked_about(personas, county):
    with pytest.raises(ValidationError) as raised:
        create(personas, county, head_and_child(11))

    assert "members-1-student_stage" in raised.value.message_dict


@pytest.mark.parametrize(
    "child",
    [
        {"student_stage": StudentStage.PRIMARY},
        {"student_stage": StudentStage.NONE, "health": Health.DISABLED, "disability_grade": "1"},  # 送教上门
    ],
)
def test_a_pupil_and_a_severely_disabled_child_are_not_asked_about(personas, county, child):
    assert create(personas, county, head_and_child(11, **child)).members.count() == 2


def _born_at_cutoff(years: int, days: int = 0) -> dt.date:
    """Born `years` before the 31 August that opened this school year, `days` later."""
    return years_before(school_year_cutoff(today()), years) + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("birth", "compulsory"),
    [
        ((6, 1), False),  # 6 on 1 September: starts school next year
        ((6, 0), True),  # 6 on 31 August: in grade 1 since 1 September
        ((15, 1), True),  # 15 on 1 September: in grade 9
        ((15, 0), False),  # 15 on 31 August: finished grade 9 last school year
    ],
)
def test_entry_asks_about_exactly_the_children_the_data_check_lists(personas, county, birth, compulsory):
    rows = [
        member_row("王建军", Relation.HEAD, born(40), 13),
        member_row("王思琪", Relation.DAUGHTER, _born_at_cutoff(*birth), 24, student_stage=StudentStage.NONE),
    ]
    try:
        create(personas, county, rows)
        asked = False
    except ValidationError:
        asked = True
        create(personas, county, rows, confirm_unusual=True)

    listed = check_findings(actor=personas.cadre_a, check=BY_CODE["not_enrolled"], today=today())

    assert asked == compulsory
    assert asked == listed.filter(name="王思琪").exists()


@pytest.mark.parametrize(
    ("on", "compulsory"),
    [
        (dt.date(2026, 8, 31), False),  # 6 years old, but the school year she starts in begins tomorrow
        (dt.date(2026, 9, 1), True),  # grade 1 (6 by 31 August 2026)
        (dt.date(2035, 6, 30), True),  # grade 9
        (dt.date(2035, 9, 1), False),  # nine years done
    ],
)
def test_a_child_born_in_february_is_of_compulsory_age_from_the_september_she_is_six(on, compulsory):
    assert compulsory_school_age(dt.date(2020, 2, 5), on) is compulsory


def test_a_child_born_on_1_september_starts_a_year_later():
    assert not compulsory_school_age(dt.date(2020, 9, 1), dt.date(2026, 9, 1))
    assert compulsory_school_age(dt.date(2020, 8, 31), dt.date(2026, 9, 1))


@pytest.mark.parametrize("years", [6, 15])
@pytest.mark.parametrize("days", [0, 1, 364])
def test_every_child_of_compulsory_age_may_be_entered_as_a_primary_or_junior_pupil(years, days):
    """What entry's question asks for (a stage) is never refused by the stage's ages (member_rules.stage_age)."""
    for on in (dt.date(2026, 9, 1), dt.date(2027, 8, 31)):
        birth = years_before(school_year_cutoff(on), years) + dt.timedelta(days=days)
        if not compulsory_school_age(birth, on):
            continue
        stages = [StudentStage.PRIMARY, StudentStage.JUNIOR]
        allowed = [s for s in stages if not member_rule_errors({"birth_date": birth, "student_stage": s}, today=on)]
        assert allowed, (birth, on, STAGE_AGES)


def test_the_new_household_page_asks_opens_more_info_and_saves_when_ticked(personas, county, login):
    client = login(personas.cadre_a)
    data = _household_post(
        county,
        [
            _member_post(0, "王建军", make_id(born(40), 13), "head"),
            _member_post(1, "王思琪", make_id(born(11), 24), "daughter"),
        ],
    )

    asked = client.post("/households/new/", data).content.decode()
    saved = client.post("/households/new/", {**data, CONFIRM_FIELD: "on"})

    assert "王思琪 11 岁，在校生情况为“非在校生”" in asked and MSG_CONFIRM in asked
    assert '<details class="more" open data-school-ages="6-14">' in asked
    assert saved.status_code == 302 and Member.objects.filter(name="王思琪").exists()


def test_adding_a_school_age_child_on_the_member_page_asks_then_saves(household_a, personas, login):
    client = login(personas.cadre_a)
    post = _member_post(0, "张小红", make_id(born(9), 24), "daughter")
    data = {key.removeprefix("members-0-"): value for key, value in post.items()} | {
        "joined_reason": "moved_in",
        "joined_on": f"{today():%Y-%m-%d}",
    }

    asked = client.post(f"/households/{household_a.pk}/members/new/", data).content.decode()
    saved = client.post(f"/households/{household_a.pk}/members/new/", {**data, CONFIRM_FIELD: "on"})

    assert "张小红 9 岁，在校生情况为“非在校生”" in asked and 'name="confirm_unusual"' in asked
    assert saved.status_code == 302 and household_a.members.filter(name="张小红").exists()


def test_editing_asks_when_the_stage_is_set_to_non_pupil_not_at_an_unrelated_update(household_a, personas):
    son = household_a.members.get(name="张小明")  # born 2012, a junior-school pupil

    registry.member_update(actor=personas.cadre_a, member=son, data={"health": "chronic"})
    with pytest.raises(ValidationError) as raised:
        registry.member_update(actor=personas.cadre_a, member=son, data={"student_stage": StudentStage.NONE})
    registry.member_update(
        actor=personas.cadre_a, member=son, data={"student_stage": StudentStage.NONE}, confirm_unusual=True
    )

    assert "在校生情况为“非在校生”" in raised.value.message_dict["student_stage"][0]
    son.refresh_from_db()
    assert son.student_stage == StudentStage.NONE
