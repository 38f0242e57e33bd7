"""Procedures, their steps and the working-day calendar on the configuration site (accounts.admin_site), saved
through workflow.services.procedure_config, which holds the rules and writes the audit record."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone

from accounts.admin_site import ConfigModelAdmin
from accounts.permissions import user_is_config_admin
from config.forms import ServiceModelForm
from workflow.models import CalendarDay, Procedure, Step
from workflow.services import procedure_config
from workflow.workdays import years_without_holidays


class ProcedureForm(ServiceModelForm):
    class Meta:
        model = Procedure
        fields = ["code", "name", "kind", "region_prefix", "is_active", "limit_days", "source"]

    def validate_unique(self) -> None:
        """The service says it in Chinese."""

    def call_service(self) -> Procedure:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return procedure_config.procedure_save(
            actor=self.actor, procedure=self.instance if self.instance.pk else None, **data
        )


class StepInline(admin.TabularInline):
    """Read-only here: steps are edited one by one (StepAdmin), each through the service."""

    model = Step
    fields = ["order", "code", "name", "role", "kind", "days", "day_type", "parallel_with_next"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_is_config_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(ConfigModelAdmin):
    form = ProcedureForm
    inlines = [StepInline]
    list_display = ["name", "code", "kind", "region_prefix", "is_active", "limit_days"]
    list_filter = ["kind", "is_active"]


class StepForm(ServiceModelForm):
    class Meta:
        model = Step
        fields = ["procedure", "order", "code", "name", "role", "kind", "days", "day_type"]
        fields += ["parallel_with_next", "skippable_when_clear"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the roles the service accepts (procedure_config.STEP_ROLES): a department, a leader or an administrator
        # acts on no step.
        self.fields["role"].choices = [
            (value, label)
            for value, label in self.fields["role"].choices
            if not value or value in procedure_config.STEP_ROLES
        ]

    def validate_unique(self) -> None:
        """The service says it in Chinese."""

    def call_service(self) -> Step:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return procedure_config.step_save(actor=self.actor, step=self.instance if self.instance.pk else None, **data)


STEP_RULES = (
    # As procedure_config._validate_step: a publicity's days are optional (Laiyuan's seeded procedure has none).
    "规则：公示环节可不填公示天数（由办理人登记公示结束）；填写的须在1–60天之间，并选择天数口径；其他环节不填天数；"
    "同一程序内顺序和编码不能重复；启用的程序须保留“县级审批”或“公告标识”环节；"
    "有办理中案件的程序不能修改环节（办理中的案件按发起时的环节办理），如需调整请新建程序。"
)


@admin.register(Step)
class StepAdmin(ConfigModelAdmin):
    form = StepForm
    fieldsets = [(None, {"fields": StepForm.Meta.fields, "description": STEP_RULES})]
    list_display = ["procedure", "order", "name", "role", "kind", "days", "day_type", "parallel_with_next"]
    list_filter = ["procedure"]
    ordering = ["procedure", "order"]


MSG_HOLIDAYS_MISSING = (
    "{year}年的法定节假日和调休尚未录入（系统内置的节假日日历只到已公布的年份）：按工作日计算的公示期将只排除周末。"
    "请在国务院办公厅公布放假安排后，逐日添加放假日（不是工作日）和调休上班日（是工作日）。"
)


class CalendarDayForm(ServiceModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "note"]

    def validate_unique(self) -> None:
        """The service says it in Chinese."""

    def call_service(self) -> CalendarDay:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return procedure_config.calendar_day_save(
            actor=self.actor, day=self.instance if self.instance.pk else None, **data
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(ConfigModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "is_workday", "note"]
    ordering = ["-date"]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        for year in years_without_holidays(timezone.localdate()):
            messages.warning(request, MSG_HOLIDAYS_MISSING.format(year=year))
        return super().changelist_view(request, extra_context)
