"""The MLPS level 3 login policy, as a person meets it: Chinese pages, lockout, password age and complexity,
idle timeout, and the three separated administrators."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime as dt_parse
from rest_framework.authtoken.models import Token

from accounts.authentication import MSG_TOKEN_EXPIRED
from accounts.middleware import LAST_SEEN_KEY, MSG_PASSWORD_EXPIRED_API
from accounts.models import AuditEvent, SecurityPolicy, User
from accounts.passwords import MSG_PASSWORD_CLASSES, MSG_PASSWORD_TOO_SHORT
from accounts.policy import current_policy
from accounts.policy_update import MSG_POLICY_RANGE
from accounts.services import user_change_own_password
from accounts.views import MSG_LOCKED
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Wrong@Pass2026"
NEW_PASSWORD = "New@Pass2027"


def _log_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _token(client: Client, username: str, password: str):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password})


def test_login_page_is_in_chinese(client):
    body = client.get("/accounts/login/").content.decode()

    assert "登录" in body
    assert "用户名" in body
    # The lock is per account and address (settings.AXES_LOCKOUT_PARAMETERS), as the lock page says.
    assert "在同一地址连续5次密码错误，该账号在该地址锁定30分钟" in body


def test_logout_returns_to_the_chinese_login_page_and_closes_the_session(personas, login):
    client = login(personas.cadre_a)

    response = client.post("/accounts/logout/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "登录" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_wrong_password_shows_a_chinese_error_at_the_form(personas, client):
    response = _log_in(client, "cadre_a", WRONG)

    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_against_the_right_password(personas, client):
    for _ in range(5):
        _log_in(client, "cadre_a", WRONG)

    response = _log_in(client, "cadre_a", TEST_PASSWORD)

    assert response.status_code == 403
    assert MSG_LOCKED.format(minutes=30) in response.content.decode()
    assert "账号已锁定" in response.content.decode()
    assert client.get("/").status_code == 302  # not signed in
    # Five failures, the lock, and the attempt refused during it (review admins finding 2: each its own event).
    actions = list(AuditEvent.objects.filter(actor_username="cadre_a").values_list("action", flat=True))
    assert sorted(actions) == sorted(["auth.login_failed"] * 5 + ["auth.lockout", "auth.login_locked"])
    assert not AuditEvent.objects.filter(action="auth.login", actor=personas.cadre_a).exists()


def test_the_lockout_is_per_account(personas, client):
    for _ in range(5):
        _log_in(client, "cadre_a", WRONG)

    assert _log_in(client, "cadre_b", TEST_PASSWORD).status_code == 302


def test_four_wrong_passwords_do_not_lock_and_a_success_starts_the_count_again(personas, client):
    for _ in range(4):
        _log_in(client, "cadre_a", WRONG)
    assert _log_in(client, "cadre_a", TEST_PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    for _ in range(4):
        _log_in(client, "cadre_a", WRONG)

    assert _log_in(client, "cadre_a", TEST_PASSWORD).status_code == 302


def test_the_account_opens_again_after_the_lockout_minutes(personas, client):
    for _ in range(5):
        _log_in(client, "cadre_a", WRONG)
    assert _log_in(client, "cadre_a", TEST_PASSWORD).status_code == 403

    lockout = timedelta(minutes=current_policy().lockout_minutes)
    AccessAttempt.objects.update(attempt_time=timezone.now() - lockout - timedelta(seconds=1))

    assert _log_in(client, "cadre_a", TEST_PASSWORD).status_code == 302
    assert client.get("/").status_code == 200


def test_the_api_token_endpoint_gives_a_token_that_opens_the_api(personas, county, client):
    token = _token(client, "cadre_a", TEST_PASSWORD).json()["token"]

    me = Client().get("/api/v1/me/", headers={"authorization": f"Token {token}"})

    assert me.status_code == 200
    assert me.json()["username"] == "cadre_a"
    assert me.json()["role_display"] == "村干部/网格员"
    assert me.json()["region_code"] == county.village_a.code  # the code the filters take
    assert AuditEvent.objects.filter(action="auth.token", actor=personas.cadre_a).exists()


def test_the_api_token_endpoint_locks_after_five_failures(personas, client):
    failures = [_token(client, "cadre_a", WRONG) for _ in range(5)]

    refused = _token(client, "cadre_a", TEST_PASSWORD)

    assert [r.status_code for r in failures[:4]] == [400] * 4
    assert failures[0].json()["detail"] == "用户名或密码错误。连续失败多次后账号将被锁定。"
    assert refused.status_code == 403
    assert refused.json()["detail"] == MSG_LOCKED.format(minutes=30)
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_username="cadre_a").count() == 5
    assert AuditEvent.objects.filter(action="auth.login_locked", actor_username="cadre_a").count() == 1


def test_web_and_api_failures_count_together(personas, client):
    for _ in range(3):
        _log_in(client, "cadre_a", WRONG)
    for _ in range(2):
        _token(client, "cadre_a", WRONG)

    assert _log_in(client, "cadre_a", TEST_PASSWORD).status_code == 403


def test_first_login_forces_the_password_change_before_any_page_or_api(personas, login):
    User.objects.filter(pk=personas.cadre_a.pk).update(must_change_password=True)
    client = login(personas.cadre_a)

    home = client.get("/")
    api = client.get("/api/v1/me/")
    form = client.get("/accounts/password/")

    assert home.status_code == 302
    assert home["Location"] == "/accounts/password/"
    assert api.status_code == 403
    assert api.json()["detail"] == MSG_PASSWORD_EXPIRED_API
    assert "首次登录或密码已超过90天未修改" in form.content.decode()


def test_after_the_forced_change_pages_open_and_the_flag_is_cleared(personas, login):
    User.objects.filter(pk=personas.cadre_a.pk).update(must_change_password=True)
    client = login(personas.cadre_a)

    response = client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    personas.cadre_a.refresh_from_db()
    assert personas.cadre_a.must_change_password is False
    assert personas.cadre_a.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    assert AuditEvent.objects.filter(action="user.change_password", actor=personas.cadre_a).exists()


def test_an_api_token_expires_after_the_policy_hours_and_a_new_one_is_issued(personas, client):
    issued = _token(client, "cadre_a", TEST_PASSWORD).json()
    token = Token.objects.get(key=issued["token"])
    hours = current_policy().token_hours
    assert abs(dt_parse(issued["expires_at"]) - (token.created + timedelta(hours=hours))) < timedelta(seconds=1)
    # Asked again while it is valid: the same token.
    assert _token(client, "cadre_a", TEST_PASSWORD).json()["token"] == issued["token"]

    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(hours=hours, minutes=1))
    refused = Client().get("/api/v1/me/", headers={"authorization": f"Token {issued['token']}"})

    # 401 with the scheme named: the token authenticator comes first, so the client knows to fetch a new one.
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Token")
    assert refused.json()["detail"] == MSG_TOKEN_EXPIRED
    assert not Token.objects.filter(key=issued["token"]).exists()
    renewed = _token(client, "cadre_a", TEST_PASSWORD).json()["token"]
    assert renewed != issued["token"]
    assert Client().get("/api/v1/me/", headers={"authorization": f"Token {renewed}"}).status_code == 200


def test_a_new_password_ends_the_api_token_issued_under_the_old_one(personas, login, client):
    old_token = _token(client, "cadre_a", TEST_PASSWORD).json()["token"]
    user_change_own_password(user=personas.cadre_a, new_password=NEW_PASSWORD)

    refused = Client().get("/api/v1/me/", headers={"authorization": f"Token {old_token}"})

    assert refused.status_code == 401 and "认证令牌无效" in refused.json()["detail"]
    assert _token(client, "cadre_a", NEW_PASSWORD).status_code == 200


def test_the_security_admin_sets_the_token_lifetime_within_bounds(personas, login):
    values = {"password_max_age_days": 90, "failure_limit": 5, "lockout_minutes": 30, "idle_minutes": 30}
    client = login(personas.security_admin)

    refused = client.post("/accounts/security/", {**values, "token_hours": 0})
    saved = client.post("/accounts/security/", {**values, "token_hours": 8})

    message = MSG_POLICY_RANGE.format(field="接口令牌有效期（小时）", low=1, high=720)
    assert refused.context["form"].errors["token_hours"] == [message]
    assert saved.status_code == 302
    assert SecurityPolicy.objects.get().token_hours == 8


def test_a_user_who_must_change_the_password_gets_no_api_token_and_old_tokens_stop_working(personas, client):
    old_token = _token(client, "cadre_a", TEST_PASSWORD).json()["token"]
    User.objects.filter(pk=personas.cadre_a.pk).update(must_change_password=True)

    refused_token = _token(client, "cadre_a", TEST_PASSWORD)
    refused_call = Client().get("/api/v1/me/", headers={"authorization": f"Token {old_token}"})

    assert refused_token.status_code == 403
    assert refused_token.json()["detail"] == MSG_PASSWORD_EXPIRED_API
    assert refused_call.status_code == 403
    assert refused_call.json()["detail"] == MSG_PASSWORD_EXPIRED_API


def test_a_password_older_than_the_policy_allows_forces_the_change(personas, login):
    client = login(personas.cadre_a)
    max_age = current_policy().password_max_age_days

    User.objects.filter(pk=personas.cadre_a.pk).update(password_changed_at=timezone.now() - timedelta(days=max_age + 1))
    expired = client.get("/")
    User.objects.filter(pk=personas.cadre_a.pk).update(password_changed_at=timezone.now() - timedelta(days=max_age - 1))
    current = client.get("/")

    assert expired.status_code == 302
    assert expired["Location"] == "/accounts/password/"
    assert current.status_code == 200


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Ab1@xyz", MSG_PASSWORD_TOO_SHORT.format(n=8)),
        ("abcdefgh12", MSG_PASSWORD_CLASSES.format(n=3)),
        ("ABCDEFGH!!", MSG_PASSWORD_CLASSES.format(n=3)),
    ],
    ids=["seven characters", "lower and digits only", "upper and symbols only"],
)
def test_a_weak_new_password_is_refused_with_a_chinese_error_at_the_field(personas, login, new_password, message):
    client = login(personas.cadre_a)

    response = client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assert message in response.context["form"].errors["new_password2"]
    assert message in response.content.decode()
    personas.cadre_a.refresh_from_db()
    assert personas.cadre_a.check_password(TEST_PASSWORD)


def test_an_idle_session_ends_and_the_next_request_goes_to_the_login_page(personas, login):
    client = login(personas.cadre_a)
    assert client.get("/").status_code == 200

    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_each_request_moves_the_idle_minutes_on_from_now(personas, login):
    client = login(personas.cadre_a)
    session = client.session
    session[LAST_SEEN_KEY] -= 20 * 60
    session.save()

    client.get("/")

    assert abs(client.session[LAST_SEEN_KEY] - timezone.now().timestamp()) < 30


def test_the_security_admin_changes_the_idle_minutes_and_the_next_request_uses_them(
    personas, login, django_capture_on_commit_callbacks
):
    values = {
        "password_max_age_days": 90,
        "failure_limit": 5,
        "lockout_minutes": 30,
        "idle_minutes": 10,
        "token_hours": 24,
    }
    admin_client = login(personas.security_admin)
    cadre = login(personas.cadre_a)

    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_client.post("/accounts/security/", values)
    cadre.get("/")

    assert saved.status_code == 302
    assert current_policy().idle_minutes == 10
    session = cadre.session  # 11 idle minutes: over the new 10
    session[LAST_SEEN_KEY] -= 11 * 60
    session.save()
    assert cadre.get("/").status_code == 302
    event = AuditEvent.objects.get(action="security.policy_update")
    assert event.actor == personas.security_admin
    assert (event.before["idle_minutes"], event.after["idle_minutes"]) == (30, 10)


def test_a_stricter_failure_limit_locks_sooner_and_the_login_page_says_so(
    personas, login, client, django_capture_on_commit_callbacks
):
    values = {
        "password_max_age_days": 90,
        "failure_limit": 3,
        "lockout_minutes": 60,
        "idle_minutes": 15,
        "token_hours": 24,
    }
    with django_capture_on_commit_callbacks(execute=True):
        login(personas.security_admin).post("/accounts/security/", values)

    page = client.get("/accounts/login/").content.decode()
    for _ in range(3):
        _log_in(client, "cadre_a", WRONG)
    response = _log_in(client, "cadre_a", TEST_PASSWORD)

    assert "在同一地址连续3次密码错误，该账号在该地址锁定60分钟；15分钟无操作自动退出" in page
    assert response.status_code == 403
    assert MSG_LOCKED.format(minutes=60) in response.content.decode()


def test_an_out_of_range_policy_value_is_refused_at_the_field_in_chinese(personas, login):
    values = {
        "password_max_age_days": 90,
        "failure_limit": 5,
        "lockout_minutes": 30,
        "idle_minutes": 120,
        "token_hours": 24,
    }

    response = login(personas.security_admin).post("/accounts/security/", values)

    assert response.status_code == 200
    message = MSG_POLICY_RANGE.format(field="无操作自动退出（分钟）", low=5, high=60)
    assert response.context["form"].errors["idle_minutes"] == [message]
    assert message in response.content.decode()
    assert current_policy().idle_minutes == 30


def test_the_system_admin_cannot_set_the_policy_or_read_the_audit_log(personas, login):
    client = login(personas.system_admin)

    assert client.get("/accounts/security/").status_code == 403
    assert client.post("/accounts/security/", {"idle_minutes": 60}).status_code == 403
    assert client.get("/accounts/audit/").status_code == 403
    assert client.get("/admin/").status_code == 200


def test_the_audit_admin_reads_the_log_but_cannot_configure_or_set_the_policy(personas, login):
    client = login(personas.audit_admin)

    refused_admin = client.get("/admin/")

    assert client.get("/accounts/audit/").status_code == 200
    assert refused_admin.status_code == 403
    assert "只有系统管理员可以进入用户与配置管理" in refused_admin.content.decode()
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/accounts/security/").status_code == 403


def test_the_security_admin_sets_the_policy_but_cannot_configure_or_read_the_log(personas, login):
    client = login(personas.security_admin)

    assert client.get("/accounts/security/").status_code == 200
    assert client.get("/admin/").status_code == 403
    assert client.get("/accounts/audit/").status_code == 403
