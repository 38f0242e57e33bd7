"""The notice before a password expires (MLPS level 3 rotation, accounts.password_expiry): a user was simply forced to
change it on the day it expired. In the policy's last days (7 by default) every page after login says when, with a
link to change it, and the API's /me gives the expiry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import SecurityPolicy
from accounts.password_expiry import password_expiry_notice
from accounts.policy import forget_policy
from accounts.policy_update import security_policy_update

pytestmark = pytest.mark.django_db

BANNER = "data-password-expiry"


def _aged(user, days: float):
    """The user's password as changed `days` ago."""
    user.password_changed_at = timezone.now() - timedelta(days=days)
    user.save(update_fields=["password_changed_at"])
    return user


def test_the_banner_shows_in_the_last_days_with_the_date_and_a_link(personas, login):
    cadre = personas.cadre_a
    client = login(cadre)
    _aged(cadre, 87.5)  # 90-day policy: 2.5 days left

    page = client.get("/").content.decode()
    expires_on = timezone.localdate(cadre.password_changed_at + timedelta(days=90))
    days = (expires_on - timezone.localdate()).days

    assert BANNER in page
    assert f"您的密码将于{days}天后（{expires_on:%Y-%m-%d}）到期，请及时修改" in page
    assert 'href="/accounts/password/">立即修改密码</a>' in page
    # on every page after login, not only the home page
    assert BANNER in client.get("/households/").content.decode()
    # not on the password page it leads to
    assert BANNER not in client.get("/accounts/password/").content.decode()


def test_no_banner_before_the_notice_days_and_none_when_the_change_is_forced(personas, login):
    cadre = personas.cadre_a
    client = login(cadre)
    _aged(cadre, 80)  # 10 days left

    assert BANNER not in client.get("/").content.decode()
    _aged(cadre, 91)  # expired: the password page is all there is
    assert client.get("/").url == "/accounts/password/"
    cadre.must_change_password = True
    assert password_expiry_notice(cadre) is None


def test_the_notice_days_are_the_security_admins_policy(personas, login):
    cadre = personas.cadre_a
    client = login(cadre)
    _aged(cadre, 80)

    security_policy_update(actor=personas.security_admin, password_expiry_notice_days=14)
    forget_policy()
    assert BANNER in client.get("/").content.decode()

    page = login(personas.security_admin).get("/accounts/security/").content.decode()
    assert "密码到期前提醒（天）" in page and 'value="14"' in page
    with pytest.raises(Exception, match="密码到期前提醒"):
        security_policy_update(actor=personas.security_admin, password_expiry_notice_days=60)


def test_the_last_day_says_today(personas):
    """Five minutes before it expires at noon: the same day wherever the test runs (at 00:03 local time, five
    minutes before was yesterday)."""
    cadre = personas.cadre_a
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=1)
    cadre.password_changed_at = noon
    cadre.save(update_fields=["password_changed_at"])
    now = noon + timedelta(days=90) - timedelta(minutes=5)

    notice = password_expiry_notice(cadre, now=now)

    assert notice is not None and notice.days == 0
    assert notice.message.startswith("您的密码将于今天（")


def test_the_banner_is_on_the_admin_pages_too(personas, login):
    client = login(personas.system_admin)
    _aged(personas.system_admin, 88)

    page = client.get("/admin/").content.decode()

    assert BANNER in page and "到期，请及时修改" in page


def test_me_gives_the_expiry(personas, login):
    cadre = _aged(personas.cadre_a, 88)
    client = login(cadre)
    cadre = _aged(cadre, 88)

    me = client.get("/api/v1/me/").json()

    expires = cadre.password_changed_at + timedelta(days=SecurityPolicy.objects.get().password_max_age_days)
    assert me["password_expires_at"][:16] == timezone.localtime(expires).isoformat()[:16]
    assert "到期，请及时修改" in me["password_expiry_notice"]
    _aged(cadre, 1)
    me = client.get("/api/v1/me/").json()
    assert me["password_expiry_notice"] == "" and me["password_expires_at"]
