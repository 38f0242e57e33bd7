"""The security policy page reports every wrong value at once, each at its field (review admins w3 finding 1): a
failure limit and a password length out of range were reported only on the second submit, after the empty field."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent, SecurityPolicy
from accounts.policy_update import MSG_POLICY_RANGE, security_policy_update

pytestmark = pytest.mark.django_db

POLICY = {
    "password_max_age_days": 90,
    "failure_limit": 5,
    "lockout_minutes": 30,
    "idle_minutes": 30,
    "token_hours": 24,
    "password_min_length": 8,
    "password_min_classes": 3,
    "password_history_size": 5,
}


def test_an_empty_field_and_two_out_of_range_values_are_all_reported_in_one_submit(personas, login):
    response = login(personas.security_admin).post(
        "/accounts/security/", POLICY | {"failure_limit": 2, "password_min_length": 4, "idle_minutes": ""}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["idle_minutes"] == ["请填写无操作自动退出。"]
    assert errors["failure_limit"] == [MSG_POLICY_RANGE.format(field="连续登录失败锁定次数", low=3, high=10)]
    assert errors["password_min_length"] == [MSG_POLICY_RANGE.format(field="密码最小长度（位）", low=8, high=32)]
    page = response.content.decode()
    for field in ["idle_minutes", "failure_limit", "password_min_length"]:
        assert f'id="id_{field}_error"' in page
    assert "连续登录失败锁定次数必须在3到10之间。" in page and "密码最小长度（位）必须在8到32之间。" in page
    assert not SecurityPolicy.objects.filter(failure_limit=2).exists()
    assert not AuditEvent.objects.filter(action="security.policy_update").exists()


def test_a_value_that_is_not_a_number_does_not_hide_the_range_errors_of_the_others(personas, login):
    response = login(personas.security_admin).post(
        "/accounts/security/", POLICY | {"lockout_minutes": "abc", "token_hours": 0}
    )

    errors = response.context["form"].errors
    assert set(errors) == {"lockout_minutes", "token_hours"}
    assert errors["token_hours"] == [MSG_POLICY_RANGE.format(field="接口令牌有效期（小时）", low=1, high=720)]


def test_the_service_still_refuses_out_of_range_values_by_itself(personas):
    with pytest.raises(ValidationError) as refused:
        security_policy_update(actor=personas.security_admin, failure_limit=2, password_min_length=4)

    assert set(refused.value.message_dict) == {"failure_limit", "password_min_length"}
    assert not SecurityPolicy.objects.filter(failure_limit=2).exists()
