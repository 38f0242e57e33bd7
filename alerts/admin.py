"""Feed types, their columns and alert rules on the configuration site (accounts.admin_site). Inlines are edited
together with their feed type, so the write is the admin's own, checked first by alerts.feed_config (the cadence's
numbers, each rule against the columns saved with it); every save writes an audit record of what changed. Nothing
is deleted here: a rule is switched off (启用), a column the department no longer sends is made optional."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone

from accounts.admin_site import ConfigModelAdmin, UsedChoicesFilter
from accounts.audit import audit_record
from accounts.permissions import user_is_config_admin
from alerts.choices import Cadence, ColumnKind
from alerts.feed_config import (
    activation_error,
    cadence_change_note,
    changes,
    feed_cadence_change,
    header_errors,
    not_above_errors,
    pending_cadence,
    rule_errors,
    snapshot,
    verify_days_warnings,
)
from alerts.models import AlertRule, FeedColumn, FeedType


class ConfigInline(admin.TabularInline):
    """Inlines follow the configuration site's rule (accounts.admin_site), not Django's model permissions."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_is_config_admin(request.user)

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a rule would take its alerts' history with it, and Django's refusal lists those alerts, names
        # and details, to a role that may not read them (separated duties).
        return False


MSG_EVENT_NOT_DATE = "发生日期列“{key}”应是本数据类型的一个日期列（类型为“日期”）的列代码。"


class NamedFormSet(BaseInlineFormSet):
    """Django's duplicate message names the field by its code ("请修改key的重复数据"): by its label here."""

    def get_unique_error_message(self, unique_check: Any) -> str:
        fields = [f for f in unique_check if f != self.fk.name]
        labels = "、".join(str(self.model._meta.get_field(f).verbose_name) for f in fields)
        return MSG_DUPLICATE.format(model=self.model._meta.verbose_name, fields=labels)


MSG_DUPLICATE = "同一数据类型的{model}，{fields}不能重复，请修改。"


class FeedColumnFormSet(NamedFormSet):
    """No two columns share a header or an alias (alerts.feed_config.header_errors). A column's 不得大于的列 names
    another amount column saved with it (alerts.feed_config.not_above_errors). A feed pushed within N days of each
    event counts the N days from one of its own date columns: the column the feed type names must be among the
    columns saved with it (the feed type's form, validated first, has set its cadence and 发生日期列 on the
    instance)."""

    def clean(self) -> None:
        super().clean()
        forms = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        rows = [form.cleaned_data for form in forms]
        columns = {row["key"]: row for row in rows if row.get("key")}
        for form in forms:
            for field, message in not_above_errors(form.cleaned_data, columns).items():
                form.add_error(field, message)
        named = [
            {
                **form.cleaned_data,
                "saved_header": form.initial.get("header"),
                "saved_aliases": form.initial.get("aliases"),
            }
            for form in forms
        ]
        for index, errors in header_errors(named).items():
            for field, message in errors.items():
                forms[index].add_error(field, message)
        feed = self.instance
        if feed.cadence != Cadence.WITHIN_DAYS or not feed.event_column:
            return
        dates = {row.get("key") for row in rows if row.get("kind") == ColumnKind.DATE}
        if feed.event_column not in dates:
            raise ValidationError(MSG_EVENT_NOT_DATE.format(key=feed.event_column))


class FeedColumnInline(ConfigInline):
    model = FeedColumn
    formset = FeedColumnFormSet
    fields = ["order", "key", "header", "aliases", "kind", "required", "choices", "not_above", "example", "note"]


