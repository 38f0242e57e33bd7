"""Signed-in sessions (security finding 2): the security admin sees who is signed in now (user, role, region, login
time, last activity, address, browser), finds and pages them, and ends one (强制下线, confirmed, audited) when a
phone is lost; each user sees their own sessions and ends their other ones (我的登录会话)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts import views_sessions
from accounts.models import AuditEvent, LoginSession
from accounts.sessions import session_end, sessions_clean_up, short_agent
from accounts.views import MSG_SESSION_ENDED_BY_OWNER, MSG_SESSION_ENDED_FORCED, MSG_SESSION_TIMED_OUT
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 12; V2102A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.99 "
    "Mobile Safari/537.36 MicroMessenger/8.0.30"
)
DESK_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"


def _signed_in(user, *, address: str = "10.2.3.4", agent: str = PHONE_UA) -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    response = client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _row(client: Client) -> LoginSession:
    return LoginSession.objects.get(session_key=client.session.session_key)


def test_a_login_is_listed_for_the_security_admin_with_who_where_and_when(personas):
    _signed_in(personas.cadre_a, address="10.2.3.4", agent=PHONE_UA)
    admin = _signed_in(personas.security_admin, address="10.0.0.9", agent=DESK_UA)

    page = admin.get("/accounts/security/sessions/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "cadre_a" in body and "村干部" in body and "城南村" in body
    assert "10.2.3.4" in body and "安卓 · 微信" in body
    assert f"登录 {timezone.localtime():%Y-%m-%d}" in body
    # The admin's own session is listed, marked, and offers no 强制下线.
    assert "本会话" in body
    assert body.count("强制下线</a>") == 1


def test_the_list_is_searched_and_paged(personas, monkeypatch):
    _signed_in(personas.cadre_a, address="10.2.3.4")
    _signed_in(personas.cadre_b, address="10.2.3.5")
    _signed_in(personas.township, address="10.7.7.7")
    admin = _signed_in(personas.security_admin, address="10.0.0.9")

    found = admin.get("/accounts/security/sessions/", {"q": "cadre_b"}).context["rows"]
    by_address = admin.get("/accounts/security/sessions/", {"q": "10.7."}).context["rows"]
    monkeypatch.setattr(views_sessions, "PAGE_SIZE", 2)
    second = admin.get("/accounts/security/sessions/", {"page": 2})

    assert [row["session"].user.username for row in found] == ["cadre_b"]
    assert [row["session"].user.username for row in by_address] == ["township"]
    assert second.context["page"].paginator.num_pages == 2 and len(second.context["rows"]) == 2
    assert "第 2 / 2 页" in second.content.decode()


def test_only_the_security_admin_sees_the_list_or_ends_a_session(personas, login):
    phone = _signed_in(personas.cadre_a)
    row = _row(phone)
    for user in (personas.system_admin, personas.audit_admin, personas.county_officer):
        client = login(user)
        assert client.get("/accounts/security/sessions/").status_code == 403
        assert client.post(f"/accounts/security/sessions/{row.pk}/end/").status_code == 403
        assert client.get("/api/v1/sessions/").status_code == 403
        assert client.post(f"/api/v1/sessions/{row.pk}/end/").status_code == 403
    assert phone.get("/").status_code == 200


def test_force_end_is_confirmed_ends_the_session_says_so_and_is_audited(personas):
    phone = _signed_in(personas.cadre_a, address="10.2.3.4")
    row = _row(phone)
    admin = _signed_in(personas.security_admin, address="10.0.0.9")

    confirm = admin.get(f"/accounts/security/sessions/{row.pk}/end/").content.decode()
    assert "确认强制下线" in confirm and "cadre_a" in confirm and "10.2.3.4" in confirm
    assert phone.get("/").status_code == 200  # nothing ended by looking

    done = admin.post(f"/accounts/security/sessions/{row.pk}/end/", follow=True).content.decode()

    assert "已强制下线账号 cadre_a 的登录会话（10.2.3.4，安卓 · 微信）；该账号没有接口令牌，无须吊销。" in done
    assert not Session.objects.filter(session_key=row.session_key).exists()
    landed = phone.get("/households/", follow=True)
    assert landed.redirect_chain[-1][0].startswith("/accounts/login/")
    assert MSG_SESSION_ENDED_FORCED in landed.content.decode()
    assert MSG_SESSION_TIMED_OUT not in landed.content.decode()
    event = AuditEvent.objects.get(action="auth.session_force_end")
    assert event.actor == personas.security_admin and event.object_id == str(personas.cadre_a.pk)
    assert event.summary.startswith("强制下线：账号 cadre_a 的登录会话（10.2.3.4，安卓 · 微信，登录于")
    assert event.before["user_agent"] == PHONE_UA
    assert "cadre_a" not in admin.get("/accounts/security/sessions/").content.decode()
    # Signing in again works, and the notice does not follow.
    again = _signed_in(personas.cadre_a)
    assert MSG_SESSION_ENDED_FORCED not in again.get("/", follow=True).content.decode()


def test_a_user_ends_their_own_other_session_but_not_this_one_nor_anyone_elses(personas):
    phone = _signed_in(personas.cadre_a, address="10.2.3.4", agent=PHONE_UA)
    desk = _signed_in(personas.cadre_a, address="10.5.5.5", agent=DESK_UA)
    other = _signed_in(personas.cadre_b)

    page = desk.get("/accounts/sessions/")
    rows = page.context["rows"]
    assert [(row["agent"], row["current"]) for row in rows] == [("Windows · Chrome", True), ("安卓 · 微信", False)]
    assert "当前设备" in page.content.decode() and "结束此会话" in page.content.decode()
    assert desk.get(f"/accounts/sessions/{_row(other).pk}/end/").status_code == 404
    assert desk.post(f"/accounts/sessions/{_row(other).pk}/end/").status_code == 404
    assert "确认结束" in desk.get(f"/accounts/sessions/{_row(phone).pk}/end/").content.decode()

    done = desk.post(f"/accounts/sessions/{_row(phone).pk}/end/", follow=True).content.decode()

    assert "已结束您在 10.2.3.4，安卓 · 微信 的登录会话。" in done
    assert MSG_SESSION_ENDED_BY_OWNER in phone.get("/", follow=True).content.decode()
    assert desk.get("/").status_code == 200 and other.get("/").status_code == 200
    event = AuditEvent.objects.get(action="auth.session_end_own")
    assert event.actor == personas.cadre_a and event.summary.startswith("结束本人的其他登录会话（10.2.3.4")
    # Its current session is ended with 退出, not here.
    current = LoginSession.objects.get(session_key=desk.session.session_key)
    refused = desk.post(f"/api/v1/me/sessions/{current.pk}/end/")
    assert refused.status_code == 400 and refused.json()["detail"] == "这是您当前使用的登录会话，请用“退出”结束它。"


def test_the_user_menu_links_the_own_sessions_page(personas, login):
    body = login(personas.cadre_a).get("/").content.decode()

    assert '<a href="/accounts/sessions/">登录会话</a>' in body


def test_signed_out_and_idle_sessions_are_not_listed_and_the_nightly_clean_up_drops_them(personas):
    gone = _signed_in(personas.cadre_a)
    idle = _signed_in(personas.cadre_b)
    live = _signed_in(personas.township)
    gone.post("/accounts/logout/")
    LoginSession.objects.filter(session_key=idle.session.session_key).update(
        last_seen_at=timezone.now() - timedelta(minutes=31)
    )
    Session.objects.filter(session_key=idle.session.session_key).update(expire_date=timezone.now())

    admin = _signed_in(personas.security_admin)
    listed = [row["session"].user.username for row in admin.get("/accounts/security/sessions/").context["rows"]]
    sessions_clean_up()

    assert sorted(listed) == ["secadmin", "township"]
    assert sorted(LoginSession.objects.values_list("user__username", flat=True)) == ["secadmin", "township"]
    assert live.get("/").status_code == 200


def test_last_activity_is_kept_and_the_row_follows_a_password_change(personas):
    phone = _signed_in(personas.cadre_a)
    row = _row(phone)
    LoginSession.objects.filter(pk=row.pk).update(last_seen_at=timezone.now() - timedelta(minutes=5))
    session = phone.session
    session["sw_login_session_seen"] = 0
    session.save()

    phone.get("/")
    row.refresh_from_db()
    assert timezone.now() - row.last_seen_at < timedelta(seconds=30)

    new_password = "Qiu#Shou2027wang"
    changed = phone.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert changed.status_code == 302
    phone.get("/")
    row.refresh_from_db()
    assert row.session_key == phone.session.session_key
    admin = _signed_in(personas.security_admin)
    assert "cadre_a" in admin.get("/accounts/security/sessions/").content.decode()


def test_the_api_lists_and_ends_sessions(personas, login):
    phone = _signed_in(personas.cadre_a, address="10.2.3.4")
    desk = _signed_in(personas.cadre_a, address="10.5.5.5", agent=DESK_UA)
    admin = _signed_in(personas.security_admin)

    listed = admin.get("/api/v1/sessions/", {"q": "cadre"}).json()
    assert listed["count"] == 2
    first = listed["results"][0]
    assert first["username"] == "cadre_a" and first["role"] == "村干部/网格员" and first["region"] == "城南村"
    assert {row["device"] for row in listed["results"]} == {"安卓 · 微信", "Windows · Chrome"}
    assert admin.get("/api/v1/sessions/", {"qq": "x"}).status_code == 400

    own = desk.get("/api/v1/me/sessions/").json()
    assert [(row["ip_address"], row["current"]) for row in own["results"]] == [("10.5.5.5", True), ("10.2.3.4", False)]

    phone_id = _row(phone).pk
    ended = admin.post(f"/api/v1/sessions/{phone_id}/end/")
    assert ended.status_code == 200 and ended.json()["session"]["ip_address"] == "10.2.3.4"
    assert admin.post(f"/api/v1/sessions/{phone_id}/end/").status_code == 404
    assert phone.get("/api/v1/me/").status_code in (401, 403)
    assert AuditEvent.objects.filter(action="auth.session_force_end").count() == 1


def test_the_service_refuses_a_user_who_ends_someone_elses_session(personas):
    from django.core.exceptions import PermissionDenied

    other = _signed_in(personas.cadre_b)
    with pytest.raises(PermissionDenied):
        session_end(actor=personas.cadre_a, session_id=_row(other).pk)
    assert other.get("/").status_code == 200


@pytest.mark.parametrize(
    ("agent", "shown"),
    [
        (PHONE_UA, "安卓 · 微信"),
        (DESK_UA, "Windows · Chrome"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1", "iPhone · Safari"),
        ("", "未知"),
        ("python-requests/2.31", "python-requests/2.31"),
    ],
)  # fmt: skip
def test_the_browser_is_shortened(agent, shown):
    assert short_agent(agent) == shown


def test_the_profile_page_links_the_own_sessions_page(personas, login):
    body = login(personas.cadre_a).get("/accounts/profile/").content.decode()

    assert '<a class="btn" href="/accounts/sessions/">我的登录会话</a>' in body
