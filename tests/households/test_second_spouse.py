"""One living 配偶 per household (review fx_member finding 1). The head's hand-over refused two spouses
(MSG_TWO_SPOUSES), but the member form, the API, a move-in and an undone mark took a second one silently; and after
a head change a deceased 配偶 of the old head still read as the new head's spouse."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import HouseholdType, LivingStatus, Relation
from households.data_checks import BY_CODE, check_findings
from households.models import HouseholdEvent, Member
from households.services import registry
from households.services.head_change import head_change
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from households.services.members import MSG_SECOND_SPOUSE
from households.services.moves import member_transfer
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import make_id, member_row
from tests.households.test_member_rules_entry import member_post

pytestmark = pytest.mark.django_db
R = Relation
SECOND_TO_LI = MSG_SECOND_SPOUSE.format(name="李秀英")


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _mark_deceased(personas, member, **kwargs):
    return member_set_status(
        left_reason="work", actor=personas.cadre_a, member=member, status=LivingStatus.DECEASED, on=today(), **kwargs
    )


def test_the_member_page_refuses_a_second_spouse_until_the_first_is_marked_deceased(household_a, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/members/new/"
    data = member_post("王桂花", make_id(dt.date(1975, 1, 1), 42), relation="spouse")

    refused = client.post(url, data).content.decode()
    assert SECOND_TO_LI in refused
    assert not Member.objects.filter(name="王桂花").exists()

    _mark_deceased(personas, household_a.members.get(name="李秀英"))
    client.post(url, data)
    assert household_a.members.get(name="王桂花").relation == R.SPOUSE


def test_the_api_refuses_a_second_spouse_added_or_edited_in(household_a, personas, login):
    client = login(personas.cadre_a)
    row = {**member_row("王桂花", "spouse", dt.date(1975, 1, 1), 42), "household": household_a.pk}
    son = household_a.members.get(name="张小明")

    added = _post(client, "/api/v1/members/", row)
    edited = client.patch(f"/api/v1/members/{son.pk}/", {"relation": "spouse"}, content_type="application/json")

    assert added.status_code == 400 and added.json()["relation"] == [SECOND_TO_LI]
    assert edited.status_code == 400 and SECOND_TO_LI in edited.json()["relation"]  # and: a 14-year-old
    son.refresh_from_db()
    assert son.relation == R.SON and not Member.objects.filter(name="王桂花").exists()


def test_a_new_household_with_two_spouses_is_refused_at_the_second(personas, county, login):
    members = [
        member_row("孙大", "head", dt.date(1970, 2, 2), 17),
        member_row("钱一", "spouse", dt.date(1972, 2, 2), 28),
        member_row("钱二", "spouse", dt.date(1974, 2, 2), 26),
    ]
    body = {"village": county.village_a.code, "household_type": "ordinary", "members": members}

    response = _post(login(personas.cadre_a), "/api/v1/households/", body)

    assert response.status_code == 400
    assert response.json()["members"] == {"2": {"relation": [MSG_SECOND_SPOUSE.format(name="钱一")]}}


def test_an_imported_household_with_two_spouses_stays_editable_and_is_listed_by_the_data_check(personas, county):
    household = HouseholdFactory(village=county.village_a)
    MemberFactory(household=household, name="户主甲", relation=R.HEAD)
    first = MemberFactory(household=household, name="配偶甲", relation=R.SPOUSE, sex="female")
    MemberFactory(household=household, name="配偶乙", relation=R.SPOUSE, sex="female")
    MemberFactory(household=household, name="配偶丙", relation=R.SPOUSE, living_status=LivingStatus.DECEASED)

    registry.member_update(actor=personas.cadre_a, member=first, data={"name": "配偶丁"})
    check = BY_CODE["second_spouse"]
    found = list(check_findings(actor=personas.cadre_a, check=check, today=today()))

    assert {m.name for m in found} == {"配偶丁", "配偶乙"}
    assert check.label == "一户登记有两名及以上配偶" and check.kind_label == "逻辑错误"


def test_a_member_moving_in_as_spouse_where_one_lives_is_refused(household_a, personas, county):
    other = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[
            member_row("郑大", R.HEAD, dt.date(1950, 3, 3), 75),
            member_row("郑二", R.DAUGHTER, dt.date(1971, 1, 1), 78),
        ],
        household_type=HouseholdType.ORDINARY,
    )
    daughter = other.members.get(name="郑二")

    with pytest.raises(ValidationError) as raised:
        member_transfer(actor=personas.cadre_a, member=daughter, target=household_a, relation=R.SPOUSE)

    assert raised.value.message_dict["relation"] == [SECOND_TO_LI]
    daughter.refresh_from_db()
    assert daughter.household_id == other.pk


def test_undoing_a_wrong_death_mark_of_a_spouse_is_refused_while_another_spouse_lives(household_a, personas, login):
    first = household_a.members.get(name="李秀英")
    _mark_deceased(personas, first)
    login(personas.cadre_a).post(
        f"/households/{household_a.pk}/members/new/",
        member_post("王桂花", make_id(dt.date(1975, 1, 1), 42), relation="spouse"),
    )

    with pytest.raises(ValidationError) as raised:
        member_restore(actor=personas.cadre_a, member=first, reason="误标", relation=R.SPOUSE)

    assert raised.value.message_dict["relation"] == [MSG_SECOND_SPOUSE.format(name="王桂花")]
    first.refresh_from_db()
    assert first.living_status == LivingStatus.DECEASED


@pytest.fixture
def remarried(personas, county):
    """龚志强户: the head, his late first wife 刘春兰 (deceased), his second wife 陈美玲 and his grown-up son."""
    rows = [
        member_row("龚志强", R.HEAD, dt.date(1955, 3, 1), 11),
        member_row("刘春兰", R.SPOUSE, dt.date(1957, 5, 2), 22),
        member_row("龚大伟", R.SON, dt.date(1980, 8, 8), 41),
    ]
    household = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )
    _mark_deceased(personas, household.members.get(name="刘春兰"))
    registry.member_add(
        reason="moved_in",
        actor=personas.cadre_a,
        household=household,
        data=member_row("陈美玲", R.SPOUSE, dt.date(1962, 4, 4), 24),
    )
    return household


def test_when_the_son_takes_over_his_late_mother_is_named_his_mother_not_his_spouse(remarried, personas):
    people = {m.name: m for m in remarried.members.all()}
    stepmother = people["陈美玲"]

    _mark_deceased(personas, people["龚志强"], new_head=people["龚大伟"], relations={stepmother.pk: R.MOTHER})

    late = Member.objects.get(pk=people["刘春兰"].pk)
    assert late.relation == R.MOTHER and late.relation_label == "之母"
    assert remarried.members.filter(relation=R.SPOUSE).count() == 0
    assert HouseholdEvent.objects.filter(
        household=remarried, summary="户主变更，刘春兰 与新户主 龚大伟 的关系改为“之母”"
    ).exists()


def test_when_the_second_wife_takes_over_the_late_first_wife_becomes_other(remarried, personas):
    people = {m.name: m for m in remarried.members.all()}

    head_change(
        actor=personas.cadre_a,
        household=remarried,
        new_head=people["陈美玲"],
        relations={people["龚志强"].pk: R.SPOUSE, people["龚大伟"].pk: R.SON},
    )

    late = Member.objects.get(pk=people["刘春兰"].pk)
    assert late.relation == R.OTHER
    assert list(remarried.members.filter(relation=R.SPOUSE).values_list("name", flat=True)) == ["龚志强"]
