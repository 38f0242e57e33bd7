"""The session ping (static/js/session_keepalive.js, review "cadre phone" finding 1): a cadre typing a long visit note
on a phone sent no request for half an hour, the idle timeout ended the session, and 保存 lost everything typed.
The page now pings while its user types, which counts as activity; asking whether the session is open (?check=1)
does not, so an open page left alone still times out."""

import time

import pytest
from django.test import Client

from accounts.middleware import LAST_SEEN_KEY
from accounts.models import AuditEvent
from accounts.policy import current_policy

pytestmark = pytest.mark.django_db

PING = "/accounts/session/ping/"


def idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def last_seen(client: Client) -> int:
    return client.session[LAST_SEEN_KEY]


def test_a_ping_while_typing_counts_as_activity_and_keeps_the_session_open(personas, login):
    client = login(personas.cadre_a)
    client.get("/")
    idle = current_policy().idle_minutes * 60
    idle_for(client, idle - 30)

    answer = client.get(PING).json()
    idle_for_again = int(time.time()) - last_seen(client)

    assert answer == {"signed_in": True, "idle_seconds": idle, "seconds_left": idle}
    assert idle_for_again <= 2
    assert client.get("/").status_code == 200


def test_asking_whether_the_session_is_open_is_not_activity(personas, login):
    client = login(personas.cadre_a)
    client.get("/")
    idle = current_policy().idle_minutes * 60
    idle_for(client, idle - 100)
    before = last_seen(client)

    answer = client.get(PING, {"check": "1"}).json()

    assert answer["signed_in"] is True and 95 <= answer["seconds_left"] <= 100
    assert last_seen(client) == before


def test_a_session_idle_too_long_answers_signed_out_and_the_timeout_is_audited(personas, login):
    client = login(personas.cadre_a)
    client.get("/")
    idle_for(client, current_policy().idle_minutes * 60 + 20)

    answer = client.get(PING, {"check": "1"}).json()

    assert answer["signed_in"] is False and answer["seconds_left"] == 0
    assert AuditEvent.objects.filter(action="auth.timeout", actor=personas.cadre_a).exists()
    assert client.get("/").status_code == 302


def test_a_page_of_a_signed_in_user_carries_the_timeout_for_the_script(personas, login):
    page = login(personas.cadre_a).get("/").content.decode()

    assert f'data-idle-seconds="{current_policy().idle_minutes * 60}"' in page
    assert f'data-session-ping="{PING}"' in page and "js/session_keepalive.js" in page
    assert "session_keepalive.js" not in Client().get("/accounts/login/").content.decode()
