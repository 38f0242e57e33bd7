"""A script that asks for a token near the end of its lifetime gets a new one instead of the old one that runs out
minutes later, and a caller can revoke its own token (review API integrator finding 2)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime as dt_parse
from rest_framework.authtoken.models import Token

from accounts.models import ApiTokenUse, AuditEvent
from accounts.policy import current_policy
from tests.config.schema_check import openapi
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _ask() -> dict:
    response = Client().post("/api/v1/auth/token/", {"username": "cadre_a", "password": TEST_PASSWORD})
    assert response.status_code == 200
    return response.json()


def _me(key: str):
    return Client().get("/api/v1/me/", headers={"authorization": f"Token {key}"})


def _age(key: str, hours: float) -> None:
    """Issued `hours` ago, and used by its script a minute ago (an idle one ends sooner: test_api_token_idle)."""
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(hours=hours))
    ApiTokenUse.objects.update_or_create(token_id=key, defaults={"used_at": timezone.now() - timedelta(minutes=1)})


def test_a_token_asked_for_seconds_before_it_expires_is_replaced_by_a_new_one(personas):
    hours = current_policy().token_hours
    first = _ask()
    _age(first["token"], hours - 0.01)  # the nightly run, half a minute before expiry

    second = _ask()

    assert second["token"] != first["token"]
    assert dt_parse(second["expires_at"]) > timezone.now() + timedelta(hours=hours - 0.1)
    assert _me(second["token"]).status_code == 200
    assert _me(first["token"]).status_code == 401  # one token per account: the old one is revoked
    event = AuditEvent.objects.filter(action="auth.token", actor=personas.cadre_a).latest("id")
    assert "已换发新令牌" in event.summary


def test_a_token_with_most_of_its_lifetime_left_is_given_again(personas):
    hours = current_policy().token_hours
    first = _ask()
    _age(first["token"], hours * 0.7)

    again = _ask()

    assert again["token"] == first["token"]
    assert dt_parse(again["expires_at"]) < timezone.now() + timedelta(hours=hours * 0.31)  # its own expiry


def test_a_caller_revokes_its_own_token(personas):
    key = _ask()["token"]

    revoked = Client().delete("/api/v1/auth/token/", headers={"authorization": f"Token {key}"})

    assert revoked.status_code == 204
    assert _me(key).status_code == 401
    assert AuditEvent.objects.filter(action="auth.token_revoke", actor=personas.cadre_a).count() == 1
    assert _ask()["token"] != key  # asking again issues a new one


def test_revoking_needs_a_token_or_a_session(personas):
    key = _ask()["token"]

    refused = Client().delete("/api/v1/auth/token/")

    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Token")
    assert _me(key).status_code == 200


def test_the_schema_documents_revoking_and_renewal(personas, login):
    operations = openapi(login(personas.cadre_a))["paths"]["/api/v1/auth/token/"]

    assert "204" in operations["delete"]["responses"]
    assert "换发" in operations["post"]["description"]


def test_a_tokens_expiry_is_given_in_beijing_time(personas):
    expires_at = _ask()["expires_at"]

    assert expires_at.endswith("+08:00"), expires_at
