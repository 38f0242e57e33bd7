from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from accounts.audit_labels import CATEGORY_CHOICES
from accounts.signals import audit_login_inactive
from config.forms import NamedFieldMessagesMixin, valid_filters

MSG_DATE_ORDER = "截止日期不能早于起始日期。"
MSG_ACCOUNT_INACTIVE = "该账号已停用，请联系系统管理员。"


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败多次后账号将被锁定。",
        "inactive": MSG_ACCOUNT_INACTIVE,
    }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def confirm_login_allowed(self, user) -> None:  # type: ignore[no-untyped-def]
        # Reached for a disabled account only with its right password (accounts.backends.PasswordBackend).
        if not user.is_active:
            audit_login_inactive(user)
        super().confirm_login_allowed(user)


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form validates the old password and the policy; saving goes through the service, which also refuses
    the current and recent passwords (its ValidationError lands on the form: accounts.views.PasswordChangeView)."""

    def save(self, commit: bool = True):  # type: ignore[no-untyped-def]
        from accounts.services import user_change_own_password

        return user_change_own_password(user=self.user, new_password=self.cleaned_data["new_password1"])


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    actor = forms.CharField(label="操作人（账号或姓名）", required=False)
    category = forms.ChoiceField(label="操作类别", required=False, choices=[("", "全部"), *CATEGORY_CHOICES])
    action = forms.CharField(label="操作代码", required=False, help_text="如 auth.login；可只写前缀")
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", MSG_DATE_ORDER)
        return data

    def filters(self) -> dict[str, Any]:
        return valid_filters(self)


class SecurityPolicyForm(NamedFieldMessagesMixin, forms.Form):
    password_max_age_days = forms.IntegerField(label="密码有效期（天）")
    failure_limit = forms.IntegerField(label="连续登录失败锁定次数")
    lockout_minutes = forms.IntegerField(label="锁定时长（分钟）")
    idle_minutes = forms.IntegerField(label="无操作自动退出（分钟）")
    token_hours = forms.IntegerField(label="接口令牌有效期（小时）")
