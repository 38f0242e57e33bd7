"""Monitoring lines, warning lines and rules on the configuration site (accounts.admin_site), saved through
screening.services.config so the same validation, audit record and county re-screening apply as on the
county bureau's pages (/screening/lines/, /screening/rules/). History: the admin's own log and the audit log."""

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_site import ConfigModelAdmin
from config.forms import ServiceModelForm
from screening.models import MonitoringLine, ScreeningRule, WarningLine
from screening.services import config


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


class RuleForm(ServiceModelForm):
    class Meta:
        model = ScreeningRule
        fields = ["code", "name", "kind", "risk_type", "params", "is_active"]

    def validate_unique(self) -> None:
        """Codes are unique in the database; the service validates the rest."""

    def call_service(self) -> ScreeningRule:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        data.setdefault("code", self.instance.code)  # read-only on the change page (ScreeningRuleAdmin)
        return config.screening_rule_save(
            actor=self.actor,
            rule=self.instance if self.instance.pk else None,
            **{**data, "params": data["params"] or {}},
        )


@admin.register(ScreeningRule)
class ScreeningRuleAdmin(ConfigModelAdmin):
    form = RuleForm
    list_display = ["code", "name", "kind", "risk_type", "is_active", "updated_at"]
    list_filter = ["kind", "is_active"]

    def get_readonly_fields(self, request: HttpRequest, obj: ScreeningRule | None = None) -> list[str]:
        # Results and hits name their rule by code: it is given once, when the rule is added.
        return ["code"] if obj is not None else []
