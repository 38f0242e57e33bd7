"""The security admin sets the password's minimum length, its character classes and how many earlier passwords it
may not repeat, each field showing its allowed range (review admins finding 9); every password form follows."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent, SecurityPolicy
from accounts.passwords import MSG_PASSWORD_CLASSES, MSG_PASSWORD_TOO_SHORT
from accounts.policy_update import MSG_POLICY_RANGE
from accounts.services import MSG_PASSWORD_REUSED, user_change_own_password
from tests.factories import TEST_PASSWORD

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


@pytest.fixture
def set_policy(login, personas, django_capture_on_commit_callbacks):
    """Save the policy as the security admin does, its cache cleared on commit as in production."""

    def _set(**values):
        with django_capture_on_commit_callbacks(execute=True):
            return login(personas.security_admin).post("/accounts/security/", POLICY | values)

    return _set


def _change(client, old, new):
    return client.post("/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_policy_page_shows_every_range_before_anything_is_submitted(personas, login):
    page = login(personas.security_admin).get("/accounts/security/").content.decode()

    for text in ["密码最小长度", "可设 8–32", "密码至少包含的字符类别数", "可设 3–4", "可设 3–24", "可设 1–180",
                 "可设 3–10", "可设 10–1440", "可设 5–60", "可设 1–720"]:  # fmt: skip
        assert text in page, text


def test_a_stricter_complexity_is_saved_audited_and_applied_to_the_next_new_password(personas, login, set_policy):
    saved = set_policy(password_min_length=12, password_min_classes=4, password_history_size=8)
    cadre = login(personas.cadre_a)
    short = _change(cadre, TEST_PASSWORD, "Abc@12345").content.decode()
    three_classes = _change(cadre, TEST_PASSWORD, "Abcdefgh12345").content.decode()
    page = cadre.get("/accounts/password/").content.decode()

    assert saved.status_code == 302
    policy = SecurityPolicy.objects.get()
    assert (policy.password_min_length, policy.password_min_classes, policy.password_history_size) == (12, 4, 8)
    event = AuditEvent.objects.get(action="security.policy_update")
    assert (event.before["password_min_length"], event.after["password_min_length"]) == (8, 12)
    assert MSG_PASSWORD_TOO_SHORT.format(n=12) in short
    assert MSG_PASSWORD_CLASSES.format(n=4) in three_classes
    assert "至少12位" in page and "至少4类" in page and "最近8次" in page
    assert _change(cadre, TEST_PASSWORD, "Longer@Pass2027").status_code == 302


def test_the_history_size_is_the_one_the_security_admin_set(personas, set_policy):
    set_policy(password_history_size=3)
    user = personas.cadre_a
    for password in ["Round1@Pass2027", "Round2@Pass2027", "Round3@Pass2027"]:
        user_change_own_password(user=user, new_password=password)

    with pytest.raises(ValidationError) as reused:
        user_change_own_password(user=user, new_password="Round2@Pass2027")
    with pytest.raises(ValidationError):
        user_change_own_password(user=user, new_password="Round1@Pass2027")  # the third, counting the current one
    user_change_own_password(user=user, new_password=TEST_PASSWORD)  # the fourth back: allowed again

    assert MSG_PASSWORD_REUSED.format(n=3) in str(reused.value)


def test_values_below_the_level_three_baseline_are_refused_at_their_fields(personas, login):
    response = login(personas.security_admin).post(
        "/accounts/security/", POLICY | {"password_min_length": 6, "password_min_classes": 2}
    )

    errors = response.context["form"].errors
    assert errors["password_min_length"] == [MSG_POLICY_RANGE.format(field="密码最小长度（位）", low=8, high=32)]
    assert errors["password_min_classes"] == [MSG_POLICY_RANGE.format(field="密码至少包含的字符类别数", low=3, high=4)]
    assert SecurityPolicy.objects.get().password_min_length == 8


def test_the_admin_forms_state_the_live_rule(personas, login, set_policy):
    set_policy(password_min_length=10)

    page = login(personas.system_admin).get("/admin/accounts/user/add/").content.decode()

    assert "至少10位" in page


def test_each_policy_error_names_the_field_by_its_label_on_the_page():
    """The range errors and the audit record named two fields otherwise than the page (密码最小长度 beside
    密码最小长度（位）)."""
    from accounts.forms import SecurityPolicyForm
    from accounts.models import SecurityPolicy
    from accounts.policy_update import POLICY_BOUNDS

    form = SecurityPolicyForm()
    for name in POLICY_BOUNDS:
        assert SecurityPolicy._meta.get_field(name).verbose_name == form.fields[name].label, name
