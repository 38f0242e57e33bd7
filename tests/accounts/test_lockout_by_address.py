"""A stranger cannot lock someone else out (review admins finding 4): failures count per account and source
address, so wrong passwords typed elsewhere lock the account only there; the token endpoint is throttled per
address; and a locked security admin is unlocked on the server by an audited command."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.api import MSG_THROTTLED
from accounts.lockouts import SERVER_COMMAND, locked_account_list
from accounts.models import AuditEvent
from accounts.views import MSG_LOCKED
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Wrong@Pass2026"
STRANGER = "10.9.8.7"
OFFICE = "10.1.1.1"
TOKEN_URL = "/api/v1/auth/token/"


def _token(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )


def _web_login(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def test_a_stranger_locks_the_account_only_from_the_strangers_address(personas):
    answers = [_token("cadre_a", WRONG, STRANGER).status_code for _ in range(5)]

    assert answers == [400, 400, 400, 400, 403]
    assert _token("cadre_a", TEST_PASSWORD, STRANGER).status_code == 403  # locked there
    assert _web_login("cadre_a", TEST_PASSWORD, STRANGER).status_code == 403
    # The owner, from their office, is not locked out.
    assert _web_login("cadre_a", TEST_PASSWORD, OFFICE).status_code == 302
    assert _token("cadre_a", TEST_PASSWORD, OFFICE).status_code == 200


def test_the_locked_page_says_the_lock_is_for_this_address(personas):
    for _ in range(5):
        _web_login("cadre_a", WRONG, STRANGER)

    body = _web_login("cadre_a", TEST_PASSWORD, STRANGER).content.decode()

    assert MSG_LOCKED.format(minutes=30) in body
    assert "在本地址已锁定30分钟" in body


def test_the_security_page_and_user_list_show_the_lock_with_its_address(personas, login):
    for _ in range(5):
        _web_login("cadre_a", WRONG, STRANGER)
    for _ in range(2):
        _web_login("cadre_a", WRONG, OFFICE)  # not enough for a lock from the office

    locks = locked_account_list()
    security = login(personas.security_admin).get("/accounts/security/").content.decode()
    users = login(personas.system_admin).get("/admin/accounts/user/", {"q": "cadre_a"}).content.decode()

    assert [(lock.user.username, lock.failures, lock.ip_addresses) for lock in locks] == [("cadre_a", 5, (STRANGER,))]
    assert STRANGER in security and "连续失败 5 次" in security
    assert "已锁定" in users


def test_the_token_endpoint_is_throttled_per_address_in_chinese(personas):
    answers = [_token(f"nobody{n}", WRONG, STRANGER) for n in range(11)]
    elsewhere = _token("cadre_a", TEST_PASSWORD, OFFICE)

    assert [a.status_code for a in answers[:10]] == [400] * 10
    refused = answers[10]
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith(MSG_THROTTLED.split("{")[0])
    assert "秒后再试" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    assert elsewhere.status_code == 200


def test_a_locked_security_admin_is_unlocked_on_the_server_and_it_is_audited(personas, capsys):
    for _ in range(5):
        _web_login("secadmin", WRONG, STRANGER)
    assert _web_login("secadmin", TEST_PASSWORD, STRANGER).status_code == 403

    call_command("unlock_account", "secadmin")

    assert "已解除账号 secadmin 的登录锁定" in capsys.readouterr().out
    assert _web_login("secadmin", TEST_PASSWORD, STRANGER).status_code == 302
    event = AuditEvent.objects.get(action="auth.unlock")
    assert event.actor is None and event.actor_username == SERVER_COMMAND
    assert event.object_id == str(personas.security_admin.pk)
    assert event.summary.startswith("在服务器上用管理命令解除账号 secadmin 的登录锁定（连续失败5次）")
    assert event.before["ip_addresses"] == [STRANGER]


def test_the_command_refuses_an_account_that_is_not_locked_or_does_not_exist(personas):
    with pytest.raises(CommandError, match="当前没有被锁定"):
        call_command("unlock_account", "secadmin")
    with pytest.raises(CommandError, match="不存在"):
        call_command("unlock_account", "nobody")
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()
