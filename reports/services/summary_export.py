"""整改情况汇总表 of one campaign as the summary page shows it (its button "导出Excel"): seed 003 附件4, "一并上报区乡村
振兴局" (003 三(四)). The same sheet as the 整改情况汇总表 ledger on /reports/ (reports.summary_sheet). Also the
campaign's two problem ledgers (附件3, 3-1) from their pages, as the ledgers on /reports/ write them."""

import io
from dataclasses import replace
from typing import Any

import xlsxwriter
from django.utils import timezone

from accounts.audit import audit_record
from households.models import Region
from reports.filters import place_name
from reports.ledgers import problems
from reports.ledgers.base import Filters
from reports.services.exports import export_filename
from reports.sheets import cn_datetime
from reports.summary_sheet import summary_sheet
from reports.writer import write_ledger
from screening import selectors_campaigns as campaigns
from screening.models import Campaign

NAME = "整改情况汇总表"
MSG_OVERDUE = "逾期未整改"


def problem_ledger_workbook(
    *, actor: Any, campaign: Campaign, area: bool, filters: dict[str, Any]
) -> tuple[io.BytesIO, str]:
    """One campaign's 户内问题整改台账 (附件3) or 面上问题整改台账 (附件3-1), as its ledger page filters it (the page's
    "导出台账"): the columns and rows of the ledger on /reports/, only this campaign's problems. Audited."""
    code = "area_problems" if area else "household_problems"
    ledger = next(ledger for ledger in problems.LEDGERS if ledger.code == code)
    select = campaigns.area_problem_list if area else campaigns.household_problem_list
    chosen = select(actor=actor, filters=filters).values("pk")
    region = Region.objects.filter(code=filters.get("region") or "").first()
    overdue = f"，{MSG_OVERDUE}" if filters.get("overdue") else ""
    titled = replace(
        ledger,
        name=f"{ledger.name}（{campaign.name}{overdue}）",
        rows=lambda who, chosen_filters: ledger.rows(who, chosen_filters).filter(pk__in=chosen),
    )
    chosen_filters = Filters(region_path=region.path if region else "", region_name=region.name if region else "")
    place = place_name(actor, chosen_filters.region_path)
    buffer = io.BytesIO()
    rows = write_ledger(
        buffer,
        ledger=titled,
        actor=actor,
        filters=chosen_filters,
        rows=titled.rows(actor, chosen_filters),
        county_name=place,
    )
    buffer.seek(0)
    audit_record(
        actor=actor,
        action="reports.ledger_export",
        summary=f"导出{titled.name}（{rows}行）",
        target=campaign,
        region_path=chosen_filters.region_path or campaign.region_path,
    )
    return buffer, export_filename(titled.name, actor, place=place)


def rectification_summary_workbook(
    *, actor: Any, campaign: Campaign, township: Region | None
) -> tuple[io.BytesIO, str]:
    """The workbook and its file name, for the units the page shows (the campaign's townships, or one township's
    villages); the export is recorded in the audit log."""
    units = campaigns.summary_table(actor=actor, campaign=campaign, township=township)
    path, unit = campaigns.summary_scope(actor=actor, township=township)
    place = place_name(actor, path)
    who = actor.get_full_name() or actor.get_username()
    describe = f"排查名称：{campaign.name}　汇总单位：{unit}　生成时间：{cn_datetime(timezone.now())}　生成人：{who}"
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    try:
        summary_sheet(
            workbook,
            sheet_name=NAME,
            title=f"{place}{NAME}",
            describe=describe,
            units=units,
            total=campaigns.summary_totals(units),
        )
    finally:
        workbook.close()
    buffer.seek(0)
    audit_record(
        actor=actor,
        action="reports.rectification_summary_export",
        summary=f"导出{NAME}：{campaign.name}（{unit}）",
        target=campaign,
        region_path=path or campaign.region_path,
    )
    return buffer, export_filename(f"{NAME}（{campaign.name}）", actor, place=place)
