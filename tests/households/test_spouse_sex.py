"""A 配偶 of the head's own sex (review: accepted silently at member add, move-in and edit, and not listed by the
data checks): refused where a relation against the member's own sex is, and listed for records already on file."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import HouseholdType, LivingStatus, Relation
from households.data_checks import BY_CODE, check_findings
from households.models import Member
from households.services import registry
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from households.services.moves import member_transfer
from households.services.relations import MSG_SPOUSE_SEX
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import make_id, member_row
from tests.households.test_member_rules_entry import member_post

pytestmark = pytest.mark.django_db
R = Relation
# household_a's head 张大山 is a man (his ID number's sequence 11 is odd).
SAME_AS_ZHANG = MSG_SPOUSE_SEX.format(head="张大山", sex="男")


def _widowed(household, personas):
    """household_a with its 配偶 李秀英 marked deceased: a second spouse would not be the refusal."""
    wife = household.members.get(name="李秀英")
    member_set_status(left_reason="work", actor=personas.cadre_a, member=wife, status=LivingStatus.DECEASED, on=today())
    return wife


def test_the_member_page_and_the_api_refuse_a_spouse_of_the_heads_sex(household_a, personas, login):
    _widowed(household_a, personas)
    client = login(personas.cadre_a)

    page = client.post(
        f"/households/{household_a.pk}/members/new/",
        member_post("王建国", make_id(dt.date(1970, 1, 1), 43), relation="spouse"),
    )
    api = client.post(
        "/api/v1/members/",
        {**member_row("王建民", "spouse", dt.date(1971, 1, 1), 45), "household": household_a.pk},
        content_type="application/json",
    )

    assert SAME_AS_ZHANG in page.content.decode()
    assert api.status_code == 400 and api.json()["relation"] == [SAME_AS_ZHANG]
    assert not Member.objects.filter(name__in=["王建国", "王建民"]).exists()


def test_editing_a_son_into_the_spouse_is_refused(household_a, personas, login):
    _widowed(household_a, personas)
    son = household_a.members.get(name="张小明")

    with pytest.raises(ValidationError) as raised:
        registry.member_update(actor=personas.cadre_a, member=son, data={"relation": R.SPOUSE})

    assert SAME_AS_ZHANG in raised.value.messages
    son.refresh_from_db()
    assert son.relation == R.SON


def test_a_new_household_whose_head_and_spouse_are_both_women_is_refused(personas, county, login):
    members = [
        member_row("孙丽", "head", dt.date(1970, 2, 2), 18),
        member_row("钱芳", "spouse", dt.date(1972, 2, 2), 28),
    ]
    body = {"village": county.village_a.code, "household_type": "ordinary", "members": members}

    response = login(personas.cadre_a).post("/api/v1/households/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["members"] == {"1": {"relation": [MSG_SPOUSE_SEX.format(head="孙丽", sex="女")]}}


def test_a_man_moving_in_or_restored_as_the_spouse_of_a_male_head_is_refused(household_a, personas, county):
    wife = _widowed(household_a, personas)
    other = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[
            member_row("郑大", R.HEAD, dt.date(1950, 3, 3), 75),
            member_row("郑二", R.SON, dt.date(1971, 1, 1), 77),
        ],
        household_type=HouseholdType.ORDINARY,
    )
    son = other.members.get(name="郑二")

    with pytest.raises(ValidationError) as moved:
        member_transfer(actor=personas.cadre_a, member=son, target=household_a, relation=R.SPOUSE)
    # The wife's sex on file wrong (an import): undoing her death mark as 配偶 is refused the same way.
    Member.objects.filter(pk=wife.pk).update(sex="male")
    with pytest.raises(ValidationError) as restored:
        member_restore(actor=personas.cadre_a, member=wife, relation=R.SPOUSE, reason="误标已故")

    assert moved.value.message_dict["relation"] == [SAME_AS_ZHANG]
    assert restored.value.message_dict["relation"] == [SAME_AS_ZHANG]
    son.refresh_from_db()
    assert son.household_id == other.pk


def test_the_data_check_lists_a_living_spouse_of_the_living_heads_sex(personas, county):
    household = HouseholdFactory(village=county.village_a)
    MemberFactory(household=household, name="户主甲", relation=R.HEAD, sex="male")
    listed = MemberFactory(household=household, name="配偶甲", relation=R.SPOUSE, sex="male")
    fine = HouseholdFactory(village=county.village_a)
    MemberFactory(household=fine, name="户主乙", relation=R.HEAD, sex="male")
    MemberFactory(household=fine, name="配偶乙", relation=R.SPOUSE, sex="female")

    check = BY_CODE["spouse_sex"]
    found = list(check_findings(actor=personas.cadre_a, check=check, today=today()))

    assert [m.pk for m in found] == [listed.pk]
    assert check.label == "配偶与户主性别相同" and check.kind_label == "逻辑错误"
    assert check.describe(found[0], today()) == "与户主关系为“配偶”，与户主同为男性"
