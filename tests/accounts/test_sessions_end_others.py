"""结束其他所有会话 (sessions finding 2): 我的登录会话 ended other sessions one by one only; a user who lost track of
where they are signed in ends all but the one they look from at once, confirmed, each end audited, told how many,
on the page and at POST /api/v1/me/sessions/end-others/."""

import pytest
from django.test import Client

from accounts.models import AuditEvent, LoginSession
from accounts.views import MSG_SESSION_ENDED_BY_OWNER
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

MINE = "/accounts/sessions/"
END_OTHERS = "/accounts/sessions/end-others/"
END_OTHERS_API = "/api/v1/me/sessions/end-others/"


def _signed_in(user, *, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    assert client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}).status_code == 302
    return client


def test_the_page_ends_all_other_sessions_after_confirming_and_says_how_many(personas):
    phone = _signed_in(personas.cadre_a, address="10.2.3.4")
    laptop = _signed_in(personas.cadre_a, address="10.3.3.3")
    desk = _signed_in(personas.cadre_a, address="10.5.5.5")
    someone_else = _signed_in(personas.cadre_b, address="10.2.3.4")

    page = desk.get(MINE).content.decode()
    assert "结束其他所有会话（2个）" in page and "没有其他登录会话" not in page
    confirm = desk.get(END_OTHERS).content.decode()
    assert "确认结束其他所有会话" in confirm and "10.2.3.4" in confirm and "10.3.3.3" in confirm
    assert "10.5.5.5" not in confirm  # the current one is not among them
    assert phone.get("/").status_code == 200  # nothing ended by looking

    done = desk.post(END_OTHERS, follow=True)

    body = done.content.decode()
    assert done.redirect_chain[-1][0] == MINE
    assert "已结束您的其他 2 个登录会话" in body
    assert "没有其他登录会话" in body and "结束其他所有会话（" not in body
    for ended in (phone, laptop):
        landed = ended.get("/households/", follow=True)
        assert landed.redirect_chain[-1][0].startswith("/accounts/login/")
        assert MSG_SESSION_ENDED_BY_OWNER in landed.content.decode()
    assert desk.get("/").status_code == 200 and someone_else.get("/").status_code == 200
    events = AuditEvent.objects.filter(action="auth.session_end_own").order_by("id")
    assert events.count() == 2 and {event.actor for event in events} == {personas.cadre_a}
    assert all(event.summary.endswith("（结束其他所有会话）") for event in events)
    assert {event.before["ip_address"] for event in events} == {"10.2.3.4", "10.3.3.3"}


def test_with_no_other_session_the_page_says_so_and_ends_nothing(personas):
    desk = _signed_in(personas.cadre_a, address="10.5.5.5")

    page = desk.get(MINE).content.decode()
    looked = desk.get(END_OTHERS, follow=True).content.decode()
    posted = desk.post(END_OTHERS, follow=True).content.decode()

    assert "没有其他登录会话" in page and END_OTHERS not in page
    assert "您没有其他登录会话，无须结束。" in looked and "您没有其他登录会话，无须结束。" in posted
    assert desk.get("/").status_code == 200
    assert not AuditEvent.objects.filter(action="auth.session_end_own").exists()


def test_the_api_ends_all_other_sessions_and_says_how_many(personas):
    phone = _signed_in(personas.cadre_a, address="10.2.3.4")
    desk = _signed_in(personas.cadre_a, address="10.5.5.5")
    someone_else = _signed_in(personas.cadre_b, address="10.2.3.4")

    answer = desk.post(END_OTHERS_API)
    again = desk.post(END_OTHERS_API)

    assert answer.status_code == 200
    assert answer.json()["detail"] == "已结束您的其他 1 个登录会话。" and answer.json()["ended"] == 1
    assert [row["ip_address"] for row in answer.json()["sessions"]] == ["10.2.3.4"]
    assert again.status_code == 200 and again.json() == {
        "detail": "您没有其他登录会话，无须结束。",
        "ended": 0,
        "sessions": [],
    }
    assert phone.get("/").status_code == 302
    assert desk.get("/").status_code == 200 and someone_else.get("/").status_code == 200
    assert [row["current"] for row in desk.get("/api/v1/me/sessions/").json()["results"]] == [True]
    assert AuditEvent.objects.filter(action="auth.session_end_own").count() == 1


def test_a_script_with_a_token_ends_every_browser_session_of_its_account_and_keeps_its_token(personas):
    phone = _signed_in(personas.cadre_a, address="10.2.3.4")
    token = Client().post("/api/v1/auth/token/", {"username": "cadre_a", "password": TEST_PASSWORD}).json()["token"]
    script = Client(headers={"authorization": f"Token {token}"})

    answer = script.post(END_OTHERS_API)

    assert answer.status_code == 200 and answer.json()["ended"] == 1
    assert phone.get("/").status_code == 302
    assert script.get("/api/v1/me/").status_code == 200
    assert not LoginSession.objects.filter(user=personas.cadre_a, ended_at__isnull=True).exists()


def test_the_api_needs_a_signed_in_user(personas):
    assert Client().post(END_OTHERS_API).status_code in (401, 403)
