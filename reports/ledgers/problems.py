"""问题整改台账 (seed 003 附件3 household problems, 附件3-1 area problems) and 整改情况汇总表 (附件4), read
through the screening app's selectors so scope and the counting rules stay theirs."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import CharField, QuerySet, Value, When

from accounts.scoping import user_scope_prefix
from households.choices import HouseholdType, MonitoringCategory
from reports.ledgers.base import DATE, NUMBER, Column, Filters, Ledger, apply_filters
from screening import selectors_campaigns as campaigns
from screening.choices_campaigns import AreaLevel, ProblemStatus, ProblemType
from screening.models import Campaign

PLAN_COLUMNS = [
    Column("问题类型", 14, choices=ProblemType),
    Column("具体问题", 36),
    Column("整改措施", 36),
    Column("责任人", 10),
    Column("责任单位", 18),
    Column("整改时限", 12, DATE),
    Column("整改状态", 10, choices=ProblemStatus),
    Column("整改成效", 30),
    Column("销号日期", 12, DATE),
]
PLAN_FIELDS = [
    "problem_type",
    "content",
    "measure",
    "responsible_person",
    "responsible_unit",
    "deadline",
    "status",
    "effect",
    "closed_on",
]


# 附件3 "户类型（脱贫户、边缘易致贫户、一般农户）": the registry keeps 脱贫户 / 一般农户 and, apart, the monitoring
# category; a household monitored as 边缘易致贫户 (never a 脱贫户, CATEGORY_HOUSEHOLD_TYPES) reads so.
ATTACHMENT_HOUSEHOLD_TYPE = DbCase(
    When(household__household_type=HouseholdType.LIFTED_OUT, then=Value(str(HouseholdType.LIFTED_OUT.label))),
    When(
        household__monitoring_category=MonitoringCategory.MARGINAL, then=Value(str(MonitoringCategory.MARGINAL.label))
    ),
    default=Value(str(HouseholdType.ORDINARY.label)),
    output_field=CharField(),
)


def household_problem_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    problems = campaigns.household_problem_list(actor=actor)
    return (
        apply_filters(problems, filters, date_field="created_at__date")
        .annotate(attachment_household_type=ATTACHMENT_HOUSEHOLD_TYPE)
        .order_by("region_path", "household__number", "item", "pk")
        .values_list(
            "campaign__name",
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "attachment_household_type",
            *PLAN_FIELDS,
        )
    )


def area_problem_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    problems = campaigns.area_problem_list(actor=actor)
    return (
        apply_filters(problems, filters, date_field="created_at__date")
        .order_by("region_path", "pk")
        .values_list("campaign__name", "level", "region__name", *PLAN_FIELDS)
    )


SUMMARY_COUNTS = ["发现问题数", "已整改", "整改中"]


def summary_columns() -> list[Column]:
    columns = [Column("排查名称", 20), Column("单位", 14)]
    for _, label in ProblemType.choices:
        columns += [Column(f"{label}\n{name}", 9, NUMBER) for name in SUMMARY_COUNTS]
    columns += [
        Column("合计\n发现问题数", 9, NUMBER),
        Column("合计\n已整改", 9, NUMBER),
        Column("合计\n整改中", 9, NUMBER),
        Column("拟纳入监测户数", 9, NUMBER),
        Column("拟纳入监测人数", 9, NUMBER),
    ]
    return columns


def _unit_row(campaign: Campaign, unit: Any) -> tuple[Any, ...]:
    cells: list[Any] = [campaign.name, unit.name]
    for row in unit.rows:
        cells += [row.found, row.rectified, row.in_progress]
    total = unit.total
    cells += [total.found, total.rectified, total.in_progress, unit.proposed_households, unit.proposed_persons]
    return tuple(cells)


def _overlaps(unit_path: str, region_path: str) -> bool:
    return unit_path.startswith(region_path) or region_path.startswith(unit_path)


def summary_rows(actor: Any, filters: Filters) -> Iterator[tuple[Any, ...]]:
    """附件4 per campaign in scope (created in the date range): the units (townships, or the villages of the
    township chosen as region), then the campaign's 合计 row."""
    from households.models import Region

    # A township (or village) chosen — or a township officer's own scope — is summarised village by village.
    within = filters.region_path or (user_scope_prefix(actor) or "")
    township = None
    if len(within) >= campaigns.TOWNSHIP_PATH:
        township = Region.objects.filter(path=within[: campaigns.TOWNSHIP_PATH]).first()
    chosen = campaigns.campaign_list(actor=actor)
    dates = Filters(date_from=filters.date_from, date_to=filters.date_to)
    chosen = apply_filters(chosen, dates, date_field="created_at__date")
    for campaign in chosen:
        units = campaigns.summary_table(actor=actor, campaign=campaign, township=township)
        if filters.region_path:
            units = [unit for unit in units if _overlaps(unit.path, filters.region_path)]
        for unit in units:
            yield _unit_row(campaign, unit)
        yield _unit_row(campaign, campaigns.summary_totals(units))


LEDGERS = [
    Ledger(
        code="household_problems",
        name="户内问题整改台账",
        order=60,
        group="集中排查",
        date_label="登记日期",
        description="集中排查发现的户内问题（附件3）：问题、措施、责任、时限“四项清单”和对账销号情况。",
        columns=[
            Column("排查名称", 20),
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            Column("户类型", 12),
            *PLAN_COLUMNS,
        ],
        rows=household_problem_rows,
    ),
    Ledger(
        code="area_problems",
        name="面上问题整改台账",
        order=65,
        group="集中排查",
        date_label="登记日期",
        description="县、乡镇、村层面的面上问题（附件3-1）及整改情况。",
        columns=[Column("排查名称", 20), Column("层级", 10, choices=AreaLevel), Column("单位", 14), *PLAN_COLUMNS],
        rows=area_problem_rows,
    ),
    Ledger(
        code="rectification_summary",
        name="整改情况汇总表",
        order=70,
        group="集中排查",
        date_label="排查创建日期",
        description="各单位按问题类型统计的发现、已整改、整改中问题数和拟纳入监测户数、人数（附件4）；选择乡镇时按村统计。",
        columns=summary_columns(),
        rows=summary_rows,
    ),
]
