"""What a cadre entering members on a phone is refused or asked (review rev-cadre findings 2, 3, 7, 8 and 12): a
deceased person's ID number, a status date before birth, ages that do not fit the relations to the head, a minor
split off as a new head, and an error hidden in the folded 更多信息."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import HouseholdType, LivingStatus, Relation
from households.models import Household, HouseholdEvent, Member
from households.services import member_status, registry
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM
from households.services.member_status import MSG_STATUS_DATE_BEFORE_BIRTH
from tests.clock import today
from tests.households.conftest import make_id, member_row
from tests.households.test_registry_import import VILLAGE_B, csv_upload, error_sheet, hn, member, run
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db


def years_ago(years: int) -> dt.date:
    on = today()
    return on.replace(year=on.year - years, day=1)


def mark_deceased(personas, member_obj, on=dt.date(2025, 3, 1)):
    return member_status.member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=member_obj,
        status=LivingStatus.DECEASED,
        on=on,
        reason="病故",
    )


def create(personas, county, rows, **kwargs):
    return registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=rows,
        household_type=HouseholdType.ORDINARY,
        **kwargs,
    )


# Finding 2: a deceased member's ID number


def test_a_deceased_members_id_number_cannot_head_a_new_household(household_a, personas, county):
    son = household_a.members.get(name="张小明")
    mark_deceased(personas, son)

    with pytest.raises(ValidationError) as raised:
        create(
            personas, county, [{**member_row("张小明", Relation.HEAD, son.birth_date, 1), "id_number": son.id_number}]
        )

    message = raised.value.message_dict["members-0-id_number"][0]
    assert f"农户 {household_a.number}（户主 张大山）的成员 张小明，已登记为已故（2025-03-01）" in message
    assert "如系误标已故，请联系县乡村振兴局核实更正" in message
    assert not Member.objects.filter(id_number=son.id_number, living_status=LivingStatus.LIVING).exists()


def test_the_page_says_whose_number_it_is_and_a_cadre_of_another_village_is_not_told_the_household(
    household_a, personas, county, login
):
    son = household_a.members.get(name="张小明")
    mark_deceased(personas, son)
    data = _household_post(county, [_member_post(0, "张小明", son.id_number, "head")])
    other = {**data, "village": county.village_b.pk}

    page = login(personas.cadre_a).post("/households/new/", data).content.decode()
    elsewhere = login(personas.cadre_b).post("/households/new/", other).content.decode()

    assert "已登记为已故（2025-03-01）" in page and household_a.number in page
    assert "其他村农户中已登记为已故的人员（2025-03-01）" in elsewhere and household_a.number not in elsewhere


def test_one_who_moved_out_may_be_registered_again_in_another_household(household_a, personas, county):
    son = household_a.members.get(name="张小明")
    member_status.member_set_status(
        left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=today(), reason="分家"
    )

    head = {
        **member_row("张小明", Relation.HEAD, son.birth_date, 1, student_stage=son.student_stage),
        "id_number": son.id_number,
    }
    household = create(personas, county, [head])  # a minor heading a household alone is not asked about

    assert household.head_name == "张小明"


def test_a_living_member_who_shares_a_deceased_number_from_before_the_rule_can_still_be_edited(household_a, personas):
    son = household_a.members.get(name="张小明")
    mark_deceased(personas, son)
    # Registered again before this rule (or imported): a living copy of the number in the same household.
    twin = Member.objects.create(
        household=household_a,
        region_path=household_a.region_path,
        name="张小明",
        id_number=son.id_number,
        relation=Relation.SON,
        sex=son.sex,
        birth_date=son.birth_date,
    )

    registry.member_update(actor=personas.cadre_a, member=twin, data={"education": "junior"})

    twin.refresh_from_db()
    assert twin.education == "junior"


def test_the_go_live_import_refuses_a_deceased_persons_number_and_takes_a_moved_out_ones(household_a, personas):
    son = household_a.members.get(name="张小明")
    spouse = household_a.members.get(name="李秀英")
    mark_deceased(personas, son)
    member_status.member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=spouse,
        status=LivingStatus.MOVED_OUT,
        on=today(),
        reason="改嫁",
    )
    rows = [
        member(hn("D1"), VILLAGE_B, "是", "张小明", son.id_number, "户主"),
        member(hn("D2"), VILLAGE_B, "是", "李秀英", spouse.id_number, "户主"),
    ]

    record = run(personas.county_officer, csv_upload(rows))

    _, reasons = error_sheet(record)
    assert not Household.objects.filter(number=hn("D1")).exists()
    assert Household.objects.get(number=hn("D2")).head_name == "李秀英"
    assert f"农户 {household_a.number}（户主 张大山）中已登记为已故的成员（2025-03-01）" in reasons[3]


# Finding 3: a status date before birth


def test_a_status_date_before_the_members_birth_is_refused(household_a, personas, login):
    son = household_a.members.get(name="张小明")
    before = son.birth_date - dt.timedelta(days=400)

    with pytest.raises(ValidationError) as raised:
        mark_deceased(personas, son, on=before)
    page = login(personas.cadre_a).get(f"/households/members/{son.pk}/status/").content.decode()

    assert raised.value.message_dict == {"on": [MSG_STATUS_DATE_BEFORE_BIRTH.format(birth=son.birth_date)]}
    assert f'min="{son.birth_date:%Y-%m-%d}"' in page and f'max="{today():%Y-%m-%d}"' in page


# Finding 8: ages that do not fit the relations are asked about, not refused


def test_a_minor_head_with_a_spouse_is_asked_about_and_saved_once_confirmed(personas, county):
    rows = [
        member_row("童小华", Relation.HEAD, years_ago(11), 31),
        member_row("童大凤", Relation.SPOUSE, years_ago(46), 42),
    ]

    with pytest.raises(ValidationError) as raised:
        create(personas, county, rows)
    household = create(personas, county, rows, confirm_unusual=True)

    errors = raised.value.message_dict
    assert "户主童小华未满18周岁（11岁），却登记有配偶童大凤" in errors["members-1-relation"][0]
    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM]
    event = HouseholdEvent.objects.get(household=household)
    assert "已核实确认：户主童小华未满18周岁" in event.summary


@pytest.mark.parametrize(
    ("relation", "born_years_ago", "sequence", "expected"),
    [
        (Relation.SON, 70, 11, "却比户主龚志强"),  # 之子 older than the head
        (Relation.MOTHER, 20, 12, "却比户主龚志强"),  # 之母 younger than the head
        (Relation.SPOUSE, 19, 12, "配偶龚小丽19岁，未到法定婚龄（女20周岁）"),
    ],
)
def test_a_relation_the_ages_contradict_is_asked_about(personas, county, relation, born_years_ago, sequence, expected):
    rows = [
        member_row("龚志强", Relation.HEAD, years_ago(40), 13),
        member_row("龚小丽", relation, years_ago(born_years_ago), sequence),
    ]

    with pytest.raises(ValidationError) as raised:
        create(personas, county, rows)

    assert expected in raised.value.message_dict["members-1-relation"][0]
    assert CONFIRM_FIELD in raised.value.message_dict


def test_a_wife_of_twenty_and_a_young_son_are_not_asked_about(personas, county):
    rows = [
        member_row("龚志强", Relation.HEAD, years_ago(30), 13),
        member_row("龚小丽", Relation.SPOUSE, years_ago(20), 12),
        member_row("龚小宝", Relation.SON, years_ago(2), 15),
    ]

    assert create(personas, county, rows).head_name == "龚志强"


def test_the_household_page_shows_the_question_and_the_box_and_saves_when_ticked(personas, county, login):
    client = login(personas.cadre_a)
    data = _household_post(
        county,
        [
            _member_post(0, "龚志强", make_id(years_ago(40), 13), "head"),
            _member_post(1, "龚老大", make_id(years_ago(70), 11), "son"),
        ],
    )

    asked = client.post("/households/new/", data).content.decode()
    saved = client.post("/households/new/", {**data, CONFIRM_FIELD: "on"})

    assert "却比户主龚志强" in asked and "仍要保存" in asked and MSG_CONFIRM in asked
    assert saved.status_code == 302 and Household.objects.filter(head_name="龚志强").exists()


def old_son(household):
    """An old record, from before this rule (or imported): the son's ID number says he was born before the head."""
    Member.objects.filter(household=household, name="张小明").update(
        id_number=make_id(dt.date(1950, 1, 1), 33), birth_date=dt.date(1950, 1, 1)
    )


