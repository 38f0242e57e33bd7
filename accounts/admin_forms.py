"""The system admin's forms for an account (/admin/accounts/user/): add, change, reset the password. Each write is a
service call (config.forms.ServiceModelForm); the choices offered come from the region tree (households.selectors)."""

from typing import Any

from django import forms
from django.utils.functional import lazy

from accounts.approvals import grant_requested
from accounts.choices import ADMIN_ROLES, Role
from accounts.models import User
from accounts.passwords import password_rule_text
from accounts.services import (
    MSG_ADMIN_ACCOUNT_PROTECTED,
    MSG_NAME_REQUIRED,
    user_create,
    user_create_problems,
    user_update,
)
from accounts.usernames import HELP_USERNAME, username_error, username_limit
from config.forms import ServiceModelForm

# The admin composes what the system admin picks from: the region tree belongs to households, which sits
# above accounts, so it is reached through its selectors here and never from accounts' services or models.
from households.selectors import grid_by_pk, grid_choices_for_scope, region_by_path, region_directory

MSG_PASSWORD_MISMATCH = "两次输入的密码不一致。"
HELP_ADMIN_ROLE_FIXED = "管理员账号的角色不能修改（三权分立）。"
HELP_ADMIN_SCOPE_FIXED = "管理员账号的管辖区划、限定网格和部门不能修改（三权分立）。"
HELP_GRID = (
    "只有村干部/网格员可以限定：选择其管辖村中的一个网格后，该账号只能看到这个网格的农户及其走访、案件、预警等；"
    "不限网格则管辖全村。修改后须经安全管理员审核。"
)
# Django's own (指明用户是否被认为是活跃的。以反选代替删除帐号。) says nothing of what unticking does here.
HELP_ACTIVE = "取消勾选即停用账号：保存前会请您确认；停用后该用户立即退出登录、接口令牌失效，再次勾选并保存可重新启用。"
HELP_NAME = "不分姓和名的姓名（如 阿依古丽·买买提）整个填在这里。"
HELP_INITIAL_PASSWORD = "临时密码，用户首次登录时须修改。{rule}。"
# Said as the security admin's policy stands when the page is drawn (accounts.passwords).
initial_password_help = lazy(lambda: HELP_INITIAL_PASSWORD.format(rule=password_rule_text()), str)


def _role_choices(actor: Any, current: str = "") -> list[tuple[str, str]]:
    """Roles the actor may grant. The three administrators are created at installation only; an account that
    already holds one keeps it, alone and fixed on the form (UserChangeForm), so that its name or phone can
    still be edited."""
    if current in ADMIN_ROLES:
        return [(current, Role(current).label)]
    allowed = [
        (value, label)
        for value, label in Role.choices
        if value not in ADMIN_ROLES or value == current or getattr(actor, "is_superuser", False)
    ]
    return [("", "---------"), *allowed]


_INDENT = {"county": "", "township": "　", "village": "　　"}


