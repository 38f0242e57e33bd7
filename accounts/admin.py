"""User management for the system admin (/admin/accounts/user/). Every write is a service call.

The security policy and the audit log are deliberately not registered: they belong to the security admin
(/accounts/security/) and the audit admin (/accounts/audit/), whom the system admin must not replace (三权分立).
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.db.models.functions import Concat
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts import admin_import
from accounts.admin_forms import MSG_PASSWORD_MISMATCH, PasswordResetForm, UserAddForm, UserChangeForm  # noqa: F401
from accounts.admin_history import changed_message, history_in_chinese, requested_message
from accounts.admin_preview import CHANGE_CONFIRMED, change_confirm_page, posted_change_warnings, warning_text
from accounts.admin_site import ConfigModelAdmin, UsedChoicesFilter
from accounts.approvals import grant_change_note, grant_in_force, login_refusal
from accounts.bulk_users import users_protected, users_set_active, users_to_switch
from accounts.choices import ADMIN_ROLES
from accounts.lockouts import account_lock, is_locked, with_lock_failures
from accounts.models import User
from accounts.services import user_reset_password
from config.forms import apply_errors
from households.selectors import region_directory

MSG_PASSWORD_RESET = "已重置用户 {username} 的密码，该用户下次登录时须修改密码。"
MSG_AWAITING_APPROVAL = "用户 {username} 须经安全管理员审核角色和管辖区划后才能登录（三员分立），请通知安全管理员。"
MSG_CHANGE_AWAITING = (
    "用户 {username} 的角色或管辖范围变更须经安全管理员审批后生效，请通知安全管理员；审批前该用户仍按原角色和管辖范围"
    "（{grant}）工作。"
)
MSG_DEACTIVATED = "已停用 {count} 个用户。"
MSG_NOT_DEACTIVATED = "未能停用用户 {username}：{errors}"
MSG_ACTIVATED = "已启用 {count} 个用户。"
MSG_DEACTIVATED_ONE = "已停用账号 {username}，其已退出登录，接口令牌失效；再次勾选“有效”并保存可重新启用。"
DEACTIVATE_CONFIRMED = "deactivate_confirmed"  # the change page's post, confirmed on the page that asked
CHANGE_WARNINGS = "change_warnings"  # on the request: what the posted change would mean elsewhere
MSG_NOT_ACTIVATED = "未能启用用户 {username}：{errors}"
MSG_ADMIN_PASSWORD_ON_SERVER = "管理员账号的密码只能在服务器上重置（manage.py reset_admin_password）。"
MSG_RESET_BUT_LOCKED = (
    "用户 {username} 因连续登录失败正处于锁定状态（{unlocks_at:%H:%M} 自动解锁）。重置密码不会解除锁定，"
    "如需提前解锁，请联系安全管理员（三权分立）。"
)


def _lock_notice(user: User) -> str:
    """Said on the password reset page of a locked account: the reset leaves the lock (accounts.lockouts)."""
    lock = account_lock(user)
    if lock is None:
        return ""
    return MSG_RESET_BUT_LOCKED.format(username=user.username, unlocks_at=timezone.localtime(lock.unlocks_at))


class TownshipFilter(admin.SimpleListFilter):
    """Accounts by township: the township's own staff and those of its villages (a county has a thousand)."""

    title = "所在乡镇"
    parameter_name = "township"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(e.path, e.name) for e in region_directory() if e.level == "township"]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        value = self.value()
        return queryset.filter(region_path__startswith=value) if value else queryset


