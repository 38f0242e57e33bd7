"""Feed types, their columns and alert rules on the configuration site (accounts.admin_site). Inlines are edited
together with their feed type, so the write is the admin's own; every save writes an audit record here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_site import ConfigModelAdmin
from accounts.audit import audit_record
from accounts.permissions import user_is_config_admin
from alerts.models import AlertRule, FeedColumn, FeedType


class ConfigInline(admin.TabularInline):
    """Inlines follow the configuration site's rule (accounts.admin_site), not Django's model permissions."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_is_config_admin(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class FeedColumnInline(ConfigInline):
    model = FeedColumn
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
                    "grace_days",
                    "active_since",
                    "created_at",
                    "verify_days",
                ]
            },
        ),
    ]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
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
