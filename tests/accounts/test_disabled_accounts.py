"""A disabled account is told so and is never locked by trying; a session ended by the account (disabled, password
reset by the system admin) is not reported as a timeout (review admins finding 3)."""

import pytest
from django.test import Client

from accounts.forms import MSG_ACCOUNT_INACTIVE
from accounts.models import AuditEvent
from accounts.services import user_reset_password, user_update
from accounts.views import MSG_SESSION_ENDED_DISABLED, MSG_SESSION_ENDED_RESET, MSG_SESSION_TIMED_OUT
from tests.accounts.approval_helpers import approve
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_disabled_user_is_told_the_account_is_disabled_and_retries_do_not_lock_it(personas, login):
    user_update(actor=personas.system_admin, user=personas.cadre_a, is_active=False)
    client = Client()

    attempts = [_log_in(client, "cadre_a", TEST_PASSWORD) for _ in range(6)]

    assert [r.status_code for r in attempts] == [200] * 6
    assert MSG_ACCOUNT_INACTIVE == "该账号已停用，请联系系统管理员。"
    assert MSG_ACCOUNT_INACTIVE in attempts[-1].content.decode()
    assert client.get("/").status_code == 302  # not signed in
    assert AuditEvent.objects.filter(action="auth.login_inactive", actor_username="cadre_a").count() == 6
    assert not AuditEvent.objects.filter(action__in=["auth.login_failed", "auth.lockout"]).exists()
    # Re-enabled, the account opens at once: nothing was counted against it.
    user_update(actor=personas.system_admin, user=personas.cadre_a, is_active=True)
    assert _log_in(client, "cadre_a", TEST_PASSWORD).status_code == 302


def test_a_wrong_password_for_a_disabled_account_reveals_nothing(personas, client):
    user_update(actor=personas.system_admin, user=personas.cadre_a, is_active=False)

    body = _log_in(client, "cadre_a", "Wrong@Pass2026").content.decode()

    assert "用户名或密码错误" in body
    assert MSG_ACCOUNT_INACTIVE not in body


def test_the_token_endpoint_says_the_account_is_disabled(personas, client):
    user_update(actor=personas.system_admin, user=personas.cadre_a, is_active=False)

    response = client.post("/api/v1/auth/token/", {"username": "cadre_a", "password": TEST_PASSWORD})

    assert response.status_code == 403
    assert response.json()["detail"] == MSG_ACCOUNT_INACTIVE


def test_a_user_disabled_while_signed_in_is_told_so_not_that_the_login_timed_out(personas, login):
    client = login(personas.cadre_a)
    assert client.get("/").status_code == 200

    user_update(actor=personas.system_admin, user=personas.cadre_a, is_active=False)
    response = client.get("/households/", follow=True)

    body = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert MSG_SESSION_ENDED_DISABLED in body
    assert MSG_SESSION_TIMED_OUT not in body


def test_a_user_whose_password_the_admin_reset_is_told_so_not_that_the_login_timed_out(personas, login):
    client = login(personas.cadre_a)
    assert client.get("/").status_code == 200

    user_reset_password(actor=personas.system_admin, user=personas.cadre_a, new_password="Temp@Pass2027")
    response = client.get("/households/", follow=True)

    body = response.content.decode()
    # The reset account waits for the security admin (三员): said, not just "use the new password".
    assert MSG_SESSION_ENDED_RESET in body
    assert MSG_SESSION_TIMED_OUT not in body
    # The notice says it once: signing in again with the new password, once approved, clears it.
    approve(personas.security_admin, personas.cadre_a)  # 三员 (test_account_approval)
    assert _log_in(client, "cadre_a", "Temp@Pass2027").status_code == 302
