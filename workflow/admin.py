"""Procedures and their steps on the configuration site (accounts.admin_site), saved through
workflow.services.procedure_config, which holds the rules and writes the audit record. The working-day calendar and
its yearly confirmation are in workflow.admin_holidays."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from accounts.admin_site import ConfigModelAdmin
from accounts.permissions import user_is_config_admin
from config.errors import ApplicationError
from config.forms import EMPTY_CHOICE, ServiceModelForm, apply_errors
from workflow import admin_holidays  # noqa: F401 (registers the working-day calendar and its yearly confirmation)
from workflow.choices import StepKind
from workflow.models import Procedure, Step
from workflow.selectors_procedures import county_choices, region_name, region_names_annotated, switch_preview
from workflow.services import procedure_config
from workflow.services.procedures import procedure_switch

MSG_PLACEHOLDER = (
    "程序“{name}”的适用县区划 {prefix} 是占位的省级或市级代码：安装时须先设为使用县（区）的6位区划代码，"
    "用“在本县启用此程序”即可在设定区划的同时启用。"
)
MSG_SWITCHED = "已在{region}启用{kind}程序“{name}”{stopped}。未办结的案件仍按发起时的程序办理。"
MSG_PICK_ONE = "“在本县启用此程序”一次只能对一个程序操作，请只勾选一个。"
MSG_NO_COUNTY = "请选择县，或填写6位县级区划代码。"
MSG_TWO_COUNTIES = "所选的县（{county}）与填写的区划代码（{code}）不一致，请只选一项。"


class ProcedureForm(ServiceModelForm):
    confirm_deactivate = forms.BooleanField(
        label="确认停用",
        required=False,
        help_text="停用有未办结案件的程序时勾选：这些案件仍按本程序办理，新案件按本县另行启用的程序办理。",
    )

    class Meta:
        model = Procedure
        fields = ["code", "name", "kind", "region_prefix", "is_active", "limit_days", "green_channel", "source"]
        fields += ["exit_min_months", "refused_exit_days"]
        # A value out of range is refused in the service's words (not Django's 确保该值大于或等于0).
        error_messages = {
            "limit_days": {"min_value": procedure_config.MSG_LIMIT_DAYS},
            "exit_min_months": dict.fromkeys(("min_value", "max_value"), procedure_config.EXIT_MONTHS_SAID),
            "refused_exit_days": dict.fromkeys(("min_value", "max_value"), procedure_config.REFUSED_DAYS_SAID),
        }
        help_texts = {
            "region_prefix": "使用县（区）的6位区划代码。预置的外地程序（如桃沟乡的，以340000占位）"
            "安装时须先设为本县代码；切换本县程序请用页面右上角的“在本县启用此程序”。",
        }

    def validate_unique(self) -> None:
        """The service says it in Chinese."""

    def call_service(self) -> Procedure:
        # The admin's Meta.fields lists the form's own fields too (confirm_deactivate): the model's only.
        data = {name: self.cleaned_data[name] for name in ProcedureForm.Meta.fields}
        return procedure_config.procedure_save(
            actor=self.actor,
            procedure=self.instance if self.instance.pk else None,
            confirm_deactivate=self.cleaned_data.get("confirm_deactivate", False),
            **data,
        )


class ProcedureSwitchForm(forms.Form):
    """The county 在本县启用此程序 acts for: one set up on this installation, or a code typed in."""

    county = forms.ChoiceField(label="县（区）", required=False)
    region_prefix = forms.CharField(
        label="或填写县级区划代码", required=False, max_length=6, help_text="尚未建立区划的县（区），填写6位区划代码。"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", EMPTY_CHOICE), *county_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        county, code = data.get("county") or "", (data.get("region_prefix") or "").strip()
        if county and code and county != code:
            raise ValidationError(MSG_TWO_COUNTIES.format(county=county, code=code))
        if not (county or code):
            raise ValidationError(MSG_NO_COUNTY)
        data["prefix"] = county or code
        return data


def _flag(value: bool) -> str:
    return "是" if value else "—"


class StepInline(admin.TabularInline):
    """Read-only here: steps are edited one by one (StepAdmin), each through the service."""

    model = Step
    # The step's name, not its code (village_review), is what the county reads; the code is on the step's page.
    fields = ["order", "name", "role", "kind", "days", "day_type", "parallel", "skippable", "review", "visit"]
    fields += ["number"]
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

    # The step's flags as words (是/—), so they read on a phone as on a screen; each says what it changes.
    @admin.display(description="与下一环节并行")
    def parallel(self, step: Step) -> str:
        return _flag(step.parallel_with_next)

    @admin.display(description="可免办（风险明确且无异议）")
    def skippable(self, step: Step) -> str:
        return _flag(step.skippable_when_clear)

    @admin.display(description="含村级评议")
    def review(self, step: Step) -> str:
        return _flag(step.with_review)

    @admin.display(description="须入户核实走访")
    def visit(self, step: Step) -> str:
        return _flag(step.needs_visit)

    @admin.display(description="须填批复文号")
    def number(self, step: Step) -> str:
        return _flag(step.asks_approval_number) if step.kind == StepKind.COUNTY_APPROVAL else ""


@admin.register(Procedure)
class ProcedureAdmin(ConfigModelAdmin):
    form = ProcedureForm
    inlines = [StepInline]
    # No code column (yongxiu_identification): the county reads a procedure by its name; the code is on its page.
    list_display = ["name", "kind", "region_shown", "is_active", "limit_days", "green_channel"]
    list_filter = ["kind", "is_active"]
    actions = ["switch_action"]
    change_form_template = "admin/workflow/procedure/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Procedure]:
        return region_names_annotated(super().get_queryset(request))

    @admin.display(description="适用县区划", ordering="region_prefix")
    def region_shown(self, procedure: Procedure) -> str:
        """涞源县（130630）, not 130630: the county reads its place; a preset's placeholder reads as its province."""
        return region_name(procedure.region_prefix, getattr(procedure, "region_label", None) or "")

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<path:object_id>/switch/",
                self.admin_site.admin_view(self.switch_view),
                name="workflow_procedure_switch",
            )
        ]
        return [*own, *super().get_urls()]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> Any:
        procedure = self.get_object(request, unquote(object_id))
        if request.method == "GET" and procedure is not None and procedure.region_prefix.endswith("00"):
            messages.warning(request, MSG_PLACEHOLDER.format(name=procedure.name, prefix=procedure.region_prefix))
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="在本县启用此程序")
    def switch_action(self, request: HttpRequest, queryset: QuerySet[Procedure]) -> HttpResponse | None:
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, MSG_PICK_ONE, messages.ERROR)
            return None
        return redirect("admin:workflow_procedure_switch", chosen[0].pk)

    def switch_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Choose the county, see what changes (open cases carry on, new cases run on this procedure), confirm."""
        procedure = self.get_object(request, unquote(object_id))
        if procedure is None:
            raise Http404
        if not self.has_change_permission(request, procedure):
            raise PermissionDenied
        bound = request.POST if request.method == "POST" else (request.GET or None)
        counties = [code for code, _ in county_choices()]
        default = procedure.region_prefix if procedure.region_prefix in counties else ""
        form = ProcedureSwitchForm(bound, initial={"county": default or (counties[0] if len(counties) == 1 else "")})
        preview = None
        if form.is_bound and form.is_valid():
            prefix = form.cleaned_data["prefix"]
            if request.method == "POST":
                try:
                    switched = procedure_switch(actor=request.user, procedure=procedure, region_prefix=prefix)
                except ValidationError as error:
                    apply_errors(form, error)
                except ApplicationError as error:
                    form.add_error(None, error.message)
                else:
                    return self._switched(request, *switched, region_name(prefix))
            preview = switch_preview(procedure=procedure, region_prefix=prefix)
        context = {
            **self.admin_site.each_context(request),
            "title": f"在本县启用此程序：{procedure.name}",
            "opts": self.opts,
            "original": procedure,
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/workflow/procedure/switch.html", context)

    def _switched(
        self, request: HttpRequest, procedure: Procedure, replaced: list[Procedure], region: str
    ) -> HttpResponse:
        note = "，停用" + "、".join(f"“{old.name}”" for old in replaced) if replaced else ""
        kind = procedure.get_kind_display()
        message = MSG_SWITCHED.format(region=region, kind=kind, name=procedure.name, stopped=note)
        self.message_user(request, message, messages.SUCCESS)
        return redirect("admin:workflow_procedure_change", procedure.pk)


class StepForm(ServiceModelForm):
    class Meta:
        model = Step
        fields = ["procedure", "order", "code", "name", "role", "kind", "days", "day_type"]
        fields += ["parallel_with_next", "skippable_when_clear", "with_review", "needs_visit", "needs_approval_number"]
        error_messages = {"days": {"min_value": procedure_config.MSG_DAYS_TOO_FEW}}
        help_texts = {
            "with_review": "公示环节同时作为村级评议（如涞源县的村级评议公示）：公示期满无异议后，"
            "须上传评议会议记录方可办理通过，系统不自动通过。只有公示环节可以勾选。",
        }

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
    "规则：公示环节可不填公示天数（由办理人登记公示结束）；填写的须在5–60天之间，并选择天数口径；其他环节不填天数；"
    "“含村级评议”只用于公示环节；同一程序内顺序和编码不能重复；启用的程序须保留“县级审批”或“公告标识”环节；"
    "有办理中案件的程序不能修改环节（办理中的案件按发起时的环节办理），如需调整请新建程序。"
)


@admin.register(Step)
class StepAdmin(ConfigModelAdmin):
    form = StepForm
    fieldsets = [(None, {"fields": StepForm.Meta.fields, "description": STEP_RULES})]
    list_display = ["procedure", "order", "name", "role", "kind", "days", "day_type", "parallel_with_next"]
    list_display += ["skippable_when_clear", "with_review"]
    list_filter = ["procedure"]
    ordering = ["procedure", "order"]
