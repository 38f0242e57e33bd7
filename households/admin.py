"""The region tree and the grids on the system admin's configuration site (accounts.admin_site).

Regions follow the statistical division codes: imported (import_regions), or added, renamed and retired here
through households.services.regions; never deleted, since every scoped row points at one. Grids are edited,
through households.services.grids.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from accounts.admin_site import ConfigModelAdmin
from accounts.approvals import login_refusal
from accounts.choices import VILLAGE_ROLES, Approval
from accounts.permissions import user_is_config_admin
from accounts.selectors import user_list
from config.forms import ServiceModelForm, apply_errors
from households import admin_import
from households.choices import RegionLevel
from households.forms_regions import RegionCreateForm, RegionRenameForm, RegionRetireForm
from households.models import Grid, Region
from households.services.grids import grid_create, grid_update
from households.services.regions import region_retire, region_retire_check

MSG_RETIRED_DONE = "已撤销{name}：不再出现在选择列表和统计中，已注销农户的记录仍保留原区划。"


@admin.register(Region)
class RegionAdmin(ConfigModelAdmin):
    """The tree follows the statistical division codes (import_regions, or here): 新增 a village or group, 更名, and
    撤销 a village or group on its own confirmation page, each through households.services.regions (audited). Never
    deleted (ConfigModelAdmin): closed households and their history point at every region."""

    list_display = ["name", "code", "level", "parent", "path", "state"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "code", "path"]
    list_select_related = ["parent"]
    ordering = ["path"]
    change_form_template = "admin/households/region/change_form.html"

    @admin.display(description="状态", ordering="is_active")
    def state(self, obj: Region) -> str:
        return "正常" if obj.is_active else f"已撤销（{obj.retired_on:%Y-%m-%d}）" if obj.retired_on else "已撤销"

    def has_change_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        # A retired region is read only: its name is the one its closed households' papers carry.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_active)

    def get_form(self, request: HttpRequest, obj: Region | None = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs["form"] = RegionRenameForm if obj is not None else RegionCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Region | None = None) -> list[str]:
        if obj is None:
            return ["parent", "code", "name"]
        return ["name", "code", "level", "parent", "path", "state"]

    def get_readonly_fields(self, request: HttpRequest, obj: Region | None = None) -> list[str]:
        if obj is None:
            return []
        readonly = ["code", "level", "parent", "path", "state"]
        return readonly if self.has_change_permission(request, obj) else ["name", *readonly]

    def get_urls(self) -> list[URLPattern]:
        retire = self.admin_site.admin_view(self.retire_view)
        own = [path("<path:object_id>/retire/", retire, name="households_region_retire")]
        return [*own, *super().get_urls()]

    def retire_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """What retiring takes along, or what blocks it, then 确认撤销: nothing is retired by the link alone."""
        region = self.get_object(request, unquote(object_id))
        if region is None:
            raise Http404
        if not user_is_config_admin(request.user):
            raise PermissionDenied
        form = RegionRetireForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                region_retire(actor=request.user, region=region)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                self.message_user(request, MSG_RETIRED_DONE.format(name=region.name), messages.SUCCESS)
                return redirect("admin:households_region_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"撤销{region.get_level_display()}：{region.name}（{region.code}）",
            "opts": self.opts,
            "original": region,
            "check": region_retire_check(region) if region.is_active else None,
            "form": form,
        }
        return TemplateResponse(request, "admin/households/region/retire.html", context)


class GridForm(ServiceModelForm):
    class Meta:
        model = Grid
        fields = ["village", "name", "worker"]

    def call_service(self) -> Grid:
        data = {name: self.cleaned_data[name] for name in ("village", "name", "worker")}
        if self.instance.pk is None:
            return grid_create(actor=self.actor, **data)
        return grid_update(actor=self.actor, grid=self.instance, **data)


def _village_label(village: Region) -> str:
    label = f"{village.parent.name} {village.name}" if village.parent else village.name
    return label if village.is_active else f"{label}（已撤销）"


def _place_labels() -> dict[str, str]:
    """Township and village paths → 涂埠镇, 涂埠镇 城南村 (one query)."""
    regions = Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE]).select_related("parent")
    return {r.path: _village_label(r) if r.level == RegionLevel.VILLAGE else r.name for r in regions}


def _user_place(user: Any, places: dict[str, str]) -> str:
    """The village (or township) of a grid worker's scope, in words."""
    path = user.region_path or ""
    return places.get(path[:12]) or places.get(path[:9]) or user.region_name or path


