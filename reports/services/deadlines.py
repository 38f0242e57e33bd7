"""The county's deadlines for the monthly information entry and the screening campaigns (reports.ReportSettings):
read by the pages that judge them, changed only here (audited)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.audit import audit_changes, audit_record
from accounts.permissions import user_is_config_admin
from reports.models import ReportSettings

MSG_CONFIG_ONLY = "只有系统管理员可以修改录入与排查时限。"
MSG_ENTRY_DAY = "截止日应为1到31之间的整数（当月没有该日时以月末为截止日）。"
MSG_CAMPAIGN_MONTHS = "间隔应为1到24个月。"
MSG_CAMPAIGN_COVERAGE = "覆盖率应为1到100之间的整数（%）。"
FIELDS = ["entry_day", "campaign_months", "campaign_coverage"]


def report_settings() -> ReportSettings:
    """The county's row, created with the seeds' defaults (the 20th, six months, every household) the first time it
    is read."""
    row, _ = ReportSettings.objects.get_or_create(pk=1)
    return row


@transaction.atomic
def report_settings_save(
    *, actor: Any, entry_day: int, campaign_months: int, campaign_coverage: int = 100
) -> ReportSettings:
    if not user_is_config_admin(actor):
        raise PermissionDenied(MSG_CONFIG_ONLY)
    errors = {}
    if not 1 <= entry_day <= 31:
        errors["entry_day"] = MSG_ENTRY_DAY
    if not 1 <= campaign_months <= 24:
        errors["campaign_months"] = MSG_CAMPAIGN_MONTHS
    if not 1 <= campaign_coverage <= 100:
        errors["campaign_coverage"] = MSG_CAMPAIGN_COVERAGE
    if errors:
        raise ValidationError(errors)
    report_settings()
    row = ReportSettings.objects.select_for_update().get(pk=1)
    before = {name: getattr(row, name) for name in FIELDS}
    row.entry_day, row.campaign_months, row.campaign_coverage = entry_day, campaign_months, campaign_coverage
    row.updated_by = actor
    row.save()
    old, new = audit_changes(before, {name: getattr(row, name) for name in FIELDS})
    audit_record(
        actor=actor,
        action="reports.settings",
        target=row,
        before=old,
        after=new,
        summary=(
            f"修改录入与排查时限：每月{entry_day}日前录入，集中排查间隔不超过{campaign_months}个月，"
            f"每村排查覆盖{campaign_coverage}%的农户"
        ),
    )
    return row
