"""整改情况汇总表 of one campaign as the summary page shows it (its button "导出Excel"): seed 003 附件4, "一并上报区乡村
振兴局" (003 三(四)). The same sheet as the 整改情况汇总表 ledger on /reports/ (reports.summary_sheet)."""

import io
from typing import Any

import xlsxwriter
from django.utils import timezone

from accounts.audit import audit_record
from households.models import Region
from reports.filters import place_name
from reports.services.exports import export_filename
from reports.sheets import cn_datetime
from reports.summary_sheet import summary_sheet
from screening import selectors_campaigns as campaigns
from screening.models import Campaign

NAME = "整改情况汇总表"


def rectification_summary_workbook(
    *, actor: Any, campaign: Campaign, township: Region | None
) -> tuple[io.BytesIO, str]:
    """The workbook and its file name, for the units the page shows (the campaign's townships, or one township's
    villages); the export is recorded in the audit log."""
    units = campaigns.summary_table(actor=actor, campaign=campaign, township=township)
    place = place_name(actor, township.path if township is not None else "")
    who = actor.get_full_name() or actor.get_username()
    unit = f"{township.name}各村" if township is not None else "按乡镇汇总"
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
        region_path=township.path if township is not None else campaign.region_path,
    )
    return buffer, export_filename(f"{NAME}（{campaign.name}）", actor, place=place)
