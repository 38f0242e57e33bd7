"""A wrong 旧密码 on the password page counts as a failed login (review admins finding 5): each is audited, the
account locks at the policy's limit, the session ends, and the typed passwords are kept nowhere."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from accounts.models import AuditEvent
from accounts.views import MSG_LOCKED
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

URL = "/accounts/password/"
GUESS = "Guess@Word2026"
NEW = "Brand@New2027"


def _change(client: Client, old: str):
    return client.post(URL, {"old_password": old, "new_password1": NEW, "new_password2": NEW})


def test_each_wrong_old_password_is_audited_as_a_failed_login(personas, login):
    client = login(personas.cadre_a)

    response = _change(client, GUESS)

    assert response.status_code == 200
    assert "你的旧密码不正确" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.summary == "修改密码时旧密码错误：账号 cadre_a（计入连续登录失败次数）"
    assert event.object_id == str(personas.cadre_a.pk)
    attempt = AccessAttempt.objects.get(username="cadre_a")
    assert GUESS not in attempt.post_data and NEW not in attempt.post_data


def test_the_limit_locks_the_account_and_ends_the_session(personas, login):
    client = login(personas.cadre_a)

    answers = [_change(client, GUESS) for _ in range(5)]

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 403]
    assert MSG_LOCKED.format(minutes=30) in answers[-1].content.decode()
    # The session is over: the next page asks for a login, and the right password is refused at this address.
    assert client.get("/").status_code == 302
    assert Client().post("/accounts/login/", {"username": "cadre_a", "password": TEST_PASSWORD}).status_code == 403
    assert AuditEvent.objects.filter(action="auth.login_failed", summary__startswith="修改密码时").count() == 5
    assert AuditEvent.objects.filter(action="auth.lockout", object_id=str(personas.cadre_a.pk)).count() == 1
    assert AuditEvent.objects.filter(action="auth.logout", actor=personas.cadre_a).count() == 1


def test_wrong_old_passwords_and_failed_logins_add_up(personas, login):
    client = login(personas.cadre_a)
    for _ in range(4):
        _change(client, GUESS)

    fifth = Client().post("/accounts/login/", {"username": "cadre_a", "password": GUESS})

    assert fifth.status_code == 403  # the fifth failure at this address, on the login page, sets the lock
    assert AuditEvent.objects.filter(action="auth.lockout", object_id=str(personas.cadre_a.pk)).count() == 1
    assert _change(client, TEST_PASSWORD).status_code == 403  # even the right one: the session ends
    assert login(personas.cadre_b).get("/").status_code == 200  # another account is not concerned


def test_the_right_old_password_still_changes_it(personas, login):
    client = login(personas.cadre_a)
    _change(client, GUESS)

    response = _change(client, TEST_PASSWORD)

    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.change_password", actor=personas.cadre_a).exists()
