"""强制该账号全部下线: 强制下线 ended one chosen session, so a security admin putting an account out for cause had to
find each of its sessions. The whole account goes at once, confirmed with how many sessions, its API token revoked,
each end audited, told how many, on the page and at POST /api/v1/sessions/force-end-account/; never the admin's own
account."""

import pytest
from django.test import Client

from accounts.models import AuditEvent
from accounts.sessions import MSG_SELF
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ADMIN_PAGE = "/accounts/security/sessions/"
API = "/api/v1/sessions/force-end-account/"


def _signed_in(user, *, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    assert client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}).status_code == 302
    return client


def _token(user) -> str:
    answer = Client().post("/api/v1/auth/token/", {"username": user.username, "password": TEST_PASSWORD})
    assert answer.status_code == 200
    return answer.json()["token"]


def _me(token: str) -> int:
    return Client().get("/api/v1/me/", headers={"authorization": f"Token {token}"}).status_code


def _end_all(user) -> str:
    return f"/accounts/security/sessions/account/{user.pk}/end-all/"


def test_the_page_puts_every_session_of_the_account_out_after_confirming_how_many(personas):
    phone = _signed_in(personas.cadre_a, address="10.2.3.4")
    laptop = _signed_in(personas.cadre_a, address="10.3.3.3")
    tablet = _signed_in(personas.cadre_a, address="10.4.4.4")
    colleague = _signed_in(personas.cadre_b, address="10.2.3.4")
    token = _token(personas.cadre_a)
    admin = _signed_in(personas.security_admin, address="10.0.0.9")

    listing = admin.get(ADMIN_PAGE).content.decode()
    assert _end_all(personas.cadre_a) in listing and "强制该账号全部下线" in listing
    assert _end_all(personas.security_admin) not in listing  # not offered on the admin's own session
    confirm = admin.get(_end_all(personas.cadre_a)).content.decode()
    assert "全部 <strong data-count>3</strong> 个在线登录会话" in confirm
    assert "确认全部下线（3个会话）并吊销接口令牌" in confirm
    assert all(address in confirm for address in ("10.2.3.4", "10.3.3.3", "10.4.4.4"))
    assert phone.get("/").status_code == 200 and _me(token) == 200  # nothing ended by looking

    done = admin.post(_end_all(personas.cadre_a), follow=True)

    assert done.redirect_chain[-1][0] == ADMIN_PAGE
    assert "已强制账号 cadre_a 全部下线：结束了 3 个登录会话，并吊销了该账号的接口令牌。" in done.content.decode()
    for ended in (phone, laptop, tablet):
        assert ended.get("/").status_code == 302
    assert _me(token) == 401
    assert colleague.get("/").status_code == 200 and admin.get("/").status_code == 200
    events = AuditEvent.objects.filter(action="auth.session_force_end")
    assert events.count() == 3 and {event.actor for event in events} == {personas.security_admin}
    assert all(event.summary.endswith("（强制该账号全部下线）") for event in events)
    revoked = AuditEvent.objects.get(action="auth.token_revoke")
    assert revoked.actor == personas.security_admin and revoked.object_id == str(personas.cadre_a.pk)


def test_the_api_puts_the_account_out_and_says_how_many(personas):
    phone = _signed_in(personas.township, address="10.2.3.4")
    laptop = _signed_in(personas.township, address="10.3.3.3")
    admin = _signed_in(personas.security_admin, address="10.0.0.9")

    answer = admin.post(API, {"user": personas.township.pk}, content_type="application/json")

    assert answer.status_code == 200
    body = answer.json()
    assert body["ended"] == 2 and body["token_revoked"] is False
    assert body["detail"] == "已强制账号 township 全部下线：结束了 2 个登录会话，该账号没有接口令牌，无须吊销。"
    assert {row["ip_address"] for row in body["sessions"]} == {"10.2.3.4", "10.3.3.3"}
    assert phone.get("/").status_code == 302 and laptop.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.session_force_end").count() == 2


def test_the_security_admin_cannot_put_their_own_account_out(personas):
    desk = _signed_in(personas.security_admin, address="10.0.0.9")
    other = _signed_in(personas.security_admin, address="10.0.0.8")

    page = desk.post(_end_all(personas.security_admin), follow=True).content.decode()
    api = desk.post(API, {"user": personas.security_admin.pk}, content_type="application/json")

    assert MSG_SELF in page and "不能将本人的账号全部强制下线" in MSG_SELF
    assert api.status_code == 400 and api.json()["detail"] == MSG_SELF
    assert desk.get("/").status_code == 200 and other.get("/").status_code == 200
    assert not AuditEvent.objects.filter(action="auth.session_force_end").exists()


def test_only_the_security_admin_may(personas):
    victim = _signed_in(personas.cadre_b, address="10.2.3.4")
    county = _signed_in(personas.county_officer, address="10.0.0.7")

    assert county.get(_end_all(personas.cadre_b)).status_code == 403
    assert county.post(API, {"user": personas.cadre_b.pk}, content_type="application/json").status_code == 403
    assert victim.get("/").status_code == 200
