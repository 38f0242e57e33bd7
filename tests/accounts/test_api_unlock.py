"""The security admin's unlock of a locked-out account through the API, as on the security page: GET
/api/v1/locked-accounts/ lists the locks the page lists, POST /api/v1/locked-accounts/{id}/unlock/ lifts one,
audited as the page does it; an account not locked is a 400 in Chinese and nothing is recorded; only the security
admin may do either (三权分立: not the system admin)."""

import pytest
from django.test import Client

from accounts.lockouts import MSG_NOT_LOCKED
from accounts.models import AuditEvent
from accounts.views import MSG_UNLOCKED
from tests.config.schema_check import assert_matches_schema, openapi
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Wrong@Pass2026"
LIST = "/api/v1/locked-accounts/"
UNLOCK = "/api/v1/locked-accounts/{pk}/unlock/"


def _log_in(username: str, password: str):
    return Client().post("/accounts/login/", {"username": username, "password": password})


def _lock(username: str) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": username, "password": WRONG})


def test_the_security_admin_lists_the_lock_and_lifts_it(personas, login):
    _lock("cadre_a")
    client = login(personas.security_admin)

    listed = client.get(LIST)
    response = client.post(UNLOCK.format(pk=personas.cadre_a.pk))

    assert listed.status_code == 200, listed.content.decode()
    [row] = listed.json()["results"]
    assert (row["user"], row["username"], row["failures"]) == (personas.cadre_a.pk, "cadre_a", 5)
    assert row["ip_addresses"] == ["127.0.0.1"]
    assert response.status_code == 200, response.content.decode()
    assert response.json()["detail"] == MSG_UNLOCKED.format(username="cadre_a")
    assert response.json()["lock"]["failures"] == 5
    assert _log_in("cadre_a", TEST_PASSWORD).status_code == 302
    assert client.get(LIST).json()["results"] == []
    event = AuditEvent.objects.get(action="auth.unlock")
    assert (event.actor, event.object_id) == (personas.security_admin, str(personas.cadre_a.pk))
    assert event.summary == "解除账号 cadre_a 的登录锁定（连续失败5次）"
    assert event.before["ip_addresses"] == ["127.0.0.1"]
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/locked-accounts/", "get", listed)
    assert_matches_schema(schema, "/api/v1/locked-accounts/{id}/unlock/", "post", response)


def test_an_account_not_locked_is_a_400_and_nothing_is_recorded(personas, login):
    response = login(personas.security_admin).post(UNLOCK.format(pk=personas.cadre_a.pk))

    assert response.status_code == 400
    assert response.json() == {"detail": MSG_NOT_LOCKED.format(username="cadre_a")}
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()


def test_an_unknown_account_is_a_404_in_chinese(personas, login):
    response = login(personas.security_admin).post(UNLOCK.format(pk=999999))

    assert response.status_code == 404 and "999999" in response.json()["detail"]


@pytest.mark.parametrize("who", ["system_admin", "audit_admin", "county_officer", "cadre_b"])
def test_only_the_security_admin_lists_or_unlocks(who, personas, login):
    _lock("cadre_a")
    client = login(getattr(personas, who))

    assert client.get(LIST).status_code == 403
    assert client.post(UNLOCK.format(pk=personas.cadre_a.pk)).status_code == 403
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()
    assert _log_in("cadre_a", TEST_PASSWORD).status_code == 403
