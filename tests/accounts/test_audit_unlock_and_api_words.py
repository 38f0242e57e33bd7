"""Review findings (county 4, 5): the auditor's keyword 解锁 found no unlock, which the log named 解除登录锁定 while
every page says 解锁; and a refused API call read 越权访问被拒绝（页面）, the page's words. The keyword now also
matches the action as the 操作 column names it (解锁（解除登录锁定）), and an API refusal is 越权访问被拒绝（接口）."""

import pytest
from django.test import Client

from accounts.audit import audit_record
from accounts.models import AuditEvent
from accounts.refusals import ACCESS_DENIED, API_DENIED
from accounts.selectors import audit_event_list
from accounts.tokens import token_for

pytestmark = pytest.mark.django_db


def _audit(login, personas, **params) -> str:
    return login(personas.audit_admin).get("/accounts/audit/", params).content.decode()


def test_the_keyword_unlock_finds_an_unlock(personas, login):
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "cadre_a", "password": "Wrong@Pass2026"})
    login(personas.security_admin).post(f"/accounts/security/unlock/{personas.cadre_a.pk}/")
    # A row written before the label changed says it in its summary only as 解除…登录锁定, as they all do.
    audit_record(
        actor=personas.security_admin, action="auth.unlock", summary="解除账号 cadre_b 的登录锁定（连续失败5次）"
    )

    found = _audit(login, personas, q="解锁")
    by_label = _audit(login, personas, q="解除登录锁定")

    assert "解除账号 cadre_a 的登录锁定" in found and "解除账号 cadre_b 的登录锁定" in found
    assert "解除账号 cadre_a 的登录锁定" in by_label
    # The unlocks only: not the lock itself (登录失败过多被锁定), nor the refused logins during it.
    assert set(audit_event_list(filters={"q": "解锁"}).values_list("action", flat=True)) == {"auth.unlock"}
    assert AuditEvent.objects.filter(action="auth.lockout").exists()


def test_a_refused_api_call_reads_as_the_api_and_a_refused_page_as_the_page(personas, login):
    api = Client().get("/api/v1/audit-events/", headers={"authorization": f"Token {token_for(personas.cadre_a).key}"})
    page = login(personas.system_admin).get("/accounts/audit/")

    assert api.status_code == 403 and page.status_code == 403
    assert AuditEvent.objects.get(action=API_DENIED).actor == personas.cadre_a
    assert AuditEvent.objects.get(action=ACCESS_DENIED).actor == personas.system_admin
    refused = _audit(login, personas, category="refused")
    assert "越权访问被拒绝（接口）" in refused and "越权访问被拒绝（页面）" in refused
    only_api = _audit(login, personas, action=API_DENIED)
    assert "访问 GET /api/v1/audit-events/" in only_api and "访问 GET /accounts/audit/" not in only_api
