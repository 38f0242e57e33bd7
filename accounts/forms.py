from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from accounts.approvals import login_refusal
from accounts.audit_actions import action_choices
from accounts.audit_labels import CATEGORY_CHOICES
from accounts.audit_regions import region_choices
from accounts.lockouts import ACCOUNT_LOCK_ADDRESSES
from accounts.passwords import password_rule_text
from accounts.signals import audit_login_inactive, audit_login_unapproved
from config.forms import NamedFieldMessagesMixin, valid_filters

MSG_DATE_ORDER = "截止日期不能早于起始日期。"
MSG_BAD_DATE = "“{value}”不是有效的日期，请按年-月-日填写（如 2026-12-03）。"
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
        # The right password of an account the security admin has not approved (accounts.approvals).
        if refusal := login_refusal(user):
            audit_login_unapproved(user)
            raise forms.ValidationError(refusal, code="unapproved")


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form validates the old password and the policy; saving goes through the service, which also refuses
    the current and recent passwords (its ValidationError lands on the form: accounts.views.PasswordChangeView).
    A wrong old password counts as a failed login (accounts.password_checks) when the form has the request."""

    def __init__(self, user, *args, request=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(user, *args, **kwargs)
        self.request = request
        # The policy's own rule under the new password (read out with it: aria-describedby), not Django's list of
        # its validators; the confirmation needs none.
        from accounts.services import password_history_size  # services import this module's neighbours

        rule, history = password_rule_text(), password_history_size()
        self.fields["new_password1"].help_text = f"密码{rule}，且不能与最近{history}次使用过的密码相同。"
        self.fields["new_password2"].help_text = ""

    def clean_old_password(self) -> str:
        from accounts.password_checks import old_password_failed

        try:
            return super().clean_old_password()
        except forms.ValidationError:
            if self.request is not None:
                old_password_failed(self.request, self.user)
            raise

    def save(self, commit: bool = True):  # type: ignore[no-untyped-def]
        from accounts.services import user_change_own_password

        return user_change_own_password(user=self.user, new_password=self.cleaned_data["new_password1"])


class TypedDateField(forms.DateField):
    """A date whose error repeats what was typed: a date input cannot show an impossible date (2026-13-45 reads as
    blank in the browser), so the message says which value was refused."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(MSG_BAD_DATE.format(value=str(value)[:20]), code="invalid") from None


class AuditFilterForm(forms.Form):
    """The audit log's filters. Any invalid one refuses the whole query (accounts.views.audit_log lists nothing and
    exports nothing), unlike the registry's lists: a log read without its date range would show more than was asked
    for, as if it were the period's."""

    q = forms.CharField(
        label="关键词",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "说明中的文字，或完整身份证号"}),
        help_text="操作名称、说明、对象编号、操作人账号或姓名中的文字；输入完整身份证号可查该成员及其所在户的全部记录"
        "（结果中身份证号仍隐去中间位）",
    )
    actor = forms.CharField(label="操作人（账号或姓名）", required=False)
    category = forms.ChoiceField(label="操作类别", required=False, choices=[("", "全部"), *CATEGORY_CHOICES])
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部")])
    region = forms.ChoiceField(
        label="区划",
        required=False,
        choices=[("", "全部")],
        help_text="乡镇含其各村；跨村的转交在转出、转入两村各有一条",
    )
    date_from = TypedDateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = TypedDateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部"), *action_choices()]  # in words, by category (audit_actions)
        self.fields["region"].choices = region_choices()  # townships, each with its villages

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", MSG_DATE_ORDER)
        return data

    def filters(self) -> dict[str, Any]:
        return valid_filters(self)


class SecurityPolicyForm(NamedFieldMessagesMixin, forms.Form):
    """The policy's fields, each with its allowed range said beside it (the service checks it: POLICY_BOUNDS)."""

    field_order = [
        "password_min_length",
        "password_min_classes",
        "password_history_size",
        "password_max_age_days",
        "password_expiry_notice_days",
        "failure_limit",
        "account_failure_limit",
        "lockout_minutes",
        "idle_minutes",
        "token_hours",
    ]

    password_max_age_days = forms.IntegerField(label="密码有效期（天）")
    # Not required: a form of before this field keeps the policy's value (accounts.views).
    password_expiry_notice_days = forms.IntegerField(
        label="密码到期前提醒（天）",
        required=False,
        help_text="密码到期前这么多天起，用户登录后每个页面顶部提示修改密码。",
    )
    failure_limit = forms.IntegerField(
        label="连续登录失败锁定次数",
        help_text="按账号和登录地址分别计数（修改密码时旧密码输错也计入）：他人从别处输错密码，不会锁住本人"
        f"（来自至少{ACCOUNT_LOCK_ADDRESSES}个不同地址、合计达到下一项的次数时除外）。",
    )
    account_failure_limit = forms.IntegerField(
        label="各地址合计登录失败锁定次数",
        required=False,
        help_text=f"同一账号在锁定时长内从至少{ACCOUNT_LOCK_ADDRESSES}个不同地址合计失败达到此数，即在所有地址锁定"
        "（本人也不能登录，到时自动解锁或由安全管理员解锁）：防止换地址猜测密码；一两个地址的失败不会锁住本人。",
    )
    lockout_minutes = forms.IntegerField(label="锁定时长（分钟）")
    idle_minutes = forms.IntegerField(
        label="无操作自动退出（分钟）", help_text="网页登录和接口令牌都适用：令牌连续这么久未使用即作废。"
    )
    token_hours = forms.IntegerField(label="接口令牌有效期（小时）", help_text="自签发起计算，期间仍受无操作退出限制。")
    # Not required: left out (a form of before these fields), the policy keeps its value (accounts.views).
    password_min_length = forms.IntegerField(label="密码最小长度（位）", required=False)
    password_min_classes = forms.IntegerField(
        label="密码至少包含的字符类别数", required=False, help_text="大写字母、小写字母、数字、特殊符号四类中的几类。"
    )
    password_history_size = forms.IntegerField(
        label="新密码不得与最近几次的密码相同", required=False, help_text="含当前密码；只保存密码的哈希值。"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from accounts.policy_update import POLICY_BOUNDS

        super().__init__(*args, **kwargs)
        for name, (low, high) in POLICY_BOUNDS.items():
            field = self.fields[name]
            field.help_text = f"可设 {low}–{high}。{field.help_text}".strip()
            field.widget.attrs.update({"min": low, "max": high})

    def clean(self) -> dict[str, Any]:
        # The ranges of every value that could be read, beside the empty or unreadable ones: one submit shows all.
        from accounts.policy_update import policy_range_errors

        data = super().clean()
        values = {name: value for name, value in data.items() if value is not None and name not in self.errors}
        for name, message in policy_range_errors(values).items():
            self.add_error(name, message)
        return data