@admin.register(User)
class UserAdmin(ConfigModelAdmin):
    form = UserChangeForm
    add_form = UserAddForm
    list_display = [
        "username",
        "full_name",
        "role",
        "scope_shown",
        "department",
        "is_active",
        "lock_status",
        "approval_status",
        "last_login",
    ]
    list_filter = ["role", TownshipFilter, ("department", UsedChoicesFilter), "is_active", "approval"]
    empty_value_display = ""  # an empty cell stays empty (the phone's cards leave it out)
    search_fields = ["username", "last_name", "first_name", "phone", "region_name", "region_path", "grid__name"]
    list_select_related = ["grid"]
    ordering = ["username"]
    actions = ["deactivate_users", "activate_users"]
    add_fieldsets = [
        ("账号", {"fields": ["username", "last_name", "first_name", "phone"]}),
        ("角色与管辖范围", {"fields": ["role", "region_path", "grid", "department"]}),
        ("初始密码", {"fields": ["password", "password_confirm"]}),
    ]
    fieldsets = [
        ("账号", {"fields": ["account_username", "last_name", "first_name", "phone"]}),
        ("角色与管辖范围", {"fields": ["role", "region_path", "grid", "department"]}),
        (
            "状态与密码",
            {
                "fields": [
                    "is_active",
                    "approval_status",
                    "password_reset_link",
                    "must_change_password",
                    "password_changed_at",
                    "last_login",
                    "date_joined",
                ]
            },
        ),
    ]
    readonly_fields = [
        "account_username",
        "approval_status",
        "password_reset_link",
        "must_change_password",
        "password_changed_at",
        "last_login",
        "date_joined",
    ]

    class Media:
        js = ["js/user_grid.js"]

    @admin.display(description="用户名")
    def account_username(self, obj: User) -> str:
        # Not the model field: read-only, Django would show its help text, whose rule (no "+") the add form's
        # (accounts.usernames) contradicts; a username is not changed after creation.
        return obj.username

    @admin.display(description="管辖范围", ordering="region_path")
    def scope_shown(self, obj: User) -> str:
        return obj.scope_label

    @admin.display(description="姓名", ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description="登录锁定", empty_value="")
    def lock_status(self, obj: User) -> str:
        # Only the security admin unlocks (accounts.lockouts); the system admin sees why a user cannot log in.
        failures, everywhere = getattr(obj, "lock_failures", None), getattr(obj, "lock_failures_all", None)
        return "已锁定" if is_locked(failures, everywhere) else ""

    @admin.display(description="审核状态", ordering="approval", empty_value="")
    def approval_status(self, obj: User) -> str:
        # Pending or refused: the account cannot sign in until the security admin approves it (accounts.approvals).
        if obj.approval == "refused" and obj.approval_reason:
            return f"{obj.get_approval_display()}（理由：{obj.approval_reason}）"
        if note := grant_change_note(obj):
            # The change is kept apart until approved (accounts.approvals): the account works in its grant in force.
            return note + ("" if login_refusal(obj) else "（审批前按原范围工作）")
        return obj.get_approval_display() if obj.approval else ""

    def response_add(self, request: HttpRequest, obj: User, post_url_continue: str | None = None) -> HttpResponse:
        self._tell_if_awaiting(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def construct_change_message(self, request: HttpRequest, form: Any, formsets: Any, add: bool = False) -> Any:
        # Done after the save: a change of role or scope that waits for the security admin reads as asked; the
        # fields by their Chinese names (accounts.admin_history.changed_message).
        if add or not form.changed_data:
            return super().construct_change_message(request, form, formsets, add)
        return requested_message(form, changed_message(form))

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None) or {}
        history_in_chinese(context.get("action_list") or [])  # the entries stored in English before
        return response

    def response_change(self, request: HttpRequest, obj: User) -> HttpResponse:
        if request.POST.get(DEACTIVATE_CONFIRMED) == "yes" and not obj.is_active:
            self.message_user(request, MSG_DEACTIVATED_ONE.format(username=obj.username), messages.SUCCESS)
        self._tell_if_awaiting(request, obj)
        self._tell_notices(request, [obj])
        if not getattr(obj, "change_notices", []):  # asked before the save, said again until the change applies
            for warning in getattr(request, CHANGE_WARNINGS, []):
                self.message_user(request, warning_text(warning), messages.WARNING)
        return super().response_change(request, obj)

    def _tell_notices(self, request: HttpRequest, users: list[User]) -> None:
        """What the change means elsewhere (accounts.services.user_update: e.g. households whose help contact the
        account can no longer open), as warnings."""
        for user in users:
            for notice in getattr(user, "change_notices", []):
                self.message_user(request, notice, messages.WARNING)

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if object_id and request.method == "POST":
            # What the change would mean elsewhere (accounts.admin_preview: the help contact's households that would
            # need another contact), asked before saving and said again after.
            user = self.get_object(request, unquote(object_id))
            warnings = (
                posted_change_warnings(self, request, user)
                if user and self.has_change_permission(request, user)
                else []
            )
            setattr(request, CHANGE_WARNINGS, warnings)
            confirmed = "yes" in (request.POST.get(CHANGE_CONFIRMED), request.POST.get(DEACTIVATE_CONFIRMED))
            if warnings and not confirmed and not self._unticks_active(request, object_id):
                return change_confirm_page(self, request, user, warnings)
        # Unticking 有效 ends the user's sessions and tokens at once: asked first, as the list's 停用 action asks.
        if object_id and request.method == "POST" and self._unticks_active(request, object_id):
            user = self.get_object(request, unquote(object_id))
            context = {
                **self.admin_site.each_context(request),
                "title": "确认停用用户",
                "opts": self.opts,
                "original": user,
                "grant_in_force": grant_in_force(user),
                "grant_change_note": grant_change_note(user),
                "posted": [(k, v) for k, values in request.POST.lists() if k != "csrfmiddlewaretoken" for v in values],
                "confirmed_name": DEACTIVATE_CONFIRMED,
                "warnings": getattr(request, CHANGE_WARNINGS, []),
            }
            return TemplateResponse(request, "admin/accounts/user/deactivate_confirm.html", context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _unticks_active(self, request: HttpRequest, object_id: str) -> bool:
        """A post of the change page that would disable an active account and was not confirmed yet (the three
        administrators' state is refused by the service, on the form, instead)."""
        if "is_active" in request.POST or request.POST.get(DEACTIVATE_CONFIRMED) == "yes":
            return False
        user = self.get_object(request, unquote(object_id))
        return (
            user is not None
            and user.is_active
            and user.role not in ADMIN_ROLES
            and self.has_change_permission(request, user)
        )

    def _tell_if_awaiting(self, request: HttpRequest, user: User) -> None:
        if login_refusal(user):
            self.message_user(request, MSG_AWAITING_APPROVAL.format(username=user.username), messages.WARNING)
        elif user.approval_pending:
            said = MSG_CHANGE_AWAITING.format(username=user.username, grant=grant_in_force(user))
            self.message_user(request, said, messages.WARNING)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return with_lock_failures(super().get_queryset(request))

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[User], search_term: str) -> Any:
        # 姓名 is shown as one (李红梅) but kept as 姓氏 and 名字, which the search fields read apart: the whole name
        # typed, spaces aside (李 红梅), finds the account too.
        found, duplicates = super().get_search_results(request, queryset, search_term)
        name = "".join(search_term.split())
        if not name:
            return found, duplicates
        named = User.objects.annotate(whole_name=Concat("last_name", "first_name")).filter(whole_name__icontains=name)
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=named.values("pk"))), duplicates

    @admin.display(description="密码")
    def password_reset_link(self, obj: User) -> str:
        if obj.role in ADMIN_ROLES:
            return MSG_ADMIN_PASSWORD_ON_SERVER
        url = reverse("admin:accounts_user_reset_password", args=[obj.pk])
        return format_html('<a class="button" href="{}">重置密码</a>', url)

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        if note := grant_change_note(obj):
            # Beside the fields: they show the change asked for, which is not in force until approved.
            name, options = self.fieldsets[1]
            grant = f"审批前该用户仍按原角色和管辖范围（{grant_in_force(obj)}）工作"
            said = f"{note}。下面显示的是待审批的新值；{grant}。" if not login_refusal(obj) else f"{note}。"
            return [self.fieldsets[0], (name, {**options, "description": said}), *self.fieldsets[2:]]
        return self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def get_form(self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="accounts_user_import"),
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name="accounts_user_import_template",
            ),
            path(
                "<path:object_id>/password/",
                self.admin_site.admin_view(self.reset_password_view),
                name="accounts_user_reset_password",
            ),
        ]
        return [*own, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.opts}
        return admin_import.import_page_view(request, context)

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        return admin_import.template_download()

    def reset_password_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        # The three administrators' passwords are reset on the server only: no form that would be refused on submit.
        on_server = user.role in ADMIN_ROLES
        form = None if on_server else PasswordResetForm(request.POST or None)
        if form is not None and request.method == "POST" and form.is_valid():
            try:
                user_reset_password(actor=request.user, user=user, new_password=form.cleaned_data["new_password"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                self.message_user(request, MSG_PASSWORD_RESET.format(username=user.username), messages.SUCCESS)
                self._tell_if_awaiting(request, user)
                if locked := _lock_notice(user):
                    self.message_user(request, locked, messages.WARNING)
                return redirect("admin:accounts_user_change", user.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"重置密码：{user.username}",
            "form": form,
            "original": user,
            "opts": self.opts,
            "locked": _lock_notice(user),
            "on_server": MSG_ADMIN_PASSWORD_ON_SERVER if on_server else "",
        }
        return TemplateResponse(request, "admin/accounts/user/reset_password.html", context)

    @admin.action(description="停用所选用户")
    def deactivate_users(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        return self._switch_users(request, queryset, active=False)

    @admin.action(description="启用所选用户")
    def activate_users(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        return self._switch_users(request, queryset, active=True)

    def _switch_users(self, request: HttpRequest, queryset: QuerySet[User], *, active: bool) -> HttpResponse | None:
        """Confirm first, listing the accounts (review admins finding 6), as Django's own delete does; then switch
        each through the service, audited."""
        users = list(queryset.order_by("region_path", "username"))
        if request.POST.get("confirmed") != "yes":
            switched = users_to_switch(users, active=active)
            protected = users_protected(users, active=active)
            for user in switched:  # described by the grant in force, a change awaiting approval noted apart
                user.grant_in_force, user.grant_change_note = grant_in_force(user), grant_change_note(user)
            context = {
                **self.admin_site.each_context(request),
                "title": "确认启用用户" if active else "确认停用用户",
                "opts": self.opts,
                "active": active,
                "users": switched,
                # Enabled, these still wait for (or were refused) the security admin's approval: not "can sign in".
                "awaiting": [user for user in switched if login_refusal(user)] if active else [],
                "protected": protected,
                "unchanged": len(users) - len(switched) - len(protected),
                "action": "activate_users" if active else "deactivate_users",
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/accounts/user/switch_confirm.html", context)
        outcome = users_set_active(actor=request.user, users=users, active=active)
        for user, errors in outcome.refused:
            message = MSG_NOT_ACTIVATED if active else MSG_NOT_DEACTIVATED
            self.message_user(request, message.format(username=user.username, errors=errors), messages.ERROR)
        if outcome.changed:
            message = MSG_ACTIVATED if active else MSG_DEACTIVATED
            self.message_user(request, message.format(count=len(outcome.changed)), messages.SUCCESS)
        self._tell_notices(request, outcome.changed)
        return None
