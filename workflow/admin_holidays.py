"""The working-day calendar on the configuration site (accounts.admin_site): the days entered (工作日调整), the system
admin's confirmation that a year's holidays are all entered (节假日录入确认) and its withdrawal (撤销确认), each
through a service that holds the rules and writes the audit record (workflow.services.procedure_config,
workflow.services.holiday_years)."""

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
from django.utils import timezone

from accounts.admin_site import ConfigModelAdmin
from accounts.permissions import user_is_config_admin
from config.forms import ServiceModelForm, apply_errors
from workflow.models import CalendarDay, HolidayYear
from workflow.services import procedure_config
from workflow.services.holiday_years import holiday_year_confirm, holiday_year_withdraw
from workflow.workdays import holiday_gaps, years_without_holidays

MSG_HOLIDAYS_MISSING = (
    "{year}年的法定节假日和调休尚未录入完毕（系统内置的节假日日历只到已公布的年份）：{gaps}。"
    "确认前按工作日计算的公示期只排除周末和已录入的放假日。请在国务院办公厅公布放假安排后，逐日添加放假日（不是工作日）"
    "和调休上班日（是工作日），全部录入后在“节假日录入确认”中确认{year}年已录入完毕。"
)
MSG_WITHDRAWN = (
    "已撤销{year}年节假日录入完毕的确认，该年重新按未录入对待：工作日调整页和首页的“节假日待录入”提醒恢复。"
    "已录入的放假日和调休上班日保留；按国务院办公厅公布的放假安排补录后，可再次确认。"
)
MSG_PICK_ONE_YEAR = "“撤销确认”一次只能对一个年度操作，请只勾选一个。"


def holidays_missing_messages(today: Any) -> list[str]:
    return [MSG_HOLIDAYS_MISSING.format(year=year, gaps=holiday_gaps(year)) for year in years_without_holidays(today)]


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
        for message in holidays_missing_messages(timezone.localdate()):
            messages.warning(request, message)
        return super().changelist_view(request, extra_context)


class HolidayYearForm(ServiceModelForm):
    checked = forms.BooleanField(
        label="已录入完毕",
        required=False,
        help_text="已按国务院办公厅公布的该年放假安排，在“工作日调整”中录入全部放假日和调休上班日。",
    )

    class Meta:
        model = HolidayYear
        fields = ["year"]

    def validate_unique(self) -> None:
        """The service says it in Chinese."""

    def call_service(self) -> HolidayYear:
        return holiday_year_confirm(
            actor=self.actor, year=self.cleaned_data["year"], checked=self.cleaned_data["checked"]
        )


class HolidayYearWithdrawForm(forms.Form):
    """Why the confirmation is withdrawn; the service refuses a blank one (holiday_years.MSG_REASON_REQUIRED)."""

    reason = forms.CharField(
        label="撤销理由",
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="记入审计日志，如“确认时国务院办公厅尚未公布调休安排”。",
    )


@admin.register(HolidayYear)
class HolidayYearAdmin(ConfigModelAdmin):
    """A confirmation is recorded once and never edited: a day found missing later is added on 工作日调整. One given
    by mistake is withdrawn on its own page (撤销确认, with a reason), never deleted: the plain delete stays refused
    (ConfigModelAdmin), so every withdrawal goes through the service and its audit record."""

    form = HolidayYearForm
    list_display = ["year", "confirmed_by", "confirmed_at"]
    actions = ["withdraw_action"]
    change_form_template = "admin/workflow/holidayyear/change_form.html"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A confirmation's page shows who confirmed it and when (read before 撤销确认), not the form's tick box.
        return ["year", "checked"] if obj is None else ["year", "confirmed_by", "confirmed_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        years = years_without_holidays(timezone.localdate())
        return {"year": years[0]} if years else {}

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="workflow_holidayyear_withdraw",
            )
        ]
        return [*own, *super().get_urls()]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None) -> Any:
        if request.method == "GET":  # what is still missing, before the admin confirms
            for message in holidays_missing_messages(timezone.localdate()):
                messages.warning(request, message)
        return super().add_view(request, form_url, extra_context)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        for message in holidays_missing_messages(timezone.localdate()):
            messages.warning(request, message)
        return super().changelist_view(request, extra_context)

    @admin.action(description="撤销确认")
    def withdraw_action(self, request: HttpRequest, queryset: QuerySet[HolidayYear]) -> HttpResponse | None:
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, MSG_PICK_ONE_YEAR, messages.ERROR)
            return None
        return redirect("admin:workflow_holidayyear_withdraw", chosen[0].pk)

    def withdraw_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """What withdrawing changes, the reason, then 确认撤销: nothing is withdrawn by the link alone."""
        confirmation = self.get_object(request, unquote(object_id))
        if confirmation is None:
            raise Http404
        if not user_is_config_admin(request.user):
            raise PermissionDenied
        form = HolidayYearWithdrawForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                holiday_year_withdraw(actor=request.user, year=confirmation.year, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                self.message_user(request, MSG_WITHDRAWN.format(year=confirmation.year), messages.SUCCESS)
                return redirect("admin:workflow_holidayyear_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"撤销确认：{confirmation.year}年节假日录入完毕",
            "opts": self.opts,
            "original": confirmation,
            "form": form,
        }
        return TemplateResponse(request, "admin/workflow/holidayyear/withdraw.html", context)
