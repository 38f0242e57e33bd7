"""A new password is neither the current one nor a recent one, on every page that changes it, and the admin site's
own 修改密码 is the platform's audited one (review admins findings 4 and 5)."""

import pytest
from django.contrib.auth.hashers import check_password
from rest_framework.authtoken.models import Token

from accounts.models import AuditEvent, PasswordHistory, User
from accounts.services import (
    MSG_PASSWORD_REUSED,
    MSG_PASSWORD_SAME,
    PASSWORD_HISTORY_SIZE,
    user_change_own_password,
    user_reset_password,
)
from tests.accounts.approval_helpers import approve
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD_URL = "/accounts/password/"


def _change(client, old: str, new: str):
    return client.post(PASSWORD_URL, {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_forced_change_refuses_the_administrators_temporary_password(personas, login, client):
    user_reset_password(actor=personas.system_admin, user=personas.cadre_a, new_password="Temp@Pass2027")
    approve(personas.security_admin, personas.cadre_a)  # 三员 (test_account_approval)
    client.post("/accounts/login/", {"username": "cadre_a", "password": "Temp@Pass2027"})

    response = _change(client, "Temp@Pass2027", "Temp@Pass2027")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [MSG_PASSWORD_SAME]
    assert MSG_PASSWORD_SAME in response.content.decode()
    assert client.get("/")["Location"] == PASSWORD_URL  # still forced
    assert not AuditEvent.objects.filter(action="user.change_password").exists()


def test_the_normal_change_refuses_a_recent_password_and_accepts_a_new_one(personas, login):
    client = login(personas.cadre_a)
    assert _change(client, TEST_PASSWORD, "Second@Pass2027").status_code == 302

    back = _change(client, "Second@Pass2027", TEST_PASSWORD)
    onward = _change(client, "Second@Pass2027", "Third@Pass2027")

    message = MSG_PASSWORD_REUSED.format(n=PASSWORD_HISTORY_SIZE)
    assert message == "新密码不能与最近5次使用过的密码相同。"
    assert message in back.content.decode()
    assert onward.status_code == 302
    personas.cadre_a.refresh_from_db()
    assert personas.cadre_a.check_password("Third@Pass2027")


def test_the_history_keeps_hashes_only_and_only_as_many_as_the_rule_reads(personas):
    user = personas.cadre_a
    passwords = [f"Round{i}@Pass2027" for i in range(7)]
    for password in passwords:
        user_change_own_password(user=user, new_password=password)

    stored = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True))
    assert len(stored) == PASSWORD_HISTORY_SIZE - 1
    assert not any(p in passwords or p == TEST_PASSWORD for p in stored)
    assert check_password(passwords[-2], stored[0])
    # The current and the four before it are refused; the one before those is free again.
    for recent in passwords[-5:-1]:
        with pytest.raises(Exception, match="最近5次"):
            user_change_own_password(user=user, new_password=recent)
    user_change_own_password(user=user, new_password=passwords[-6])


def test_the_admin_sites_password_link_leads_to_the_audited_page(personas, login):
    me = personas.system_admin
    client = login(me)
    Token.objects.create(user=me)

    response = client.get("/admin/password_change/", follow=True)
    refused = _change(client, TEST_PASSWORD, TEST_PASSWORD)
    changed = _change(client, TEST_PASSWORD, "Admin@Pass2027")

    assert response.redirect_chain[-1][0] == PASSWORD_URL
    assert "修改密码" in response.content.decode()
    assert MSG_PASSWORD_SAME in refused.content.decode()
    assert changed.status_code == 302
    assert AuditEvent.objects.filter(action="user.change_password", actor=me).exists()
    assert not Token.objects.filter(user=me).exists()
    assert client.get("/admin/password_change/done/")["Location"] == PASSWORD_URL
    assert User.objects.get(pk=me.pk).check_password("Admin@Pass2027")