def test_adding_a_member_is_asked_only_about_the_new_one_not_about_an_old_record(household_a, personas, login):
    # An old record: the son's birth date older than the head's (from before this rule).
    old_son(household_a)
    client = login(personas.cadre_a)
    post = _member_post(0, "张小红", make_id(years_ago(8), 24), "daughter") | {"members-0-student_stage": "primary"}
    data = {key.removeprefix("members-0-"): value for key, value in post.items()} | {
        "joined_reason": "moved_in",
        "joined_on": f"{today():%Y-%m-%d}",
    }

    response = client.post(f"/households/{household_a.pk}/members/new/", data)

    assert response.status_code == 302


def test_editing_an_old_record_asks_only_when_the_relation_or_id_number_changes(household_a, personas):
    son = household_a.members.get(name="张小明")
    old_son(household_a)
    head = household_a.members.get(relation=Relation.HEAD)

    # A health update (as an alert's verification writes it) of the son, and of the head, is not asked about.
    registry.member_update(actor=personas.cadre_a, member=son, data={"health": "chronic"})
    registry.member_update(actor=personas.cadre_a, member=head, data={"health": "chronic"})
    with pytest.raises(ValidationError) as raised:
        registry.member_update(
            actor=personas.cadre_a, member=head, data={"id_number": make_id(dt.date(1990, 1, 1), 17)}
        )

    assert CONFIRM_FIELD in raised.value.message_dict


