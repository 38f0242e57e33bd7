"""Monitoring lines, warning lines and rules on the configuration site (accounts.admin_site), saved through
screening.services.config so the same validation, audit record and county re-screening apply as on the
county bureau's pages (/screening/lines/, /screening/rules/). History: the admin's own log and the audit log.

The county's 不予排除 decisions (ExclusionOverride) are listed read-only, scoped like the registry they are about: the
system admin sees no household (accounts.roles.sees_registry), so only a development superuser finds them here; the
county's staff read each one on the household's 筛查 tab."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.admin_site import ConfigModelAdmin
from accounts.scoping import user_scope_prefix
from config.forms import ServiceModelForm
from screening.forms import PARAM_PREFIX, TypedParamsMixin, param_field_names
from screening.models import ExclusionOverride, MonitoringLine, ScreeningRule, WarningLine
from screening.services import config
from screening.services.overrides import fact_label

MSG_DEFAULT_PARAMS = "新增的规则按所选类型的默认参数保存，保存后可在本页逐项修改参数。"


class LineForm(ServiceModelForm):
    class Meta:
        model = MonitoringLine
        fields = ["year", "region_prefix", "region_label", "amount", "inclusive", "basis"]

    def validate_unique(self) -> None:
        """The service says it in Chinese."""

    def call_service(self) -> MonitoringLine:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return config.monitoring_line_save(actor=self.actor, line=self.instance if self.instance.pk else None, **data)


@admin.register(MonitoringLine)
class MonitoringLineAdmin(ConfigModelAdmin):
    form = LineForm
    list_display = ["year", "region_label", "region_prefix", "amount", "inclusive", "updated_at"]
    list_filter = ["year"]


class WarningForm(ServiceModelForm):
    class Meta:
        model = WarningLine
        fields = ["line", "starts_on", "ends_on", "amount"]

    def call_service(self) -> WarningLine:
        data = {name: self.cleaned_data[name] for name in ("starts_on", "ends_on", "amount")}
        return config.warning_line_save(
            actor=self.actor,
            line=self.cleaned_data["line"],
            warning=self.instance if self.instance.pk else None,
            **data,
        )


@admin.register(WarningLine)
class WarningLineAdmin(ConfigModelAdmin):
    form = WarningForm
    list_display = ["line", "starts_on", "ends_on", "amount"]


class RuleForm(TypedParamsMixin, ServiceModelForm):
    """A rule on the configuration site: its parameters as the county's rule page asks them, one typed field each
    (screening.forms.TypedParamsMixin), on the change page, where the kind is known. A rule is added with its kind's
    default parameters (validate_params fills them in), adjusted on its change page after."""

    class Meta:
        model = ScreeningRule
        fields = ["code", "name", "kind", "risk_type", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_param_fields()
        if "kind" in self.fields:
            self.fields["kind"].help_text = MSG_DEFAULT_PARAMS

    def validate_unique(self) -> None:
        """Codes are unique in the database; the service validates the rest."""

    def call_service(self) -> ScreeningRule:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        # Read-only on the change page (ScreeningRuleAdmin): results and hits name the rule by its code, and the
        # parameters asked are its kind's.
        data.setdefault("code", self.instance.code)
        data.setdefault("kind", self.instance.kind)
        return config.screening_rule_save(
            actor=self.actor,
            rule=self.instance if self.instance.pk else None,
            **{**data, "params": self.params()},
        )


@admin.register(ScreeningRule)
class ScreeningRuleAdmin(ConfigModelAdmin):
    form = RuleForm
    # The rule's name, linked, first: the code (EDUCATION_UNSECURED) is the results' key, not the county's word
    # for the rule, and without it the five columns fit beside the filters on a 1366-px screen. Searchable still.
    list_display = ["name", "kind", "risk_type", "is_active", "updated_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request: HttpRequest, obj: ScreeningRule | None = None) -> list[str]:
        # Results and hits name their rule by code: it is given once, when the rule is added; so is its kind,
        # whose parameters the page asks.
        return ["code", "kind"] if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: ScreeningRule | None = None) -> list[str]:
        params = param_field_names(obj) if obj is not None else []
        return ["code", "name", "kind", "risk_type", *params, "is_active"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        # The parameter fields are the form's own (added per rule), not the model's: the factory is not asked for them.
        fields = kwargs.pop("fields", None) or self.get_fields(request, obj)
        fields = [name for name in fields if not name.startswith(PARAM_PREFIX)]
        return super().get_form(request, obj, change=change, fields=fields, **kwargs)


@admin.register(ExclusionOverride)
class ExclusionOverrideAdmin(ConfigModelAdmin):
    """Read-only: a decision is made on the county's worklist (screening.services.overrides.override_decide), with its
    audit record, and never edited or deleted afterwards."""

    list_display = ["household_shown", "decided_by", "decided_at", "reason", "facts_shown"]
    list_select_related = ["household", "decided_by"]
    search_fields = ["household__head_name", "household__number", "reason"]
    fields = ["household_shown", "decided_by", "decided_at", "reason", "facts_shown"]
    readonly_fields = fields

    def _sees(self, request: HttpRequest) -> bool:
        return super().has_view_permission(request) and user_scope_prefix(request.user) is not None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._sees(request)

    def has_view_permission(self, request: HttpRequest, obj: ExclusionOverride | None = None) -> bool:
        return self._sees(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ExclusionOverride | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExclusionOverride]:
        return super().get_queryset(request).visible_to(request.user).prefetch_related("facts__member")

    @admin.display(description="农户", ordering="household__head_name")
    def household_shown(self, obj: ExclusionOverride) -> str:
        return f"{obj.household.head_name}（{obj.household.number}）"

    @admin.display(description="不予排除的排除情形")
    def facts_shown(self, obj: ExclusionOverride) -> str:
        return "、".join(fact_label(fact) for fact in obj.facts.all()) or "—"
