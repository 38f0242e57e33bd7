"""When the idle timeout ends a session, the login page says why the user is there (review "phone" finding 4);
a user who simply opens the login page, or who signed out, is told nothing."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.middleware import LAST_SEEN_KEY
from accounts.models import AuditEvent
from accounts.views import MSG_SESSION_TIMED_OUT

pytestmark = pytest.mark.django_db


def test_a_session_that_timed_out_brings_the_user_to_a_login_page_that_says_so(personas, login):
    client = login(personas.cadre_a)
    assert client.get("/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    # The cadre taps 保存 on a form typed over half an hour.
    response = client.post("/households/new/", {"address": "城南村8号"}, follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/households/new/"
    assert MSG_SESSION_TIMED_OUT == "登录已超时，请重新登录。"
    assert MSG_SESSION_TIMED_OUT in response.content.decode()


def test_a_session_cookie_the_browser_dropped_is_a_timeout_too(personas, login):
    """The session cookie ends with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE): the browser then sends none."""
    client = login(personas.cadre_a)
    client.get("/")
    del client.cookies[settings.SESSION_COOKIE_NAME]

    page = client.get("/", follow=True).content.decode()

    assert MSG_SESSION_TIMED_OUT in page


def test_opening_the_login_page_or_signing_out_says_nothing_about_a_timeout(personas, login):
    assert MSG_SESSION_TIMED_OUT not in Client().get("/accounts/login/").content.decode()

    client = login(personas.cadre_a)
    client.get("/")
    signed_out = client.post("/accounts/logout/", follow=True).content.decode()

    assert MSG_SESSION_TIMED_OUT not in signed_out
    assert MSG_SESSION_TIMED_OUT not in client.get("/", follow=True).content.decode()


def test_signing_in_again_after_a_timeout_works_and_the_message_does_not_follow(personas, login):
    client = login(personas.cadre_a)
    client.get("/")
    del client.cookies[settings.SESSION_COOKIE_NAME]
    assert MSG_SESSION_TIMED_OUT in client.get("/accounts/login/").content.decode()

    response = client.post("/accounts/login/", {"username": "cadre_a", "password": "wrong"})
    assert MSG_SESSION_TIMED_OUT not in response.content.decode()  # the failed attempt is the news now


def test_the_session_cookie_ends_with_the_browser_and_the_idle_minutes_are_counted_on_the_server(personas, login):
    """Setting the expiry in seconds on each request made the session cookie persistent (Max-Age): a browser closed
    on a shared township computer and opened again was still signed in."""
    client = login(personas.cadre_a)
    response = client.get("/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]

    # 31 idle minutes (the default policy's 30): the session stored on the server no longer opens anything.
    session = client.session
    session[LAST_SEEN_KEY] -= 31 * 60
    session.save()
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/login/")
    assert MSG_SESSION_TIMED_OUT in page.content.decode()
    event = AuditEvent.objects.get(action="auth.timeout")
    assert (event.actor, event.summary) == (personas.cadre_a, "30分钟无操作，自动退出登录")


def test_a_request_within_the_idle_minutes_keeps_the_session(personas, login):
    client = login(personas.cadre_a)
    client.get("/")
    session = client.session
    session[LAST_SEEN_KEY] -= 29 * 60
    session.save()
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(timezone.now().timestamp()) - 5
