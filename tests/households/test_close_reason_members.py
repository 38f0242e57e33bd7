"""农户注销's reason agrees with the members (review registry finding 1): 全户死亡 needs every member 已故 and 全户迁出
every member 迁出 — a mix is 其他 with a note. A contradicting reason is refused at the reason field, naming the
members that contradict it, on the page and in the API (the service holds the rule); the page preselects the reason
the members' statuses name."""

import datetime as dt
import re

import pytest

from households.choices import LivingStatus, Relation
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deceased(county):
    """A household whose only member, its head, died."""
    household = HouseholdFactory(village=county.village_a, head_name="段娜珍")
    MemberFactory(household=household, name="段娜珍", relation=Relation.HEAD, living_status=LivingStatus.DECEASED)
    return household


@pytest.fixture
def mixed(county):
    """A household whose head died and whose son moved out."""
    household = HouseholdFactory(village=county.village_a, head_name="吴老汉")
    MemberFactory(household=household, name="吴老汉", relation=Relation.HEAD, living_status=LivingStatus.DECEASED)
    MemberFactory(
        household=household,
        name="吴小军",
        relation=Relation.SON,
        birth_date=dt.date(1990, 5, 1),
        living_status=LivingStatus.MOVED_OUT,
    )
    return household


def _checked(page: str) -> list[str]:
    return re.findall(r'<input type="radio" name="reason" value="(\w+)"[^>]*checked', page)


def test_moved_out_for_a_household_whose_member_died_is_refused_naming_the_member(deceased, personas, login):
    client = login(personas.township)

    page = client.post(f"/households/{deceased.pk}/close/", {"reason": "all_moved_out"}).content.decode()

    assert "注销原因“全户迁出”与成员状态不符：段娜珍（已故）不是迁出。该户成员均为已故，请选择“全户死亡”。" in page
    deceased.refresh_from_db()
    assert deceased.is_active and deceased.closed_reason == ""
    assert _checked(page) == ["all_moved_out"]  # the choice made stays, shown with its error


def test_the_page_preselects_the_reason_the_members_name_and_closes_with_it(deceased, mixed, personas, login):
    client = login(personas.township)

    assert _checked(client.get(f"/households/{deceased.pk}/close/").content.decode()) == ["all_deceased"]
    assert _checked(client.get(f"/households/{mixed.pk}/close/").content.decode()) == ["other"]
    closed = client.post(f"/households/{deceased.pk}/close/", {"reason": "all_deceased"})

    assert closed.status_code == 302
    deceased.refresh_from_db()
    assert (deceased.is_active, deceased.closed_reason) == (False, "全户死亡")


def test_a_mix_is_closed_as_other_with_a_note_and_not_as_either_whole_reason(mixed, personas, login):
    client = login(personas.township)

    died = client.post(f"/households/{mixed.pk}/close/", {"reason": "all_deceased"}).content.decode()
    moved = client.post(f"/households/{mixed.pk}/close/", {"reason": "all_moved_out"}).content.decode()
    other = client.post(f"/households/{mixed.pk}/close/", {"reason": "other", "note": "户主病故，儿子迁往南昌"})

    assert "吴小军（迁出）不是已故" in died and "有已故也有迁出的，请选择“其他”" in died
    assert "吴老汉（已故）不是迁出" in moved and "有已故也有迁出的，请选择“其他”" in moved
    assert other.status_code == 302
    mixed.refresh_from_db()
    assert mixed.closed_reason == "其他：户主病故，儿子迁往南昌"


def test_the_api_refuses_a_contradicting_reason_at_the_reason_field(deceased, personas, login):
    client = login(personas.county_officer)

    refused = client.post(f"/api/v1/households/{deceased.pk}/close/", {"reason": "all_moved_out"})
    closed = client.post(f"/api/v1/households/{deceased.pk}/close/", {"reason": "all_deceased"})

    assert refused.status_code == 400
    assert refused.json()["reason"] == [
        "注销原因“全户迁出”与成员状态不符：段娜珍（已故）不是迁出。该户成员均为已故，请选择“全户死亡”。"
    ]
    assert closed.status_code == 200 and closed.json()["closed_reason"] == "全户死亡"
