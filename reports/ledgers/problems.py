"""问题整改台账 (seed 003 附件3 household problems, 附件3-1 area problems) and 整改情况汇总表 (附件4), read
through the screening app's selectors so scope and the counting rules stay theirs."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, TruncDate

from accounts.scoping import user_scope_prefix
from households.choices import HouseholdType, MonitoringCategory
from reports.ledgers.base import DATE, NUMBER, Column, Filters, Ledger, apply_filters
from reports.summary_sheet import NUMBERS, PROPOSED, summary_sheet
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
    "plan_effect",
    "closed_on",
]

# A problem reopened (整改未到位) and not closed since has no 整改成效 (campaign_problems.problem_reopen keeps the one
# it undid as 上次销号): its cell says when and why it was reopened, so the stamped 附件3 shows why it is 整改中 again.
PLAN_EFFECT = DbCase(
    When(
        Q(effect="") & Q(reopened_at__isnull=False),
        then=Concat(
            Value("已重新打开（"),
            Cast(TruncDate("reopened_at"), CharField()),
            Value("）："),
            "reopen_reason",
            output_field=CharField(),
        ),
    ),
    default=F("effect"),
    output_field=CharField(),
)


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
        .annotate(attachment_household_type=ATTACHMENT_HOUSEHOLD_TYPE, plan_effect=PLAN_EFFECT)
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
        .annotate(plan_effect=PLAN_EFFECT)
        .order_by("region_path", "pk")
        .values_list("campaign__name", "level", "region__name", *PLAN_FIELDS)
    )


def summary_columns() -> list[Column]:
    """附件4's columns as one header line (the reports page and the API list them); the file itself has the form's
    two header rows (reports.summary_sheet)."""
    return [
        Column("单位", 16),
        Column("问题类型", 16),
        *[Column(name, 11, NUMBER) for name in NUMBERS],
        Column(f"{PROPOSED}户数", 11, NUMBER),
        Column(f"{PROPOSED}人数", 11, NUMBER),
    ]


def _overlaps(unit_path: str, region_path: str) -> bool:
    return unit_path.startswith(region_path) or region_path.startswith(unit_path)


def summary_rows(actor: Any, filters: Filters) -> Iterator[tuple[Campaign, list[Any], Any]]:
    """附件4 per campaign in scope (created in the date range): the campaign, its units (townships, or the villages
    of the township chosen as region) and their 合计."""
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
        yield campaign, units, campaigns.summary_totals(units)


def summary_layout(workbook: Any, *, ledger: Ledger, actor: Any, filters: Filters, rows: Any, place: str) -> int:
    """One 附件4 sheet per campaign (each is a form of its own, stamped and sent up); a sheet saying 无数据 if none."""
    from reports.writer import filter_line

    line = filter_line(filters, ledger, actor)
    title = f"{place}{ledger.name}"
    written = 0
    for number, (campaign, units, total) in enumerate(rows, start=1):
        name = "".join("_" if char in "[]:*?/\\" else char for char in f"{number}.{campaign.name}")[:31]
        describe = f"排查名称：{campaign.name}　{line}"
        summary_sheet(workbook, sheet_name=name, title=title, describe=describe, units=units, total=total)
        written += 1
    if not written:  # the form's heading over 无数据, on A4 landscape as a filled one
        summary_sheet(workbook, sheet_name=ledger.name, title=title, describe=line, units=[], total=None)
    return written


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
        sign_unit="填报单位",
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
        sign_unit="填报单位",
    ),
    Ledger(
        code="rectification_summary",
        name="整改情况汇总表",
        order=70,
        group="集中排查",
        date_label="排查创建日期",
        description="各单位按问题类型统计的共排查问题数、已整改数、正在整改数和拟识别监测对象户数、人数（附件4，"
        "与排查的“整改情况汇总表”页面一致，每次排查一张表）；选择乡镇时按村统计。",
        columns=summary_columns(),
        rows=summary_rows,
        layout=summary_layout,
    ),
]