def _region_choices(keep: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The county, its townships and villages, indented, each with its 12-digit 统计用区划代码 (涂埠镇（360425100000）):
    the code the scope messages (accounts.user_checks), the user import and the API speak of. No retired (撤销)
    village is offered as a new scope; one in `keep` (the account's own scope, on its change page) stays, marked."""
    return [
        ("", "---------"),
        *(
            (e.path, f"{_INDENT.get(e.level, '')}{e.name}（{e.code}）{'（已撤销）' if e.retired else ''}")
            for e in region_directory()
            if not e.retired or e.path in keep
        ),
    ]


def _region_name(region_path: str) -> str:
    region = region_by_path(region_path)
    return region.name if region else ""


def _grid_choices() -> list[Any]:
    return [("", "不限网格（管辖全村）"), *grid_choices_for_scope()]


def _grid_field() -> forms.TypedChoiceField:
    # Grouped by village (static/js/user_grid.js shows only the chosen village's); the service checks the match.
    return forms.TypedChoiceField(
        label="限定网格", choices=_grid_choices, coerce=int, empty_value=None, required=False, help_text=HELP_GRID
    )


class UserAddForm(ServiceModelForm):
    # Not the model's field: its validator takes any script's letters and says so in Django's words.
    username = forms.CharField(label="用户名", max_length=username_limit(), help_text=HELP_USERNAME)
    region_path = forms.ChoiceField(label="管辖区划", choices=_region_choices)
    grid = _grid_field()
    password = forms.CharField(
        label="初始密码", strip=False, widget=forms.PasswordInput(), help_text=initial_password_help()
    )
    password_confirm = forms.CharField(label="确认初始密码", strip=False, widget=forms.PasswordInput())

    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "phone", "role", "region_path", "grid", "department"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(self.actor)
        _name_required(self)

    def clean_username(self) -> str:
        # The bulk import's rule and message (accounts.usernames); user_create checks it again for its other callers.
        username = User.normalize_username(self.cleaned_data["username"])
        if message := username_error(username):
            raise forms.ValidationError(message)
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_confirm"):
            self.add_error("password_confirm", MSG_PASSWORD_MISMATCH)
        return cleaned

    def _values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "actor": self.actor,
            "username": data.get("username") or self.data.get("username", ""),
            "password": data.get("password") or "",
            "role": data.get("role") or "",
            "region_path": data.get("region_path") or "",
            "region_name": _region_name(data.get("region_path") or ""),
            "grid": grid_by_pk(data["grid"]) if data.get("grid") else None,
            "last_name": data.get("last_name") or "",
            "first_name": data.get("first_name") or "",
            "department": data.get("department") or "",
            "phone": data.get("phone") or "",
        }

    def _post_clean(self) -> None:
        if not self._errors:
            super()._post_clean()
            return
        # A fault of the form's own (a field left empty, the passwords differing) is shown with the service's, not
        # before them: each round clears both password fields (review admins finding 4).
        _, problems = user_create_problems(**self._values())
        for name, messages in problems.items():
            if name in self.fields and name not in self._errors and (name != "password" or self.cleaned_data.get(name)):
                for message in messages if isinstance(messages, list) else [messages]:
                    self.add_error(name, message)

    def call_service(self) -> User:
        return user_create(**self._values())


def _name_required(form: forms.ModelForm) -> None:
    """姓名 is required (the services refuse an account without one): 姓氏 at least, a name not split in two whole
    in it."""
    field = form.fields["last_name"]
    field.required = True
    field.error_messages["required"] = MSG_NAME_REQUIRED
    field.help_text = HELP_NAME


def _lock_admin_fields(form: forms.ModelForm) -> None:
    """An administrator's role, scope, grid, department and 有效 are never changed from the web, in either direction
    (accounts.services.user_update refuses each too): shown fixed, with why, rather than refused on saving."""
    for name, help_text in (
        ("role", HELP_ADMIN_ROLE_FIXED),
        ("region_path", HELP_ADMIN_SCOPE_FIXED),
        ("grid", HELP_ADMIN_SCOPE_FIXED),
        ("department", HELP_ADMIN_SCOPE_FIXED),
        ("is_active", MSG_ADMIN_ACCOUNT_PROTECTED),
    ):
        if name in form.fields:
            form.fields[name].disabled = True
            form.fields[name].help_text = help_text


class UserChangeForm(ServiceModelForm):
    region_path = forms.ChoiceField(label="管辖区划", choices=_region_choices)
    grid = _grid_field()

    class Meta:
        model = User
        fields = ["last_name", "first_name", "phone", "role", "region_path", "grid", "department", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.approval_pending:
            # The change waiting for the security admin is what the form shows and what a next change starts from
            # (accounts.services.user_update); the page notes the grant in force beside it.
            requested = grant_requested(self.instance)
            self.initial.update({name: requested[name] or "" for name in ("role", "region_path", "department")})
            self.initial["grid"] = requested["grid"]
        # The account's own scope stays selectable though its village was retired since (saved unchanged).
        own = (self.instance.region_path, str(self.initial.get("region_path") or ""))
        self.fields["region_path"].choices = _region_choices(keep=own)
        if "is_active" in self.fields:
            self.fields["is_active"].help_text = HELP_ACTIVE
        if self.instance.last_name:
            # Not emptied (user_update refuses it); an account made before names were required is still edited
            # without one until the system admin adds it.
            _name_required(self)
        if "role" in self.fields:
            self.fields["role"].choices = _role_choices(self.actor, current=self.instance.role)
        if self.instance.role in ADMIN_ROLES:
            _lock_admin_fields(self)

    # Set by asked_changes: the fields are checked and the service is not called.
    checking_only = False

    def _changes(self) -> dict[str, Any]:
        # Only what the system admin changed, so the audit record shows the change and nothing else.
        changes = {name: self.cleaned_data[name] for name in self.changed_data}
        if "region_path" in changes:
            changes["region_name"] = _region_name(changes["region_path"])
        if "grid" in changes:
            changes["grid"] = grid_by_pk(changes["grid"]) if changes["grid"] else None
        return changes

    def asked_changes(self) -> dict[str, Any] | None:
        """What the post asks to change, as call_service passes it to user_update, with nothing saved: the form's
        own fields checked, the service not called (accounts.admin_preview); None when a field is wrong."""
        self.checking_only = True
        return self._changes() if self.is_valid() else None

    def _post_clean(self) -> None:
        if not self.checking_only:
            super()._post_clean()

    def call_service(self) -> User:
        changes = self._changes()
        if not changes:
            return self.instance
        return user_update(actor=self.actor, user=self.instance, **changes)


class PasswordResetForm(forms.Form):
    new_password = forms.CharField(
        label="临时密码", strip=False, widget=forms.PasswordInput(), help_text=initial_password_help()
    )
    new_password_confirm = forms.CharField(label="确认临时密码", strip=False, widget=forms.PasswordInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("new_password") and cleaned.get("new_password") != cleaned.get("new_password_confirm"):
            self.add_error("new_password_confirm", MSG_PASSWORD_MISMATCH)
        return cleaned
