"""The region tree and the grids on the system admin's configuration site (accounts.admin_site).

Regions are read here, never edited: the tree comes from the statistical division codes (import_regions)
and every scoped row points at it. Grids are edited, through households.services.grids.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from accounts.admin_site import ConfigModelAdmin
from accounts.approvals import login_refusal
from accounts.choices import VILLAGE_ROLES, Approval
from accounts.selectors import user_list
from config.forms import ServiceModelForm
from households import admin_import
from households.choices import RegionLevel
from households.models import Grid, Region
from households.services.grids import grid_create, grid_update


@admin.register(Region)
class RegionAdmin(ConfigModelAdmin):
    list_display = ["name", "code", "level", "parent", "path"]
    list_filter = ["level"]
    search_fields = ["name", "code", "path"]
    list_select_related = ["parent"]
    ordering = ["path"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        return False


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
    return f"{village.parent.name} {village.name}" if village.parent else village.name


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
            kwargs["queryset"] = Region.objects.filter(level=RegionLevel.VILLAGE).select_related("parent")
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
