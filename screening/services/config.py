"""Monitoring lines, warning lines and rules: county configuration. A change that moves what the screening reads
(a line's year, area or amount, a warning period, a rule's kind, risk, parameters or switch) re-screens the whole
county; a name, a label or a note does not."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import UNCHANGED, audit_changes, audit_record
from accounts.choices import Role
from households.services.income import FIRST_YEAR, MSG_YEAR_RANGE
from screening.choices import RunKind
from screening.models import MonitoringLine, ScreeningRule, WarningLine
from screening.rule_params import validate_params

MSG_CONFIG_ROLE = "只有县乡村振兴局或系统管理员可以修改监测标准和筛查规则。"
MSG_LINE_EXISTS = "{year}年“{region}”的监测标准已存在，请修改原有标准。"
MSG_PREFIX = "适用区划代码前缀应为2位（省）、4位（市）或6位（县）数字。"
MSG_AMOUNT = "金额必须大于0。"
MSG_WARNING_BELOW = "预警线 {amount} 元不能低于监测标准 {line} 元。"
MSG_WARNING_ORDER = "截止日期不能早于起始日期。"
MSG_WARNING_YEAR = "预警时段必须在 {year} 年内。"
MSG_WARNING_OVERLAP = "预警时段与已有时段 {other} 重叠。"
MSG_RULE_CODE_FIXED = "规则代码新增后不能修改。"

CONFIG_ROLES = {Role.COUNTY_OFFICER, Role.SYSTEM_ADMIN}
# The fields each save audits (every one its forms edit), and those of them the screening reads (screening.engine:
# a line's year and amount, matched by region prefix; a warning's period and amount; a rule's kind, risk type and
# parameters, if active). A region's label, a basis or a rule's name is only shown.
LINE_FIELDS = ["year", "region_prefix", "region_label", "amount", "inclusive", "basis"]
LINE_SCREENED = {"year", "region_prefix", "amount", "inclusive"}
WARNING_FIELDS = ["line", "starts_on", "ends_on", "amount"]
WARNING_SCREENED = set(WARNING_FIELDS)
RULE_FIELDS = ["code", "name", "kind", "risk_type", "params", "is_active"]
RULE_SCREENED = {"kind", "risk_type", "params", "is_active"}


def enters_lines(actor: Any) -> bool:
    """Whether `actor` enters the county's lines and rules (the county bureau, the system admin)."""
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in CONFIG_ROLES)


def ensure_config(actor: Any) -> None:
    if not enters_lines(actor):
        raise PermissionDenied(MSG_CONFIG_ROLE)


def _rescreen_county_on_commit(kind: str = RunKind.FULL) -> None:
    """A whole-county run once the transaction commits: after a line or rule changed (FULL), or asked for (MANUAL)."""
    from screening.tasks import screen_county

    transaction.on_commit(lambda: screen_county.delay(kind=kind))


def _record(
    *,
    actor: Any,
    action: str,
    target: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    summary: str,
    screened: set[str],
) -> None:
    """Audit what the save changed (accounts.audit.audit_changes) and re-screen the county if the screening reads it.
    A new row always re-screens; a save that changed nothing is recorded as such and re-screens nothing. The saved
    row's `rescreened` says which, for the page's message."""
    old, new = audit_changes(before, after)
    if before is not None and new is None:
        summary += UNCHANGED
    audit_record(actor=actor, action=action, target=target, before=old, after=new, summary=summary)
    target.rescreened = before is None or bool(screened & set(new or {}))
    if target.rescreened:
        _rescreen_county_on_commit()


def _snapshot(row: Any, fields: list[str]) -> dict[str, Any]:
    return {name: str(getattr(row, name)) if name == "line" else getattr(row, name) for name in fields}


def _stored(row: Any, fields: list[str]) -> dict[str, Any]:
    """The row as stored, not as passed: a county page's ModelForm has already copied the submitted values onto
    the instance it hands over, so its "before" would read as the "after" (no change, no re-screen)."""
    return _snapshot(type(row).objects.get(pk=row.pk), fields)


