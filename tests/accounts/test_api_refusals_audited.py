"""An API request refused with 403 to an authenticated user leaves a row in the audit log, as a refused page does
(accounts.refusals): DRF answers its own 403s, which never reached the page's handler403, so a cadre's token
probing the audit API left nothing. Not a 401 (no account behind it) nor a 404 (out of scope reads as not found)."""

import pytest
from django.test import Client

from accounts.models import AuditEvent
from accounts.refusals import ACCESS_DENIED, API_DENIED
from accounts.tokens import token_for

pytestmark = pytest.mark.django_db


def _get(path: str, token: str = "", **params):
    headers = {"authorization": f"Token {token}"} if token else {}
    return Client().get(path, params, headers=headers)


def test_a_cadres_token_refused_the_audit_api_is_recorded_once(personas, login):
    token = token_for(personas.cadre_a).key

    response = _get("/api/v1/audit-events/", token, q="H0001")

    assert response.status_code == 403
    (event,) = AuditEvent.objects.filter(action=API_DENIED)
    assert event.actor == personas.cadre_a
    assert event.summary.startswith("越权操作被拒绝：访问 GET /api/v1/audit-events/")
    assert event.after["attempted"] == "访问 GET /api/v1/audit-events/"
    assert event.after["reason"] == response.json()["detail"]

    log = login(personas.audit_admin).get("/accounts/audit/", {"category": "refused"}).content.decode()
    assert "越权操作被拒绝：访问 GET /api/v1/audit-events/" in log


def test_a_session_refused_the_api_is_recorded_as_the_page_is(personas, login):
    response = login(personas.system_admin).get("/api/v1/audit-events/")

    assert response.status_code == 403
    (event,) = AuditEvent.objects.filter(action=API_DENIED)
    assert event.actor == personas.system_admin


def test_no_credentials_a_bad_token_or_a_not_found_record_nothing(personas):
    assert _get("/api/v1/audit-events/").status_code == 401
    assert _get("/api/v1/audit-events/", "0" * 40).status_code == 401
    assert _get("/api/v1/households/999999999/", token_for(personas.cadre_a).key).status_code == 404
    assert _get("/api/v1/audit-events/", token_for(personas.audit_admin).key).status_code == 200

    assert not AuditEvent.objects.filter(action__in=[ACCESS_DENIED, API_DENIED]).exists()
