"""强制下线 revokes the account's API token too (sessions finding 1): the security admin's 强制下线 ended the browser
session and left the token working, so an account forced off for cause still reached the API. The confirmation and
the result say so, on the page and over the API, and the revocation is audited."""

import pytest
from django.test import Client

from accounts.models import AuditEvent, LoginSession
from accounts.views_sessions import MSG_FORCED_TOKEN
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in(user, *, address: str = "10.2.3.4") -> Client:
    client = Client(REMOTE_ADDR=address)
    assert client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}).status_code == 302
    return client


def _token(user) -> str:
    answer = Client().post("/api/v1/auth/token/", {"username": user.username, "password": TEST_PASSWORD})
    assert answer.status_code == 200
    return answer.json()["token"]


def _me(token: str) -> int:
    return Client().get("/api/v1/me/", headers={"authorization": f"Token {token}"}).status_code


def _row(client: Client) -> LoginSession:
    return LoginSession.objects.get(session_key=client.session.session_key)


def test_force_end_on_the_page_revokes_the_token_says_so_and_is_audited(personas):
    phone = _signed_in(personas.cadre_a)
    token = _token(personas.cadre_a)
    row = _row(phone)
    admin = _signed_in(personas.security_admin, address="10.0.0.9")
    assert _me(token) == 200

    confirm = admin.get(f"/accounts/security/sessions/{row.pk}/end/").content.decode()
    assert "该账号的接口令牌同时吊销" in confirm and "确认强制下线并吊销接口令牌" in confirm
    assert _me(token) == 200  # nothing revoked by looking

    done = admin.post(f"/accounts/security/sessions/{row.pk}/end/", follow=True).content.decode()

    assert MSG_FORCED_TOKEN.format(username="cadre_a", where="10.2.3.4，未知") in done  # no browser named
    assert _me(token) == 401
    assert phone.get("/").status_code == 302
    forced = AuditEvent.objects.get(action="auth.session_force_end")
    assert forced.summary.endswith("，同时吊销了该账号的接口令牌")
    revoked = AuditEvent.objects.get(action="auth.token_revoke")
    assert revoked.actor == personas.security_admin and revoked.object_id == str(personas.cadre_a.pk)
    assert revoked.summary == "强制下线时吊销账号 cadre_a 的接口令牌"
    # The admin page tells what 强制下线 does.
    assert "接口令牌同时吊销" in admin.get("/accounts/security/sessions/").content.decode()


def test_force_end_over_the_api_revokes_the_token(personas):
    phone = _signed_in(personas.cadre_a)
    token = _token(personas.cadre_a)
    admin = _signed_in(personas.security_admin, address="10.0.0.9")

    ended = admin.post(f"/api/v1/sessions/{_row(phone).pk}/end/")

    assert ended.status_code == 200
    assert ended.json()["token_revoked"] is True
    assert ended.json()["detail"] == "已强制下线该登录会话，并吊销了该账号的接口令牌。"
    assert _me(token) == 401
    assert AuditEvent.objects.filter(action="auth.token_revoke", actor=personas.security_admin).count() == 1


def test_force_end_of_an_account_without_a_token_says_there_was_none(personas):
    phone = _signed_in(personas.cadre_a)
    admin = _signed_in(personas.security_admin, address="10.0.0.9")
    row = _row(phone)

    confirm = admin.get(f"/accounts/security/sessions/{row.pk}/end/").content.decode()
    ended = admin.post(f"/api/v1/sessions/{row.pk}/end/").json()

    assert "该账号目前没有接口令牌" in confirm and "并吊销接口令牌</button>" not in confirm
    assert ended["token_revoked"] is False and ended["detail"] == "已强制下线该登录会话；该账号没有接口令牌，无须吊销。"
    assert not AuditEvent.objects.filter(action="auth.token_revoke").exists()


def test_a_user_ending_their_own_other_session_keeps_their_token(personas):
    phone = _signed_in(personas.cadre_a)
    desk = _signed_in(personas.cadre_a, address="10.5.5.5")
    token = _token(personas.cadre_a)

    ended = desk.post(f"/api/v1/me/sessions/{_row(phone).pk}/end/")

    assert ended.status_code == 200 and ended.json()["token_revoked"] is False
    assert _me(token) == 200
