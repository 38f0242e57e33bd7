"""The system admin manages users in /admin/, always through the services; the installation commands create
the three separated administrators, and createsuperuser is for development only."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.admin import MSG_PASSWORD_MISMATCH, MSG_PASSWORD_RESET
from accounts.choices import Role
from accounts.management.commands.createsuperuser import MSG_NO_SUPERUSER_IN_PRODUCTION
from accounts.models import AuditEvent, User
from accounts.passwords import MSG_PASSWORD_CLASSES
from accounts.services import (
    MSG_ADMIN_ACCOUNT_PROTECTED,
    MSG_ADMIN_ROLE_RESERVED,
    MSG_SCOPE_VILLAGE,
    MSG_SELF_ROLE,
    user_update,
)
from tests.accounts.approval_helpers import approve
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

INITIAL_PASSWORD = "Init@Pass2026"
ADD_URL = "/admin/accounts/user/add/"


def _new_user(county, **overrides):
    data = {
        "username": "cadre_new",
        "last_name": "王",
        "first_name": "小明",
        "phone": "13800000000",
        "role": Role.VILLAGE_CADRE,
        "region_path": county.village_a.path,
        "department": "",
        "password": INITIAL_PASSWORD,
        "password_confirm": INITIAL_PASSWORD,
    }
    return data | overrides


def _change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _change_data(user: User, **overrides):
    data = {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "phone": user.phone,
        "role": user.role,
        "region_path": user.region_path,
        "department": user.department,
        "is_active": "on" if user.is_active else "",
    }
    return {k: v for k, v in (data | overrides).items() if v != ""}


def test_the_system_admin_creates_a_village_cadre_who_must_change_the_password(personas, county, login):
    response = login(personas.system_admin).post(ADD_URL, _new_user(county))

    assert response.status_code == 302
    user = User.objects.get(username="cadre_new")
    assert (user.role, user.region_path, user.region_name) == (Role.VILLAGE_CADRE, county.village_a.path, "城南村")
    assert user.get_full_name() == "王小明"
    assert user.must_change_password is True
    assert user.check_password(INITIAL_PASSWORD)
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor == personas.system_admin
    assert event.after["role"] == Role.VILLAGE_CADRE


def test_the_new_cadre_must_change_the_initial_password_at_first_login(personas, county, login, client):
    login(personas.system_admin).post(ADD_URL, _new_user(county))
    approve(personas.security_admin, User.objects.get(username="cadre_new"))  # 三员 (test_account_approval)

    client.post("/accounts/login/", {"username": "cadre_new", "password": INITIAL_PASSWORD})

    assert client.get("/")["Location"] == "/accounts/password/"


def test_the_add_page_offers_regions_and_no_administrator_roles(personas, county, login):
    body = login(personas.system_admin).get(ADD_URL).content.decode()

    assert "城南村（360425100201）" in body
    assert 'value="village_cadre"' in body
    assert 'value="audit_admin"' not in body
    assert 'value="security_admin"' not in body
    assert 'value="system_admin"' not in body


def test_an_audit_admin_cannot_be_created_through_the_admin(personas, county, login):
    response = login(personas.system_admin).post(
        ADD_URL, _new_user(county, username="auditor2", role=Role.AUDIT_ADMIN, region_path=county.county.path)
    )

    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="auditor2").exists()


def test_a_development_superuser_is_told_why_administrator_roles_are_refused(county, client):
    superuser = UserFactory(username="dev", is_superuser=True, is_staff=True, region_path=county.county.path)
    client.force_login(superuser)

    response = client.post(
        ADD_URL, _new_user(county, username="auditor2", role=Role.AUDIT_ADMIN, region_path=county.county.path)
    )

    assert response.context["adminform"].form.errors["role"] == [MSG_ADMIN_ROLE_RESERVED]
    assert not User.objects.filter(username="auditor2").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"region_path": "360425100000"[:9]}, "region_path", MSG_SCOPE_VILLAGE),
        ({"password": "abcdefgh12", "password_confirm": "abcdefgh12"}, "password", MSG_PASSWORD_CLASSES.format(n=3)),
        ({"password_confirm": "Other@Pass2026"}, "password_confirm", MSG_PASSWORD_MISMATCH),
        ({"username": "cadre_a"}, "username", "该用户名已被使用，请换一个用户名。"),
    ],
    ids=["cadre scoped to a township", "weak password", "passwords differ", "username taken"],
)
def test_the_services_refusal_is_shown_at_the_field(personas, county, login, overrides, field, message):
    response = login(personas.system_admin).post(ADD_URL, _new_user(county, **overrides))

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field]
    assert message in response.content.decode()
    assert not User.objects.filter(username="cadre_new").exists()


def test_the_system_admin_moves_a_cadre_to_another_village_through_the_service(personas, county, login):
    cadre = personas.cadre_a

    response = login(personas.system_admin).post(
        _change_url(cadre), _change_data(cadre, region_path=county.village_b.path, phone="13900000000")
    )

    assert response.status_code == 302
    cadre.refresh_from_db()
    # The phone at once; the village once the security admin approves it (accounts.approvals).
    assert (cadre.region_path, cadre.region_name, cadre.phone) == (county.village_a.path, "城南村", "13900000000")
    assert (cadre.approval_pending["region_path"], cadre.approval_pending["region_name"]) == (
        county.village_b.path,
        "城北村",
    )
    event = AuditEvent.objects.get(action="user.update", object_id=str(cadre.pk))
    assert (event.before["region_path"], event.after["region_path"]) == (county.village_a.path, county.village_b.path)
    assert event.summary == (
        "修改用户 cadre_a：管辖区划改为 城北村、修改联系电话，待安全管理员审核，审核通过前仍按原角色和管辖范围"
    )
    assert set(event.after) == {"region_path", "phone"}


def test_the_system_admin_edits_their_own_phone_but_not_their_own_role_or_scope(personas, county, login):
    me = personas.system_admin
    client = login(me)

    phone = client.post(_change_url(me), _change_data(me, phone="13700000000"))
    me.refresh_from_db()
    # The role and the scope of an administrator's account are fixed on the form (review admins finding 1, review
    # accounts finding 2): a posted one is ignored, and the service refuses one of the actor's own.
    role = client.post(_change_url(me), _change_data(me, role=Role.COUNTY_OFFICER))
    scope = client.post(_change_url(me), _change_data(me, region_path=county.township.path))
    with pytest.raises(ValidationError, match=MSG_SELF_ROLE):
        user_update(actor=me, user=me, region_path=county.township.path)

    assert phone.status_code == 302
    assert scope.status_code == 302
    me.refresh_from_db()
    assert (me.phone, me.role, me.region_path) == ("13700000000", Role.SYSTEM_ADMIN, county.county.path)
    assert role.status_code == 302


def test_the_system_admin_cannot_switch_off_the_audit_admin(personas, login):
    auditor = personas.audit_admin

    client = login(personas.system_admin)

    # 有效 is shown fixed, with why (review accounts finding 3): an unticked one posted is ignored.
    page = client.get(_change_url(auditor)).content.decode()
    response = client.post(_change_url(auditor), _change_data(auditor, is_active=""))
    with pytest.raises(ValidationError) as refused:
        user_update(actor=personas.system_admin, user=auditor, is_active=False)

    assert MSG_ADMIN_ACCOUNT_PROTECTED in page
    assert response.status_code == 302
    assert refused.value.message_dict["is_active"] == [MSG_ADMIN_ACCOUNT_PROTECTED]
    auditor.refresh_from_db()
    assert auditor.is_active


def test_users_are_deactivated_not_deleted(personas, login):
    client = login(personas.system_admin)

    delete_page = client.get(f"/admin/accounts/user/{personas.cadre_b.pk}/delete/")
    deactivated = client.post(
        "/admin/accounts/user/",
        {"action": "deactivate_users", "confirmed": "yes", "_selected_action": [personas.cadre_b.pk]},
    )

    assert delete_page.status_code == 403
    assert deactivated.status_code == 302
    personas.cadre_b.refresh_from_db()
    assert personas.cadre_b.is_active is False
    event = AuditEvent.objects.get(action="user.update", object_id=str(personas.cadre_b.pk))
    # The log says what happened in words, with only the field that changed.
    assert event.summary == "修改用户 cadre_b：停用账号"
    assert (event.before, event.after) == ({"is_active": True}, {"is_active": False})


def test_the_system_admin_resets_a_password_and_the_user_must_change_it(personas, login):
    cadre = personas.cadre_a
    client = login(personas.system_admin)

    response = client.post(
        f"/admin/accounts/user/{cadre.pk}/password/",
        {"new_password": INITIAL_PASSWORD, "new_password_confirm": INITIAL_PASSWORD},
        follow=True,
    )

    assert MSG_PASSWORD_RESET.format(username="cadre_a") in response.content.decode()
    cadre.refresh_from_db()
    assert cadre.check_password(INITIAL_PASSWORD)
    assert cadre.must_change_password is True
    assert AuditEvent.objects.filter(action="user.reset_password", actor=personas.system_admin).exists()


def test_the_system_admin_cannot_reset_the_audit_admins_password(personas, login):
    response = login(personas.system_admin).post(
        f"/admin/accounts/user/{personas.audit_admin.pk}/password/",
        {"new_password": INITIAL_PASSWORD, "new_password_confirm": INITIAL_PASSWORD},
    )

    # No form to be refused on submit: the page says where it is done, and a post changes nothing.
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "只能在服务器上重置" in response.content.decode()
    personas.audit_admin.refresh_from_db()
    assert personas.audit_admin.check_password(TEST_PASSWORD)


def test_the_user_list_is_in_chinese_and_searchable(personas, login):
    response = login(personas.system_admin).get("/admin/accounts/user/", {"q": "cadre_a"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "村干部/网格员" in body
    assert "cadre_a" in body
    assert "cadre_b" not in body


def test_the_config_index_shows_users_regions_and_grids_but_not_the_policy_or_the_audit_log(personas, login):
    body = login(personas.system_admin).get("/admin/").content.decode()

    assert "用户" in body
    assert "行政区划" in body
    assert "网格" in body
    assert "安全策略" not in body
    assert "审计日志" not in body


def test_a_village_cadre_is_refused_the_admin(personas, login):
    client = login(personas.cadre_a)

    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/login/").status_code == 403
    assert client.post(ADD_URL, {"username": "x"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_platform_login_page(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    assert "登录" in response.content.decode()


def test_a_superuser_may_not_enter_the_admin_in_production(county, client, settings):
    client.force_login(UserFactory(username="dev", is_superuser=True, is_staff=True))
    settings.PRODUCTION = True

    assert client.get("/admin/").status_code == 403


def test_createsuperuser_is_refused_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError) as refused:
        call_command("createsuperuser", interactive=False, username="root", email="root@example.com")

    assert str(refused.value) == MSG_NO_SUPERUSER_IN_PRODUCTION
    assert not User.objects.filter(username="root").exists()


def test_createsuperuser_works_in_development(settings):
    settings.PRODUCTION = False

    call_command("createsuperuser", interactive=False, username="root", email="root@example.com", stdout=io.StringIO())

    assert User.objects.get(username="root").is_superuser


def _admin_password_env(monkeypatch):
    for var in ("SYSTEM", "SECURITY", "AUDIT"):
        monkeypatch.setenv(f"SHOUWANG_{var}_ADMIN_PASSWORD", f"Begin@2026{var[0]}")


def test_create_admin_accounts_creates_the_three_separated_administrators(county, monkeypatch):
    _admin_password_env(monkeypatch)

    call_command(
        "create_admin_accounts",
        "--county-path=360425",
        "--system-admin=sys",
        "--security-admin=sec",
        "--audit-admin=aud",
        "--password-from-env",
        stdout=io.StringIO(),
    )

    users = {u.username: u for u in User.objects.filter(username__in=["sys", "sec", "aud"])}
    assert {name: u.role for name, u in users.items()} == {
        "sys": Role.SYSTEM_ADMIN,
        "sec": Role.SECURITY_ADMIN,
        "aud": Role.AUDIT_ADMIN,
    }
    assert all(u.region_path == "360425" and u.region_name == "永修县" for u in users.values())
    assert all(u.must_change_password and not u.is_superuser for u in users.values())
    assert users["aud"].check_password("Begin@2026A")
    assert (
        AuditEvent.objects.filter(action="user.create", object_id__in=[str(u.pk) for u in users.values()]).count() == 3
    )


def test_create_admin_accounts_creates_none_when_one_fails(county, monkeypatch):
    _admin_password_env(monkeypatch)
    monkeypatch.setenv("SHOUWANG_AUDIT_ADMIN_PASSWORD", "weakpassword")

    with pytest.raises(CommandError, match="aud（审计管理员）"):
        call_command(
            "create_admin_accounts",
            "--county-path=360425",
            "--system-admin=sys",
            "--security-admin=sec",
            "--audit-admin=aud",
            "--password-from-env",
        )

    assert not User.objects.filter(username__in=["sys", "sec", "aud"]).exists()


def test_create_admin_accounts_refuses_an_unknown_county_and_one_person_holding_two_roles(county, monkeypatch):
    _admin_password_env(monkeypatch)
    common = ["--security-admin=sec", "--audit-admin=aud", "--password-from-env"]

    with pytest.raises(CommandError, match="不存在或不是县级区划"):
        call_command("create_admin_accounts", "--county-path=999999", "--system-admin=sys", *common)
    with pytest.raises(CommandError, match="三权分立"):
        call_command("create_admin_accounts", "--county-path=360425", "--system-admin=sec", *common)


def test_reset_admin_password_on_the_server(personas, monkeypatch):
    monkeypatch.setenv("SHOUWANG_ADMIN_PASSWORD", "Temp@Pass2026")

    call_command("reset_admin_password", "auditadmin", "--password-from-env", stdout=io.StringIO())

    personas.audit_admin.refresh_from_db()
    assert personas.audit_admin.check_password("Temp@Pass2026")
    assert personas.audit_admin.must_change_password is True
    with pytest.raises(CommandError):
        call_command("reset_admin_password", "cadre_a", "--password-from-env")


def test_the_change_page_links_to_the_password_reset_page_except_for_administrators(personas, login):
    client = login(personas.system_admin)

    cadre_page = client.get(_change_url(personas.cadre_a)).content.decode()
    auditor_page = client.get(_change_url(personas.audit_admin)).content.decode()
    reset_page = client.get(f"/admin/accounts/user/{personas.cadre_a.pk}/password/")

    assert f"/admin/accounts/user/{personas.cadre_a.pk}/password/" in cadre_page
    assert "manage.py reset_admin_password" in auditor_page
    assert reset_page.status_code == 200
    assert "为用户" in reset_page.content.decode()
