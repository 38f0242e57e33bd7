"""An API token unused for longer than the policy's idle minutes is refused and deleted, as an idle session ends
(review security finding 2): any role could take a 24-hour token (720 with the security admin's setting) and it
outlived the idle timeout and the closed browser. A use keeps it alive, written at most once a minute."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.authentication import MSG_TOKEN_IDLE
from accounts.models import ApiTokenUse, AuditEvent
from accounts.policy import current_policy
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _ask() -> str:
    response = Client().post("/api/v1/auth/token/", {"username": "cadre_a", "password": TEST_PASSWORD})
    assert response.status_code == 200
    return response.json()["token"]


def _me(key: str):
    return Client().get("/api/v1/me/", headers={"authorization": f"Bearer {key}"})


def _minutes_ago(minutes: float):
    return timezone.now() - timedelta(minutes=minutes)


def test_a_token_never_used_after_the_idle_minutes_is_refused_and_deleted(personas):
    key = _ask()
    idle = current_policy().idle_minutes
    Token.objects.filter(key=key).update(created=_minutes_ago(idle + 1))

    refused = _me(key)

    assert refused.status_code == 401 and refused.json()["detail"] == MSG_TOKEN_IDLE
    assert "登录已超时，请重新获取令牌" in MSG_TOKEN_IDLE
    assert not Token.objects.filter(key=key).exists()
    event = AuditEvent.objects.filter(action="auth.timeout", actor=personas.cadre_a).latest("id")
    assert f"接口令牌{idle}分钟未使用" in event.summary


def test_a_token_last_used_longer_ago_than_the_idle_minutes_is_refused(personas):
    key = _ask()
    idle = current_policy().idle_minutes
    Token.objects.filter(key=key).update(created=_minutes_ago(idle * 3))
    ApiTokenUse.objects.update_or_create(token_id=key, defaults={"used_at": _minutes_ago(idle + 1)})

    assert _me(key).status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_each_use_keeps_the_token_alive_past_the_idle_minutes_from_its_issue(personas):
    key = _ask()
    idle = current_policy().idle_minutes
    Token.objects.filter(key=key).update(created=_minutes_ago(idle * 3))
    ApiTokenUse.objects.update_or_create(token_id=key, defaults={"used_at": _minutes_ago(idle - 1)})

    assert _me(key).status_code == 200
    used_at = ApiTokenUse.objects.get(token_id=key).used_at
    assert timezone.now() - used_at < timedelta(seconds=30)  # the use moved it on


def test_a_use_within_a_minute_of_the_last_writes_nothing(personas):
    key = _ask()
    assert _me(key).status_code == 200
    written = ApiTokenUse.objects.get(token_id=key).used_at

    assert _me(key).status_code == 200
    assert _me(key).status_code == 200

    assert ApiTokenUse.objects.get(token_id=key).used_at == written


def test_asking_again_for_an_idle_token_gives_a_new_one_that_works(personas):
    key = _ask()
    Token.objects.filter(key=key).update(created=_minutes_ago(current_policy().idle_minutes + 1))

    again = _ask()

    assert again != key
    assert _me(again).status_code == 200
    assert not Token.objects.filter(key=key).exists()
