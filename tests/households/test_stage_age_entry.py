"""A pupil's school stage against the age (在校学段与年龄不符): the data check lists it as a 逻辑错误, so the household
and member forms and the API refuse it at the 在校生情况 field, with the check's ages (households.member_rules
STAGE_AGES), and what they save is not listed right after."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import Relation, StudentStage
from households.data_checks import BY_CODE, check_findings
from households.member_rules import MSG_STAGE_AGE, STAGE_AGES, member_rule_errors, years_before
from households.models import Household, Member
from households.services import registry
from tests.clock import today
from tests.factories import MemberFactory
from tests.households.conftest import make_id, member_row
from tests.households.page_form import page_form
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db

SIX_IN_JUNIOR = MSG_STAGE_AGE.format(age=6, stage="初中", low=10, high=18)


def born(age: int) -> dt.date:
    """Someone `age` years old today, a month past their birthday."""
    return years_before(today(), age) - dt.timedelta(days=30)


def _rows(stage: str, age: int = 6) -> list[dict]:
    return [
        _member_post(0, "吴甲", make_id(born(40), 13), "head"),
        _member_post(1, "吴丁", make_id(born(age), 15), "son") | {"members-1-student_stage": stage},
    ]


def test_the_new_household_page_refuses_a_six_year_old_at_junior_school_at_the_field(personas, county, login):
    client = login(personas.cadre_a)

    refused = client.post("/households/new/", _household_post(county, _rows(StudentStage.JUNIOR))).content.decode()

    assert SIX_IN_JUNIOR in refused
    assert '<details class="more" open' in refused  # the field is shown, under 更多信息
    assert not Member.objects.filter(name="吴丁").exists()
    listed = check_findings(actor=personas.cadre_a, check=BY_CODE["stage_age"], today=today())
    assert not listed.exists()


def test_the_new_household_page_saves_the_child_at_primary_school(personas, county, login):
    client = login(personas.cadre_a)

    saved = client.post("/households/new/", _household_post(county, _rows(StudentStage.PRIMARY)))

    assert saved.status_code == 302 and Member.objects.filter(name="吴丁").exists()


def test_the_member_pages_refuse_it_on_adding_and_on_editing(household_a, personas, login):
    client = login(personas.cadre_a)
    post = _member_post(0, "吴丁", make_id(born(6), 15), "son") | {"members-0-student_stage": StudentStage.JUNIOR}
    data = {key.removeprefix("members-0-"): value for key, value in post.items()} | {"joined_reason": "moved_in"}
    child = MemberFactory(household=household_a, name="吴丙", relation=Relation.SON, birth_date=born(6))
    child.student_stage = StudentStage.PRIMARY
    child.save()

    added = client.post(f"/households/{household_a.pk}/members/new/", data).content.decode()
    form = page_form(client.get(f"/households/members/{child.pk}/edit/"))
    edited = client.post(
        f"/households/members/{child.pk}/edit/", form | {"student_stage": [StudentStage.JUNIOR]}
    ).content.decode()

    assert SIX_IN_JUNIOR in added and not Member.objects.filter(name="吴丁").exists()
    assert SIX_IN_JUNIOR in edited
    child.refresh_from_db()
    assert child.student_stage == StudentStage.PRIMARY


def test_the_api_refuses_it_on_creating_a_household_a_member_and_on_update(household_a, personas, login, county):
    client = login(personas.cadre_a)
    household = {
        "village": county.village_a.code,
        "household_type": "ordinary",
        "members": [
            {"name": "吴甲", "id_number": make_id(born(40), 13), "relation": "head"},
            {"name": "吴丁", "id_number": make_id(born(6), 15), "relation": "son", "student_stage": "junior"},
        ],
    }
    member = household["members"][1] | {"household": household_a.pk, "medical_insurance": True}
    member["joined_reason"] = "moved_in"
    child = MemberFactory(household=household_a, name="吴丙", relation=Relation.SON, birth_date=born(6))

    created = client.post("/api/v1/households/", household, content_type="application/json")
    added = client.post("/api/v1/members/", member, content_type="application/json")
    patched = client.patch(f"/api/v1/members/{child.pk}/", {"student_stage": "junior"}, content_type="application/json")

    assert created.status_code == 400, created.content
    assert created.json()["members"] == {"1": {"student_stage": [SIX_IN_JUNIOR]}}
    assert added.status_code == 400 and added.json()["student_stage"] == [SIX_IN_JUNIOR]
    assert patched.status_code == 400 and patched.json()["student_stage"] == [SIX_IN_JUNIOR]
    assert not Household.objects.filter(head_name="吴甲").exists() and not Member.objects.filter(name="吴丁").exists()


def test_a_pupil_grown_out_of_the_stage_does_not_block_an_unrelated_update(household_a, personas):
    """Time makes a pupil too old for the stage on file: the check lists it; a health update (an alert's
    verification) still goes through, and changing the stage is what clears it."""
    grown = MemberFactory(household=household_a, name="吴大", relation=Relation.SON, birth_date=born(20))
    Member.objects.filter(pk=grown.pk).update(student_stage=StudentStage.JUNIOR)
    grown.refresh_from_db()

    registry.member_update(actor=personas.cadre_a, member=grown, data={"health": "chronic"})
    with pytest.raises(ValidationError) as raised:
        registry.member_update(actor=personas.cadre_a, member=grown, data={"student_stage": StudentStage.PRIMARY})
    registry.member_update(actor=personas.cadre_a, member=grown, data={"student_stage": StudentStage.NONE})

    assert raised.value.message_dict["student_stage"] == [MSG_STAGE_AGE.format(age=20, stage="小学", low=5, high=15)]
    assert Member.objects.get(pk=grown.pk).health == "chronic"


def test_entry_refuses_exactly_the_stages_and_ages_the_check_lists(household_a, personas, county):
    cases = [(age, stage) for age in range(0, 41) for stage in StudentStage.values]
    members = Member.objects.bulk_create(
        MemberFactory.build(
            household=household_a,
            region_path=household_a.region_path,
            name=f"例{i}",
            relation=Relation.SON,
            birth_date=born(age),
            student_stage=stage,
        )
        for i, (age, stage) in enumerate(cases)
    )
    listed = {m.name for m in check_findings(actor=personas.county_officer, check=BY_CODE["stage_age"], today=today())}

    for member in members:
        row = {"birth_date": member.birth_date, "student_stage": member.student_stage}
        refused = {code for code, _, _ in member_rule_errors(row, today=today())} == {"stage_age"}
        assert refused == (member.name in listed), (member.name, row)
    assert len(listed) == sum(
        not low <= age <= high for age, stage in cases for low, high in [STAGE_AGES.get(stage, (0, 99))]
    )


def test_registering_through_the_service_refuses_it_too(personas, county):
    rows = [
        member_row("吴甲", Relation.HEAD, born(40), 13),
        member_row("吴丁", Relation.SON, born(6), 15, student_stage=StudentStage.JUNIOR),
    ]

    with pytest.raises(ValidationError) as raised:
        registry.household_create(
            actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
        )

    assert raised.value.message_dict["members-1-student_stage"] == [SIX_IN_JUNIOR]