def _worker_state(user: Any) -> str:
    """A grid's current worker who could no longer be named, said beside the name (only they are still listed)."""
    if not user.is_active:
        return "（已停用）"
    return f"（{Approval(user.approval).label}）" if login_refusal(user) else ""


WORKER_FILTERS = {"roles": VILLAGE_ROLES, "is_active": True, "approved": True}


class WorkerStateFilter(admin.SimpleListFilter):
    """Grids that need a grid worker: none assigned, or one whose account was deactivated (a cadre who left)."""

    title = "网格员"
    parameter_name = "worker_state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("none", "未指定"), ("inactive", "已停用"), ("active", "在岗")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Grid]) -> QuerySet[Grid]:
        return {
            "none": queryset.filter(worker__isnull=True),
            "inactive": queryset.filter(worker__is_active=False),
            "active": queryset.filter(worker__is_active=True),
        }.get(self.value() or "", queryset)


@admin.register(Grid)
class GridAdmin(ConfigModelAdmin):
    form = GridForm
    list_display = ["name", "village", "worker_shown", "region_path"]
    list_filter = [WorkerStateFilter]
    search_fields = ["name", "village__name", "region_path", "worker__username", "worker__last_name"]
    list_select_related = ["village", "worker"]
    ordering = ["region_path", "name"]

    @admin.display(description="网格员", ordering="worker__username")
    def worker_shown(self, obj: Grid) -> str:
        if obj.worker is None:
            return "（未指定）"
        return f"{obj.worker}（已停用）" if not obj.worker.is_active else str(obj.worker)

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any) -> forms.Field:
        # A county has some 150 villages, several with the same name, and cadres known by name: each choice says
        # where it is (涂埠镇 城南村; 张三（村干部/网格员） 涂埠镇 城南村).
        if db_field.name == "village":
            kwargs["queryset"] = Region.objects.active().filter(level=RegionLevel.VILLAGE).select_related("parent")
            kwargs["queryset"] = kwargs["queryset"].order_by("path")
        elif db_field.name == "worker":
            # Only accounts that can do the work: active and approved by the security admin (households.services.
            # grids refuses the others); a grid's own village narrows them further (get_form).
            kwargs["queryset"] = user_list(filters=WORKER_FILTERS)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "village":
            field.label_from_instance = _village_label
        elif db_field.name == "worker":
            places = _place_labels()
            field.label_from_instance = lambda user: f"{user} {_user_place(user, places)}{_worker_state(user)}"
        return field

    def get_form(self, request: HttpRequest, obj: Grid | None = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "village" in form.base_fields:
            # A grid of a village retired since keeps its village (marked 已撤销): it is still edited and saved.
            field = form.base_fields["village"]
            field.queryset = (field.queryset | Region.objects.filter(pk=obj.village_id)).order_by("path")  # type: ignore[attr-defined]
        if obj is not None and "worker" in form.base_fields:
            # Accounts whose scope covers the grid's village, and its current worker, whatever became of them (the
            # list flags 已停用): the grid can still be saved unchanged, and a new worker must be one who fits.
            fits = user_list(filters={**WORKER_FILTERS, "covering": obj.village.path})
            field = form.base_fields["worker"]
            field.queryset = fits | field.queryset.model.objects.filter(pk=obj.worker_id)  # type: ignore[attr-defined]
        return form

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="households_grid_import"),
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name="households_grid_import_template",
            ),
        ]
        return [*own, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.opts}
        return admin_import.grid_import_page(request, context)

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        return admin_import.grid_template()