class AlertRuleFormSet(NamedFormSet):
    """Each rule reads a column of the feed (alerts.feed_config.rule_errors): the columns as the column inline
    submits them (FeedTypeAdmin._create_formsets links it), else as saved. A feed type 启用 needs its ID number and
    name columns and an active rule (review rev-clerk 3)."""

    columns_formset: FeedColumnFormSet | None = None

    def _columns(self) -> dict[str, dict[str, Any]]:
        formset = self.columns_formset
        if formset is not None and formset.is_valid():
            rows = [form.cleaned_data for form in formset.forms if form.cleaned_data]
            return {row["key"]: row for row in rows if row.get("key")}
        columns = FeedColumn.objects.filter(feed_type=self.instance) if self.instance.pk else []
        return {c.key: {"kind": c.kind, "header": c.header, "choices": c.choices} for c in columns}

    def clean(self) -> None:
        super().clean()
        columns = self._columns()
        for form in self.forms:
            if not form.cleaned_data:
                continue
            for field, message in rule_errors(form.cleaned_data, columns).items():
                form.add_error(field, message)
        # A feed type 启用 (the feed type's form, validated first, has set it on the instance) must be able to match
        # a person and raise an alert: alerts.feed_config.activation_error.
        if self.instance.is_active:
            rules = [form.cleaned_data for form in self.forms if form.cleaned_data]
            rules = [rule for rule in rules if not rule.get("DELETE")]
            if message := activation_error([{"key": key, **column} for key, column in columns.items()], rules):
                raise ValidationError(message)


class AlertRuleInline(ConfigInline):
    model = AlertRule
    formset = AlertRuleFormSet
    fields = [
        "code",
        "name",
        "kind",
        "column_key",
        "threshold",
        "rise_amount",
        "values",
        "risk_type",
        "exclusion_kind",
        "is_active",
    ]


@admin.register(FeedType)
class FeedTypeAdmin(ConfigModelAdmin):
    list_display = ["name", "department", "cadence_shown", "verify_days", "seed_item", "is_active"]
    list_filter = [("department", UsedChoicesFilter), "cadence", "is_active"]
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
                    "repeat_quiet_days",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FeedType]:
        return super().get_queryset(request).prefetch_related("past_cadences")  # cadence_shown, once per page

    @admin.display(description="报送频次", ordering="cadence")
    def cadence_shown(self, feed: FeedType) -> str:
        """In the county's words, with its day or N (每月5日前报送上月数据), as the feed types page says it; the
        choice's own label names the kind alone (每月按截止日报送上月数据)."""
        return feed.cadence_text()

    def _create_formsets(self, request: HttpRequest, obj: Any, change: bool) -> Any:
        """The rule inline checks its rules against the columns submitted with them."""
        formsets, inlines = super()._create_formsets(request, obj, change)
        columns = next((f for f in formsets if isinstance(f, FeedColumnFormSet)), None)
        for formset in formsets:
            if isinstance(formset, AlertRuleFormSet):
                formset.columns_formset = columns
        return formsets, inlines

    def save_model(self, request: HttpRequest, obj: FeedType, form: Any, change: bool) -> None:
        """The admin's own write (no service: the feed type and its inlines are validated together by the form and
        the formsets, then saved and audited in the admin's one transaction). ConfigModelAdmin's default, which
        expects a service form, refused every save of a feed type. What it was is kept for the audit record; a
        changed cadence applies from the next period on (alerts.feed_config.feed_cadence_change)."""
        saved = FeedType.objects.filter(pk=obj.pk).first() if obj.pk else None
        obj._audit_before = _snapshot(saved) if saved is not None else None
        today = timezone.localdate()
        pending = pending_cadence(obj, today) if obj.pk else None
        obj.save()
        until = feed_cadence_change(feed=obj, before=saved, today=today)
        obj._cadence_note = cadence_change_note(feed=obj, until=until, pending=pending)
        if obj._cadence_note:
            messages.info(request, obj._cadence_note)
        for warning in verify_days_warnings(obj):
            messages.warning(request, warning)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        admin.ModelAdmin.save_related(self, request, form, formsets, change)  # the inlines: ConfigModelAdmin's skips
        feed = form.instance
        before, after = changes(getattr(feed, "_audit_before", None), _snapshot(feed))
        audit_record(
            actor=request.user,
            action="alerts.feed_type_save",
            summary=f"{'修改' if change else '新增'}部门数据类型：{feed}{'' if after else '（未修改）'}"
            f"{'。' + feed._cadence_note if getattr(feed, '_cadence_note', '') else ''}",
            target=feed,
            before=before or None,
            after=after,
        )


def _snapshot(feed: FeedType) -> dict[str, Any]:
    return snapshot(feed, feed.columns.order_by("order", "id"), feed.rules.order_by("id"))
