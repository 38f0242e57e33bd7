"""One campaign's 入户排查台账 (seed 003 附件2, one row a household) from the campaign's household list ("导出入户排查
台账"): the ledger of /reports/ (reports.ledgers.screening_forms), only this campaign's forms, of the village chosen
on the list if one is. Audited, as every export."""

import io
from dataclasses import replace
from typing import Any

from accounts.audit import audit_record
from households.models import Region
from reports.filters import place_name
from reports.ledgers import screening_forms
from reports.ledgers.base import Filters
from reports.services.exports import export_filename
from reports.writer import write_ledger
from screening.models import Campaign


def screening_form_workbook(*, actor: Any, campaign: Campaign, village: Region | None) -> tuple[io.BytesIO, str]:
    (ledger,) = screening_forms.LEDGERS
    titled = replace(
        ledger,
        name=f"{ledger.name}（{campaign.name}）",
        rows=lambda who, chosen: ledger.rows(who, chosen).filter(campaign=campaign),
    )
    filters = Filters(region_path=village.path if village else "", region_name=village.name if village else "")
    place = place_name(actor, filters.region_path)
    buffer = io.BytesIO()
    rows = write_ledger(
        buffer, ledger=titled, actor=actor, filters=filters, rows=titled.rows(actor, filters), county_name=place
    )
    buffer.seek(0)
    audit_record(
        actor=actor,
        action="reports.ledger_export",
        summary=f"导出{titled.name}（{rows}行）",
        target=campaign,
        region_path=filters.region_path or campaign.region_path,
    )
    return buffer, export_filename(titled.name, actor, place=place)
