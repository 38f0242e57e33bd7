"""A locked account is seen and lifted by the security admin, the lock and every refused attempt are audited, and
a failed login keeps no typed text that might be a password (review admins findings 2 and 9)."""

import pytest
from django.test import Client

from accounts.admin import MSG_RESET_BUT_LOCKED
from accounts.lockouts import MSG_NOT_LOCKED
from accounts.models import AuditEvent
from accounts.views import MSG_LOCKED, MSG_UNLOCKED
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Wrong@Pass2026"
UNLOCK_URL = "/accounts/security/unlock/{pk}/"


def _log_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _lock(username: str) -> None:
    client = Client()
    for _ in range(5):
        _log_in(client, username, WRONG)


def test_the_security_admin_sees_the_locked_account_and_unlocks_it_after_confirming(personas, login):
    _lock("cadre_a")
    client = login(personas.security_admin)

    page = client.get("/accounts/security/").content.decode()
    confirm = client.get(UNLOCK_URL.format(pk=personas.cadre_a.pk)).content.decode()
    still_locked = _log_in(Client(), "cadre_a", TEST_PASSWORD)
    unlocked = client.post(UNLOCK_URL.format(pk=personas.cadre_a.pk), follow=True).content.decode()

    assert "被锁定的账号" in page
    assert "cadre_a" in page and "连续失败 5 次" in page and "127.0.0.1" in page
    assert "确认解锁" in confirm
    assert still_locked.status_code == 403  # opening the confirmation unlocked nothing
    assert MSG_UNLOCKED.format(username="cadre_a") in unlocked
    assert "目前没有被锁定的账号。" in unlocked
    assert _log_in(Client(), "cadre_a", TEST_PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="auth.unlock")
    assert (event.actor, event.object_id) == (personas.security_admin, str(personas.cadre_a.pk))
    assert event.summary == "解除账号 cadre_a 的登录锁定（连续失败5次）"
    assert event.before["ip_addresses"] == ["127.0.0.1"]
    # The auditor reads it in words and in the county's time (the re-check saw English keys and a UTC hour).
    from django.utils import timezone

    assert event.before["locked_at"][:10] == f"{timezone.localdate():%Y-%m-%d}"
    audit_page = login(personas.audit_admin).get("/accounts/audit/?q=解除").content.decode()
    assert "连续失败次数" in audit_page and "锁定时间" in audit_page and "locked_at" not in audit_page


def test_the_lock_is_its_own_audit_event_and_attempts_during_it_are_refused_not_failed(personas):
    _lock("cadre_a")
    client = Client()

    response = _log_in(client, "cadre_a", TEST_PASSWORD)

    assert MSG_LOCKED.format(minutes=30) in response.content.decode()
    lock = AuditEvent.objects.get(action="auth.lockout")
    assert lock.summary == "账号锁定：账号 cadre_a 连续登录失败5次，锁定30分钟"
    assert lock.object_id == str(personas.cadre_a.pk)
    refused = AuditEvent.objects.get(action="auth.login_locked")
    assert refused.summary == "账号已锁定，拒绝登录：账号 cadre_a"
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5


def test_only_the_security_admin_unlocks(personas, login):
    _lock("cadre_a")
    url = UNLOCK_URL.format(pk=personas.cadre_a.pk)

    assert login(personas.system_admin).post(url).status_code == 403
    assert login(personas.audit_admin).post(url).status_code == 403
    assert login(personas.cadre_b).post(url).status_code == 403
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()


def test_unlocking_an_account_that_is_not_locked_says_so(personas, login):
    response = login(personas.security_admin).post(UNLOCK_URL.format(pk=personas.cadre_a.pk), follow=True)

    assert MSG_NOT_LOCKED.format(username="cadre_a") in response.content.decode()
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()


def test_a_password_reset_says_the_account_is_locked_and_leaves_the_lock_to_the_security_admin(personas, login):
    _lock("cadre_a")
    client = login(personas.system_admin)
    url = f"/admin/accounts/user/{personas.cadre_a.pk}/password/"

    page = client.get(url).content.decode()
    done = client.post(
        url, {"new_password": "Temp@Pass2027", "new_password_confirm": "Temp@Pass2027"}, follow=True
    ).content.decode()
    user_list = client.get("/admin/accounts/user/").content.decode()

    assert "正处于锁定状态" in page and "请联系安全管理员" in page
    assert "重置密码不会解除锁定" in done
    assert "已锁定" in user_list
    assert _log_in(Client(), "cadre_a", "Temp@Pass2027").status_code == 403
    assert MSG_RESET_BUT_LOCKED.startswith("用户 {username} 因连续登录失败正处于锁定状态")


def test_an_unknown_username_is_kept_masked_and_said_to_be_unknown(personas, client):
    _log_in(client, "Xy#Secret9pw", WRONG)

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert "Secret9pw" not in event.summary and "Secret9pw" not in event.actor_username
    assert event.summary == "登录失败：账号不存在（输入 Xy***）"
    assert event.actor_username == "Xy***"


def test_a_known_usernames_failure_says_wrong_password(personas, client):
    _log_in(client, "cadre_a", WRONG)

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.summary == "登录失败：账号 cadre_a 密码错误"
    assert (event.actor_username, event.object_id) == ("cadre_a", str(personas.cadre_a.pk))


def test_a_locked_unknown_name_is_not_listed_for_the_security_admin(personas, login):
    _lock("Xy#Secret9pw")

    page = login(personas.security_admin).get("/accounts/security/").content.decode()

    assert "Secret9pw" not in page
    assert "目前没有被锁定的账号。" in page
    assert "Secret9pw" not in AuditEvent.objects.get(action="auth.lockout").summary


def test_a_policy_change_that_locks_or_frees_accounts_names_them_on_the_page_and_in_the_log(
    personas, login, django_capture_on_commit_callbacks
):
    """Lowering the failure limit locked accounts at once, raising it freed locked ones: nobody logged in, nobody
    unlocked, and the log said only that the limit changed."""
    client = Client()
    for _ in range(3):
        _log_in(client, "cadre_a", WRONG)
    _lock("township")
    security = login(personas.security_admin)
    policy = {"password_max_age_days": 90, "lockout_minutes": 30, "idle_minutes": 30, "token_hours": 24}

    with django_capture_on_commit_callbacks(execute=True):
        lowered = security.post("/accounts/security/", {**policy, "failure_limit": 3}, follow=True).content.decode()
    cadre_locked = _log_in(Client(), "cadre_a", TEST_PASSWORD).status_code
    with django_capture_on_commit_callbacks(execute=True):
        raised = security.post("/accounts/security/", {**policy, "failure_limit": 8}, follow=True).content.decode()

    assert "因此立即锁定账号 cadre_a" in lowered and "township" not in lowered.split("因此立即锁定账号")[1][:20]
    assert cadre_locked == 403
    assert "因此立即解除锁定账号 cadre_a、township" in raised
    assert _log_in(Client(), "township", TEST_PASSWORD).status_code == 302
    first, second = AuditEvent.objects.filter(action="security.policy_update").order_by("pk")
    assert first.summary == "修改安全策略：连续登录失败锁定次数 5 → 3；因此立即锁定账号 cadre_a"
    assert first.after["locked_now"] == ["cadre_a"] and "unlocked_now" not in first.after
    assert second.after["unlocked_now"] == ["cadre_a", "township"]
    audit_page = login(personas.audit_admin).get("/accounts/audit/?category=security").content.decode()
    assert "因此立即解除锁定的账号" in audit_page and "unlocked_now" not in audit_page
