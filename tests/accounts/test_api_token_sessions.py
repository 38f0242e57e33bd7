"""A script authenticated by its API token opens no session: a session row and a sessionid cookie on every token
request filled django_session at the script's request rate (review API integrator finding 1). Browser sessions
keep their idle timeout."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.middleware import LAST_SEEN_KEY
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_token_requests_create_no_session_and_set_no_cookie(personas):
    token = Client().post("/api/v1/auth/token/", {"username": "cadre_a", "password": TEST_PASSWORD}).json()["token"]
    before = Session.objects.count()
    script = Client()

    responses = [script.get("/api/v1/me/", headers={"authorization": f"Token {token}"}) for _ in range(2)]

    assert [r.status_code for r in responses] == [200, 200]
    assert Session.objects.count() == before
    for response in responses:
        assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_browser_session_on_the_api_still_records_its_last_request(personas, login):
    client = login(personas.cadre_a)

    assert client.get("/api/v1/me/").status_code == 200

    assert LAST_SEEN_KEY in client.session
