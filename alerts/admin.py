"""Feed types, their columns and alert rules on the configuration site (accounts.admin_site). Inlines are edited
together with their feed type, so the write is the admin's own; every save writes an audit record here."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from accounts.admin_site import ConfigModelAdmin
from accounts.audit import audit_record
from accounts.permissions import user_is_config_admin
from alerts.choices import Cadence, ColumnKind
from alerts.models import AlertRule, FeedColumn, FeedType


class ConfigInline(admin.TabularInline):
    """Inlines follow the configuration site's rule (accounts.admin_site), not Django's model permissions."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_is_config_admin(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


MSG_EVENT_NOT_DATE = "发生日期列“{key}”应是本数据类型的一个日期列（类型为“日期”）的列代码。"


class FeedColumnFormSet(BaseInlineFormSet):
    """A feed pushed within N days of each event counts the N days from one of its own date columns: the column
    the feed type names must be among the columns saved with it (the feed type's form, validated first, has set
    its cadence and 发生日期列 on the instance)."""

    def clean(self) -> None:
        super().clean()
        feed = self.instance
        if feed.cadence != Cadence.WITHIN_DAYS or not feed.event_column:
            return
        dates = {
            form.cleaned_data.get("key")
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("kind") == ColumnKind.DATE
        }
        if feed.event_column not in dates:
            raise ValidationError(MSG_EVENT_NOT_DATE.format(key=feed.event_column))


class FeedColumnInline(ConfigInline):
    model = FeedColumn
    formset = FeedColumnFormSet
    fields = ["order", "key", "header", "aliases", "kind", "required", "choices", "example", "note"]


class AlertRuleInline(ConfigInline):
    model = AlertRule
    fields = ["code", "name", "kind", "column_key", "threshold", "values", "risk_type", "exclusion_kind", "is_active"]


@admin.register(FeedType)
class FeedTypeAdmin(ConfigModelAdmin):
    list_display = ["name", "department", "cadence", "verify_days", "seed_item", "is_active"]
    list_filter = ["department", "cadence", "is_active"]
    search_fields = ["name", "code"]
    inlines = [FeedColumnInline, AlertRuleInline]
    readonly_fields = ["created_at"]  # 开始报送日期 left blank counts from this day
    fieldsets = [
        (None, {"fields": ["code", "name", "department", "seed_item", "population", "is_active"]}),
        (
            "报送频次与时限",
            {
                "fields": [
                    "cadence",
                    "cadence_days",
                    "due_day",
                    "window_start_month",
                    "window_end_month",
                    "event_column",
                    "grace_days",
                    "active_since",
                    "created_at",
                    "verify_days",
                ]
            },
        ),
    ]

    def save_model(self, request: HttpRequest, obj: FeedType, form: Any, change: bool) -> None:
        """The admin's own write (no service: the feed type and its inlines are validated together by the form and
        the formsets, then saved and audited in the admin's one transaction). ConfigModelAdmin's default, which
        expects a service form, refused every save of a feed type."""
        obj.save()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        admin.ModelAdmin.save_related(self, request, form, formsets, change)  # the inlines: ConfigModelAdmin's skips
        feed = form.instance
        audit_record(
            actor=request.user,
            action="alerts.feed_type_save",
            summary=f"{'修改' if change else '新增'}部门数据类型：{feed}",
            target=feed,
            after={
                "cadence": feed.cadence,
                "columns": [c.header for c in feed.columns.all()],
                "rules": [r.name for r in feed.rules.all()],
            },
        )
