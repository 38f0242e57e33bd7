"""个人信息: every signed-in user reads their own account (姓名, 角色, 辖区, 手机号) and sets their own mobile number,
checked as a mainland mobile and audited as their own act (user.change_own_phone), from the user menu."""

import pytest

from accounts.models import AuditEvent
from accounts.profile import MSG_MOBILE, OWN_PHONE, own_phone_clean, user_change_own_phone
from accounts.views_profile import MSG_PHONE_CLEARED, MSG_PHONE_SAVED, MSG_PHONE_UNCHANGED

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"


@pytest.fixture
def cadre(personas):
    user = personas.cadre_a
    user.last_name, user.first_name = "李", "红梅"
    user.save(update_fields=["last_name", "first_name"])
    return user


@pytest.mark.parametrize("who", ["cadre_a", "clerk", "official", "township", "audit_admin", "system_admin"])
def test_every_role_reaches_its_own_page_from_the_user_menu(personas, login, who):
    client = login(getattr(personas, who))

    home = client.get("/").content.decode()
    page = client.get(PROFILE)

    assert f'href="{PROFILE}">个人信息</a>' in home
    assert page.status_code == 200 and "<h1>个人信息</h1>" in page.content.decode()


def test_the_page_shows_the_name_role_scope_and_phone(cadre, login):
    cadre.phone = "13807921234"
    cadre.save(update_fields=["phone"])

    body = login(cadre).get(PROFILE).content.decode()

    assert "李红梅" in body and "村干部/网格员" in body
    assert "涂埠镇城南村" in body  # the scope by its place, township included
    assert "13807921234" in body  # the owner reads their own number whole


def test_a_clerk_reads_their_department(personas, login):
    body = login(personas.clerk).get(PROFILE).content.decode()

    assert "所属部门" in body and "卫生健康委员会" in body


def test_the_user_sets_their_mobile_as_typed_on_a_phone_and_it_is_audited_as_their_own_act(cadre, login):
    client = login(cadre)

    response = client.post(PROFILE, {"phone": "１３８ ０７９２ １２３４"}, follow=True)

    cadre.refresh_from_db()
    assert cadre.phone == "13807921234"
    assert MSG_PHONE_SAVED in response.content.decode()
    event = AuditEvent.objects.get(action=OWN_PHONE)
    assert event.actor == cadre and event.object_id == str(cadre.pk) and event.object_type == "accounts.user"
    assert event.before == {"phone": ""} and event.after == {"phone": "13807921234"}
    assert event.summary == "本人修改手机号"


@pytest.mark.parametrize("typed", ["12345", "0792-1234567", "10012345678", "138079212345", "abc"])
def test_a_number_that_is_not_a_mainland_mobile_is_refused_at_the_field(cadre, login, typed):
    response = login(cadre).post(PROFILE, {"phone": typed})

    body = response.content.decode()
    assert response.status_code == 200
    assert MSG_MOBILE.format(value=typed) in body and 'id="id_phone_error"' in body
    cadre.refresh_from_db()
    assert cadre.phone == ""
    assert not AuditEvent.objects.filter(action=OWN_PHONE).exists()


def test_the_same_number_again_records_nothing_and_a_blank_clears_it(cadre, login):
    client = login(cadre)
    client.post(PROFILE, {"phone": "13807921234"})

    again = client.post(PROFILE, {"phone": "138-0792-1234"}, follow=True).content.decode()
    cleared = client.post(PROFILE, {"phone": ""}, follow=True).content.decode()

    assert MSG_PHONE_UNCHANGED in again and MSG_PHONE_CLEARED in cleared
    cadre.refresh_from_db()
    assert cadre.phone == ""
    assert list(AuditEvent.objects.filter(action=OWN_PHONE).values_list("summary", flat=True).order_by("pk")) == [
        "本人修改手机号",
        "本人清除手机号",
    ]


def test_the_page_changes_nothing_but_the_phone(cadre, login, county):
    login(cadre).post(PROFILE, {"phone": "13807921234", "role": "county_officer", "region_path": county.county.path})

    cadre.refresh_from_db()
    assert cadre.phone == "13807921234" and cadre.role == "village_cadre" and cadre.region_path == county.village_a.path


def test_the_audit_admin_reads_the_self_change_by_name_with_the_numbers_masked(cadre, personas, login):
    user_change_own_phone(user=cadre, phone="13807921234")

    page = login(personas.audit_admin).get("/accounts/audit/", {"category": "users"}).content.decode()

    assert "修改本人手机号" in page and "本人修改手机号" in page
    assert "138****1234" in page and "13807921234" not in page


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login(client):
    response = client.get(PROFILE)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_rule_reads_the_number_as_people_type_it():
    assert own_phone_clean(" 139 7920 0001 ") == "13979200001"
    assert own_phone_clean("") == ""