def test_adding_a_father_younger_than_the_head_asks_on_the_member_page(household_a, personas, login):
    client = login(personas.cadre_a)
    post = _member_post(0, "张老汉", make_id(years_ago(30), 15), "father")
    data = {key.removeprefix("members-0-"): value for key, value in post.items()} | {
        "joined_reason": "moved_in",
        "joined_on": f"{today():%Y-%m-%d}",
    }

    asked = client.post(f"/households/{household_a.pk}/members/new/", data).content.decode()
    saved = client.post(f"/households/{household_a.pk}/members/new/", {**data, CONFIRM_FIELD: "on"})

    assert "与户主关系为“之父”，却比户主张大山" in asked and 'name="confirm_unusual"' in asked
    assert saved.status_code == 302 and household_a.members.filter(name="张老汉").exists()


# Findings 8 and 12: the split


def test_a_minor_split_off_as_a_new_head_is_asked_about_and_the_split_page_asks_before_splitting(
    household_a, personas, login
):
    son = household_a.members.get(name="张小明")  # born 2012
    client = login(personas.cadre_a)
    data = {"members": [son.pk], "new_head": son.pk}

    # The first round chooses (the relations to the new head are asked next): the round that saves confirms.
    page = client.post(f"/households/{household_a.pk}/split/", data).content.decode()
    data["relations_for"] = f"{son.pk}:{son.pk}"
    asked = client.post(f"/households/{household_a.pk}/split/", data).content.decode()
    saved = client.post(f"/households/{household_a.pk}/split/", {**data, CONFIRM_FIELD: "on"})

    assert "data-confirm-rules=" in page and "分出为新户，户主" in page and "人均纯收入将重算" in page
    assert "新户主张小明未满18周岁" in asked and "仍要保存" in asked
    assert saved.status_code == 302
    son.refresh_from_db()
    assert son.household_id != household_a.pk and son.relation == Relation.HEAD
    assert "已核实确认：新户主张小明未满18周岁" in HouseholdEvent.objects.get(household=son.household).summary


# Finding 7: an error in 更多信息


def test_an_error_in_the_folded_fields_opens_them_and_the_months_field_stops_at_twelve(household_a, personas, login):
    son = household_a.members.get(name="张小明")
    client = login(personas.cadre_a)
    post = _member_post(0, son.name, son.id_number, "son")
    data = (
        {key.removeprefix("members-0-"): value for key, value in post.items()}
        | {"joined_reason": "moved_in"}
        | {
            "employment_months": "13",
            "student_stage": "junior",
        }
    )

    fresh = client.get(f"/households/members/{son.pk}/edit/").content.decode()
    page = client.post(f"/households/members/{son.pk}/edit/", data).content.decode()

    # 张小明 is 14: the page's script opens 更多信息 for a school-age child (data-school-ages), the server does not.
    assert '<details class="more" data-school-ages="6-14">' in fresh and 'max="12"' in fresh
    assert '<details class="more" open data-school-ages="6-14">' in page and "务工时间应在0到12个月之间" in page
