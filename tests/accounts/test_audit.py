import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from accounts.audit import audit_record
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_is_audited_with_the_client_address(personas, login):
    login(personas.cadre_a)

    event = AuditEvent.objects.filter(action="auth.login").latest("id")
    assert event.actor == personas.cadre_a
    assert event.ip_address == "127.0.0.1"


def test_a_forwarded_address_made_up_by_the_client_is_not_audited(personas, client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client.post(
        "/accounts/login/",
        {"username": "cadre_a", "password": "wrong-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert AuditEvent.objects.filter(action="auth.login_failed").latest("id").ip_address == "127.0.0.1"


def test_behind_our_proxy_the_address_it_saw_is_audited(personas, client, settings):
    # One proxy of ours appends the address it saw; whatever the client put further left is not believed.
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/accounts/login/",
        {"username": "cadre_a", "password": "wrong-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
    )
    assert AuditEvent.objects.filter(action="auth.login_failed").latest("id").ip_address == "198.51.100.7"


def test_failed_login_is_audited_with_the_username_tried(personas, client):
    client.post("/accounts/login/", {"username": "cadre_a", "password": "wrong-password"})

    event = AuditEvent.objects.filter(action="auth.login_failed").latest("id")
    assert event.actor is None
    assert event.actor_username == "cadre_a"


def test_logout_is_audited(personas, login):
    client = login(personas.cadre_a)

    client.post("/accounts/logout/")

    assert AuditEvent.objects.filter(action="auth.logout", actor=personas.cadre_a).exists()


def test_the_database_refuses_to_update_an_audit_event(personas):
    event = audit_record(actor=personas.cadre_a, action="test.action", summary="测试")

    with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="改写")

    event.refresh_from_db()
    assert event.summary == "测试"


def test_the_database_refuses_to_delete_or_truncate_audit_events(personas):
    event = audit_record(actor=personas.cadre_a, action="test.action", summary="测试")

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE accounts_auditevent")

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_admin_can_search_the_log_and_system_admin_cannot_open_it(personas, login):
    audit_record(actor=personas.cadre_a, action="household.update", summary="修改农户 H0001 的住址")
    audit_record(actor=personas.cadre_b, action="household.update", summary="修改农户 H0002 的电话")

    found = login(personas.audit_admin).get("/accounts/audit/", {"q": "H0001"})
    refused_page = login(personas.system_admin).get("/accounts/audit/")
    refused_api = login(personas.system_admin).get("/api/v1/audit-events/")

    assert found.status_code == 200
    assert "修改农户 H0001 的住址" in found.content.decode()
    assert "H0002" not in found.content.decode()
    assert refused_page.status_code == 403
    assert refused_api.status_code == 403


def test_audit_admin_reads_the_log_through_the_api(personas, login):
    audit_record(actor=personas.cadre_a, action="household.update", summary="修改农户 H0001 的住址")

    rows = login(personas.audit_admin).get("/api/v1/audit-events/", {"q": "H0001"}).json()["results"]

    assert [r["summary"] for r in rows] == ["修改农户 H0001 的住址"]