@transaction.atomic
def monitoring_line_save(
    *,
    actor: Any,
    year: int,
    region_prefix: str,
    region_label: str,
    amount: Decimal,
    basis: str = "",
    inclusive: bool = False,
    line: MonitoringLine | None = None,
) -> MonitoringLine:
    ensure_config(actor)
    errors: dict[str, str] = {}
    high = timezone.localdate().year + 1
    # A line from the first year incomes may be entered for (households.services.income.FIRST_YEAR: a line of an
    # earlier year would have no income to screen), to next year's, set ahead of time.
    if not FIRST_YEAR <= year <= high:
        errors["year"] = MSG_YEAR_RANGE.format(low=FIRST_YEAR, high=high)
    if not (region_prefix.isdigit() and len(region_prefix) in (2, 4, 6)):
        errors["region_prefix"] = MSG_PREFIX
    if amount <= 0:
        errors["amount"] = MSG_AMOUNT
    clash = MonitoringLine.objects.filter(year=year, region_prefix=region_prefix)
    if line is not None:
        clash = clash.exclude(pk=line.pk)
    existing = clash.first()
    if existing is not None:
        # The line already entered, in its own words: the label typed here may name another region.
        errors["year"] = MSG_LINE_EXISTS.format(year=year, region=existing.region_label or existing.region_prefix)
    if line is not None and line.warnings.filter(amount__lt=amount).exists():
        errors["amount"] = MSG_WARNING_BELOW.format(amount=line.warnings.order_by("amount").first().amount, line=amount)
    if errors:
        raise ValidationError(errors)
    before = None if line is None else _stored(line, LINE_FIELDS)
    line = line or MonitoringLine()
    line.year, line.region_prefix, line.region_label, line.amount, line.inclusive, line.basis = (
        year,
        region_prefix,
        region_label,
        amount,
        inclusive,
        basis,
    )
    line.save()
    _record(
        actor=actor,
        action="screening.line_save",
        target=line,
        before=before,
        after=_snapshot(line, LINE_FIELDS),
        summary=f"{'修改' if before else '新增'}监测标准：{line}",
        screened=LINE_SCREENED,
    )
    return line


@transaction.atomic
def warning_line_save(
    *,
    actor: Any,
    line: MonitoringLine,
    starts_on: dt.date,
    ends_on: dt.date,
    amount: Decimal,
    warning: WarningLine | None = None,
) -> WarningLine:
    ensure_config(actor)
    line = MonitoringLine.objects.select_for_update().get(pk=line.pk)
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = MSG_WARNING_ORDER
    if starts_on.year != line.year or ends_on.year != line.year:
        errors["starts_on"] = MSG_WARNING_YEAR.format(year=line.year)
    if amount < line.amount:
        errors["amount"] = MSG_WARNING_BELOW.format(amount=amount, line=line.amount)
    others = line.warnings.exclude(pk=warning.pk) if warning else line.warnings.all()
    overlap = others.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlap is not None:
        errors.setdefault("starts_on", MSG_WARNING_OVERLAP.format(other=overlap))
    if errors:
        raise ValidationError(errors)
    before = None if warning is None else _stored(warning, WARNING_FIELDS)
    warning = warning or WarningLine(line=line)
    warning.line, warning.starts_on, warning.ends_on, warning.amount = line, starts_on, ends_on, amount
    warning.save()
    _record(
        actor=actor,
        action="screening.warning_save",
        target=warning,
        before=before,
        after=_snapshot(warning, WARNING_FIELDS),
        summary=f"设置预警线：{line.year}年{line.region_label} {warning}",
        screened=WARNING_SCREENED,
    )
    return warning


@transaction.atomic
def screening_rule_save(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    risk_type: str,
    params: dict[str, Any],
    is_active: bool = True,
    rule: ScreeningRule | None = None,
) -> ScreeningRule:
    ensure_config(actor)
    clean = validate_params(kind, params)
    if rule is not None and code != rule.code:
        # Results and hits name their rule by code (screening.engine): it is set once, when the rule is added.
        raise ValidationError({"code": MSG_RULE_CODE_FIXED})
    before = None if rule is None else _stored(rule, RULE_FIELDS)
    rule = rule or ScreeningRule(code=code)
    rule.name, rule.kind, rule.risk_type, rule.params, rule.is_active = name, kind, risk_type, clean, is_active
    rule.full_clean()
    rule.save()
    _record(
        actor=actor,
        action="screening.rule_save",
        target=rule,
        before=before,
        after=_snapshot(rule, RULE_FIELDS),
        summary=f"{'修改' if before else '新增'}筛查规则 {rule.code}",
        screened=RULE_SCREENED,
    )
    return rule


@transaction.atomic
def county_rescreen_request(*, actor: Any) -> None:
    """The county bureau asks for a whole-county run now (it runs on the worker; the request is audited)."""
    ensure_config(actor)
    audit_record(actor=actor, action="screening.run_request", summary="发起全县重新筛查")
    _rescreen_county_on_commit(RunKind.MANUAL)
