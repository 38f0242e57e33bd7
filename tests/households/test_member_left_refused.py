"""A member marked 迁出 or 已故 is on record: their 修改 and 标记已故/迁出 pages, opened by a link or a typed URL, say
why instead of showing a form (该成员已迁出（日期），如需更改请先撤销标记。), a submitted form and the API are refused
with the same words; the 撤销标记 page of a member of a closed household says so before its form is filled in."""

import pytest

from config.errors import ApplicationError
from households.choices import LivingStatus, Relation
from households.services.member_status import member_set_status
from tests.clock import today
from tests.households.test_closed_household_writes import closed, refused_message  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved_out(household_a, personas):
    son = household_a.members.get(relation=Relation.SON)
    member_set_status(left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=today())
    son.refresh_from_db()
    return son


def left_message(status="已迁出"):
    return f"该成员{status}（{today():%Y-%m-%d}），如需更改请先撤销标记。"


def test_a_moved_out_member_cannot_be_marked_deceased(moved_out, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/members/{moved_out.pk}/status/"

    shown = client.get(url, follow=True)
    posted = client.post(url, {"status": "deceased", "on": today().isoformat()}, follow=True)
    api = client.post(
        f"/api/v1/members/{moved_out.pk}/set-status/",
        {"living_status": "deceased", "on": str(today())},
        content_type="application/json",
    )
    with pytest.raises(ApplicationError) as raised:
        member_set_status(
            left_reason="work", actor=personas.cadre_a, member=moved_out, status=LivingStatus.DECEASED, on=today()
        )

    for response in (shown, posted):
        assert response.redirect_chain[-1][0] == f"/households/{moved_out.household_id}/"
        assert left_message() in response.content.decode()
    assert api.status_code == 409 and api.json()["detail"] == left_message()
    assert raised.value.message == left_message()
    moved_out.refresh_from_db()
    assert moved_out.living_status == LivingStatus.MOVED_OUT


def test_a_moved_out_member_s_edit_page_says_why_instead_of_a_form(moved_out, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/members/{moved_out.pk}/edit/"

    shown = client.get(url, follow=True)
    posted = client.post(url, {"name": "张小明", "phone": ""}, follow=True)
    api = client.patch(f"/api/v1/members/{moved_out.pk}/", {"pension_insurance": True}, content_type="application/json")

    for response in (shown, posted):
        assert response.redirect_chain[-1][0] == f"/households/{moved_out.household_id}/"
        assert left_message() in response.content.decode()
    assert api.status_code == 400 and left_message() in api.content.decode()


def test_the_restore_page_of_a_closed_household_s_member_says_so_before_the_form(closed, personas, login):  # noqa: F811
    client = login(personas.cadre_a)
    head = closed.members.get()
    url = f"/households/members/{head.pk}/restore/"

    shown = client.get(url, follow=True)
    posted = client.post(url, {"reason": "误标为迁出", "relation": "head"}, follow=True)

    for response in (shown, posted):
        assert response.redirect_chain[-1][0] == f"/households/{closed.pk}/"
        page = response.content.decode()
        assert refused_message() in page and 'name="reason"' not in page
    head.refresh_from_db()
    assert head.living_status == LivingStatus.MOVED_OUT


def test_a_living_member_s_pages_still_open(household_a, personas, login):
    client = login(personas.cadre_a)
    son = household_a.members.get(relation=Relation.SON)

    assert client.get(f"/households/members/{son.pk}/edit/").status_code == 200
    assert client.get(f"/households/members/{son.pk}/status/").status_code == 200


def test_a_moved_out_member_s_transfer_page_says_why_instead_of_the_search(moved_out, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/members/{moved_out.pk}/transfer/"

    for response in (client.get(url, follow=True), client.get(url, {"q": "王五"}, follow=True)):
        assert response.redirect_chain[-1][0] == f"/households/{moved_out.household_id}/"
        page = response.content.decode()
        assert left_message() in page and 'name="q"' not in page
    spouse = moved_out.household.members.get(relation=Relation.SPOUSE)
    assert 'name="q"' in client.get(f"/households/members/{spouse.pk}/transfer/").content.decode()
