"""Ledgers (台账): each one is defined once — columns and a selector — and written by the one writer
(reports.writer.write_ledger), at once when small, through a Celery task with progress when large.

Adding a ledger is one small module in this package, found automatically (no other file changes):

    # reports/ledgers/assistance.py
    from assistance.models import Measure
    from reports.ledgers.base import DATE, MONEY, Column, Filters, Ledger, apply_filters

    def measure_rows(actor, filters: Filters):
        measures = apply_filters(Measure.objects.visible_to(actor), filters, date_field="starts_on")
        return measures.order_by("region_path", "pk").values_list(
            "household__village__parent__name", "household__village__name", "household__number",
            "household__head_name", "category", "name", "responsible_unit", "starts_on", "amount",
        )

    LEDGERS = [
        Ledger(
            code="measures", name="帮扶措施台账", order=30, date_label="开始日期", rows=measure_rows,
            columns=[
                Column("乡镇", 12), Column("村", 12), Column("户编号", 18), Column("户主姓名", 10),
                Column("措施类别", 12, choices=MeasureCategory), Column("措施名称", 24),
                Column("责任单位", 18), Column("开始日期", 12, DATE), Column("金额（元）", 12, MONEY),
            ],
        )
    ]

Rules for a selector: start from `Model.objects.visible_to(actor)`, call `apply_filters` (region and date
range), order the rows, and end with `values_list(...)` in column order — never model instances, so a large
ledger streams through a server-side cursor with flat memory. Columns say how a value is shown: `choices`
(a TextChoices class; lists are joined), kinds DATE / MONEY / NUMBER / BOOL, and ID_NUMBER / PHONE, which are
masked for roles without need-to-know. Ledgers built on other apps read through those apps' selectors
(measures.py: assistance.measure_list; alerts.py: alerts.alert_list and the feed periods; labour.py:
assistance.employment_list for the quarter chosen in the filters)."""

import importlib
import pkgutil
from typing import Any

from django.http import Http404

from accounts.permissions import user_can
from accounts.roles import Capability
from reports.ledgers.base import Ledger

_REGISTRY: dict[str, Ledger] = {}

# What a village cadre or work team (LEDGERS_DOWNLOAD without REPORTS_VIEW) downloads: the ledgers of what the
# village itself records and keeps (000 §五(二): 乡村两级和驻村工作队…组织帮扶、管理台账; 003 §二1(7): 台账资料是否规范
# 齐全), each read from visible_to(actor) like every ledger, so only the village's own rows. Not the county's
# business (feeds, the national system, batch approval) nor ledgers for the whole county (Ledger.regional).
# The monthly entry list (004 §三(五)) is the village's own duty too.
# 家庭成员变动台账 too: the village records its members' changes and reports them upward.
VILLAGE_LEDGERS = frozenset(
    {"monitored_households", "members", "member_changes", "measures", "visits", "unvisited", "entry_missing"}
)
# What a department clerk downloads (reports.views.ledgers.LEDGERS): what their department leads, the 人社 clerk the
# 脱贫劳动力就业台账 (004 (六); accounts.roles.DEPARTMENT_CAPABILITIES), county-wide, read through
# assistance.selectors_employment.ledger_scope.
CLERK_LEDGERS = frozenset({"labour_employment"})


def _discover() -> dict[str, Ledger]:
    if not _REGISTRY:
        for module_info in pkgutil.iter_modules(__path__):
            if module_info.name == "base":
                continue
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            for ledger in getattr(module, "LEDGERS", []):
                if ledger.code in _REGISTRY:
                    raise RuntimeError(f"duplicate ledger code {ledger.code}")
                _REGISTRY[ledger.code] = ledger
    return _REGISTRY


def _allowed(ledger: Ledger, actor: Any) -> bool:
    if not ledger.available(actor):
        return False
    if user_can(actor, Capability.REPORTS_VIEW):
        return True
    if not user_can(actor, Capability.REGISTRY_VIEW):
        # A department clerk downloads only what their department leads: the 人社 clerk the employment ledger.
        return ledger.code in CLERK_LEDGERS and user_can(actor, Capability.EMPLOYMENT_VIEW)
    return user_can(actor, Capability.LEDGERS_DOWNLOAD) and ledger.regional and ledger.code in VILLAGE_LEDGERS


def ledger_list(*, actor: Any) -> list[Ledger]:
    ledgers = [ledger for ledger in _discover().values() if _allowed(ledger, actor)]
    return sorted(ledgers, key=lambda ledger: (ledger.order, ledger.code))


def ledger_get(*, actor: Any, code: str) -> Ledger:
    """The ledger `actor` may download (the page, the API and the background export all ask here); else 404."""
    ledger = _discover().get(code)
    if ledger is None or not _allowed(ledger, actor):
        raise Http404
    return ledger
