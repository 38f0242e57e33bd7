"""The configuration site (/admin/): the system admin's pages for users, regions and grids.

Separated duties (三权分立): only the system admin enters (accounts.permissions.user_is_config_admin). The
security policy and the audit log are not here; they have their own pages for their own administrators. The
system admin holds no Django permission rows: what they may do follows from their role, so every ModelAdmin
on this site derives from ConfigModelAdmin, which reads the role, and saves through a service.
"""

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from accounts.permissions import user_is_config_admin
from config.forms import ServiceModelForm

MSG_CONFIG_ADMIN_ONLY = "只有系统管理员可以进入用户与配置管理。"


class ShouwangAdminSite(admin.AdminSite):
    site_header = "守望 系统配置"
    site_title = "守望"
    index_title = "配置管理"

    def has_permission(self, request: HttpRequest) -> bool:
        return user_is_config_admin(request.user)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Callable[..., Any]:
        guarded = super().admin_view(view, cacheable)

        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            # Anonymous visitors are sent to self.login by LoginRequiredMiddleware. Someone signed in without
            # the role gets 403, not Django's "log in as another user" form: nobody is invited to try here.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied(MSG_CONFIG_ADMIN_ONLY)
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, guarded)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # One login page for the whole platform (accounts:login), where lockout and auditing live.
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        if request.user.is_authenticated:
            raise PermissionDenied(MSG_CONFIG_ADMIN_ONLY)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index", current_app=self.name))

    def password_change(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # The header's 修改密码 is the platform's page (/accounts/password/), whose service audits the change, ends
        # the API token and refuses the current and recent passwords; Django's view would save the form itself.
        return HttpResponseRedirect(reverse("accounts:password_change"))

    def password_change_done(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return HttpResponseRedirect(reverse("accounts:password_change"))


class ConfigModelAdmin(admin.ModelAdmin):
    """Base of every ModelAdmin on this site: permissions from the role, writes through a service.

    Nothing is deleted here: users are deactivated, and regions and grids are referenced by households and
    their history. A deletion would also leave no audit record, since no service performs it.
    """

    class Media:
        css = {"all": ["css/admin_config.css"]}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_is_config_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return user_is_config_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return user_is_config_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return user_is_config_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: models.Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(form, ServiceModelForm):
            # The admin instantiates the form itself, so the acting user travels on a per-request subclass.
            return type(form.__name__, (form,), {"actor": request.user})
        return form

    def save_model(self, request: HttpRequest, obj: models.Model, form: ModelForm, change: bool) -> None:
        if not isinstance(form, ServiceModelForm):
            raise ImproperlyConfigured(f"{type(self).__name__} must save through a service (ServiceModelForm)")
        # Nothing left to do: the form's service call saved and audited the row during validation.

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        """The service saved the row's relations. An inline here is read-only (ProcedureAdmin's steps): its formset
        is "saved" without commit, which writes nothing and tells the admin's change message that nothing was
        added, changed or deleted there (it reads formset.new_objects, which only a save sets: a 500 on every
        save of a procedure before). An inline that did carry a change would be a write outside any service."""
        for formset in formsets:
            formset.save(commit=False)
            if formset.new_objects or formset.changed_objects or formset.deleted_objects:
                raise ImproperlyConfigured(f"{type(self).__name__}: an inline may not save outside a service")


class UsedChoicesFilter(admin.ChoicesFieldListFilter):
    """A choices filter offering only the values some row holds: of the county's departments (38 with every unit
    the seeds name), the few with a feed type or a measure, not a column of empty choices beside a short list."""

    def __init__(
        self, field: Any, request: HttpRequest, params: Any, model: Any, model_admin: Any, field_path: str
    ) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        held = model_admin.get_queryset(request).order_by().values_list(field_path, flat=True).distinct()
        self.held = {str(value) for value in held}

    def choices(self, changelist: Any) -> Any:
        items = super().choices(changelist)
        yield next(items)  # 全部
        lookups = [str(lookup) for lookup, _ in self.field.flatchoices if lookup is not None]
        for lookup, item in zip(lookups, items, strict=False):
            if lookup in self.held or item["selected"]:
                yield item
