"""When a password expires, and the notice before it (MLPS level 3 rotation).

A password older than the policy's SecurityPolicy.password_max_age_days (90 by default) must be changed before
anything else (accounts.middleware.password_expired). In the policy's last password_expiry_notice_days (7 by default)
before that, every page after login says so with a link to change it ({% password_expiry_notice %}), and the API's
/me gives the date: until then the change came as a surprise, on the day a cadre was in a household with a phone."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from accounts.middleware import password_expired
from accounts.policy import current_policy

MSG_EXPIRES_IN = "您的密码将于{days}天后（{day}）到期，请及时修改"
MSG_EXPIRES_TODAY = "您的密码将于今天（{day} {time}）到期，请及时修改"


def password_expires_at(user: Any) -> datetime | None:
    """When the password stops being accepted, by the live policy; None when it must be changed now anyway (a
    first login, a reset: accounts.middleware.password_expired) or when the account has no password change time."""
    changed = getattr(user, "password_changed_at", None)
    if changed is None or getattr(user, "must_change_password", False):
        return None
    return changed + timedelta(days=current_policy().password_max_age_days)


@dataclass(frozen=True)
class ExpiryNotice:
    expires_at: datetime
    days: int  # whole calendar days from today to the expiry date (0: today)

    @property
    def expires_on(self) -> date:
        return timezone.localdate(self.expires_at)

    @property
    def message(self) -> str:
        day = f"{self.expires_on:%Y-%m-%d}"
        if self.days <= 0:
            return MSG_EXPIRES_TODAY.format(day=day, time=f"{timezone.localtime(self.expires_at):%H:%M}")
        return MSG_EXPIRES_IN.format(days=self.days, day=day)


def password_expiry_notice(user: Any, *, now: datetime | None = None) -> ExpiryNotice | None:
    """The notice to show this signed-in user, or None: outside the policy's last days before expiry, or expired
    already (then the password page is all they see)."""
    if not getattr(user, "is_authenticated", False) or password_expired(user):
        return None
    expires = password_expires_at(user)
    if expires is None:
        return None
    now = now or timezone.now()
    notice_days = current_policy().password_expiry_notice_days
    if expires - now > timedelta(days=notice_days):
        return None
    days = (timezone.localdate(expires) - timezone.localdate(now)).days
    return ExpiryNotice(expires_at=expires, days=max(days, 0))
