"""The county's deadlines for the monthly information entry and the screening campaigns on the configuration site
(accounts.admin_site): one row, saved through reports.services.deadlines (checked and audited there)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.admin_site import ConfigModelAdmin
from config.forms import ServiceModelForm
from reports.models import ReportSettings
from reports.services.deadlines import (
    MSG_CAMPAIGN_COVERAGE,
    MSG_CAMPAIGN_MONTHS,
    MSG_ENTRY_DAY,
    report_settings,
    report_settings_save,
)


class ReportSettingsForm(ServiceModelForm):
    class Meta:
        model = ReportSettings
        fields = ["entry_day", "campaign_months", "campaign_coverage"]
        # Below 0 the form's own bound (a positive integer field) answered in Django's words (确保该值大于或等于0),
        # while 0 and 101 got the service's: every value out of range gets the service's ("%" escaped, as the
        # form's messages are formatted with the bound).
        error_messages = {
            name: {"min_value": message.replace("%", "%%"), "max_value": message.replace("%", "%%")}
            for name, message in (
                ("entry_day", MSG_ENTRY_DAY),
                ("campaign_months", MSG_CAMPAIGN_MONTHS),
                ("campaign_coverage", MSG_CAMPAIGN_COVERAGE),
            )
        }

    def call_service(self) -> ReportSettings:
        return report_settings_save(
            actor=self.actor,
            entry_day=self.cleaned_data["entry_day"],
            campaign_months=self.cleaned_data["campaign_months"],
            campaign_coverage=self.cleaned_data["campaign_coverage"],
        )


@admin.register(ReportSettings)
class ReportSettingsAdmin(ConfigModelAdmin):
    form = ReportSettingsForm
    list_display = ["__str__", "entry_day", "campaign_months", "campaign_coverage", "updated_at", "updated_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one row, created with the seeds' defaults when first read

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # A single row: the list opens it directly.
        return redirect("admin:reports_reportsettings_change", report_settings().pk)
