"""What the 结束排查 page's confirmation shows, for the campaign API's GET close-check (screening.api_campaigns): read
before POST close, so that an API user learns what the close would cut short without being refused first."""

from typing import Any

from rest_framework import serializers

from screening.models import Campaign
from screening.selectors_progress import CloseCheck


class CloseCheckVillageSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="村区划代码")
    name = serializers.CharField(help_text="村名")
    township = serializers.CharField(source="parent.name", help_text="所属乡镇")
    screened = serializers.IntegerField(help_text="已入户排查户数")
    total = serializers.IntegerField(help_text="应排查户数（不含无在世在户人员的户）")


class CampaignCloseCheckSerializer(serializers.Serializer):
    closed_at = serializers.DateTimeField(allow_null=True, help_text="已结束的为结束时间（不能再结束）；未结束为 null")
    closed_message = serializers.CharField(help_text="已结束时结束排查会得到的提示；未结束为空")
    acknowledgement_required = serializers.BooleanField(
        help_text="结束时是否须传 acknowledged=true：warnings 不为空"
        "（入户排查或问题整改阶段未结束、有村未安排排查人或有户未排查）"
    )
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="尚未完成的工作，与结束排查页和未确认时拒绝结束的提示相同"
    )
    total = serializers.IntegerField(help_text="范围内应排查户数")
    screened = serializers.IntegerField(help_text="已入户排查户数")
    missing = serializers.IntegerField(help_text="未排查户数")
    unassigned_villages = CloseCheckVillageSerializer(many=True, help_text="未安排排查人的村")
    incomplete_villages = CloseCheckVillageSerializer(many=True, help_text="未排完的村，已排查比例低的在前")
    emptied = serializers.IntegerField(help_text="无在世在户人员（成员均已故或迁出）、未列入排查的户数，结束时无须确认")
    emptied_note = serializers.CharField(help_text="对这些户的说明（无则为空）")
    forms = serializers.IntegerField(help_text="已填写入户排查表的户数")
    household_problems = serializers.IntegerField(help_text="户内问题数")
    area_problems = serializers.IntegerField(help_text="面上问题数")
    open_problems = serializers.IntegerField(help_text="未销号问题数（结束后可继续整改、销号）")


def close_check_data(campaign: Campaign, check: CloseCheck, counts: dict[str, int], closed: str) -> dict[str, Any]:
    """The check (selectors_progress.close_check) and counts (campaign_close.campaign_counts) as the serializer reads
    them; `closed` is what closing an ended campaign would say. An ended campaign cannot be ended again, so there is
    nothing to acknowledge: its warnings are empty, as the service reads none for it."""
    warnings = [] if campaign.closed_at else check.warnings
    return {
        "closed_at": campaign.closed_at,
        "closed_message": closed,
        "acknowledgement_required": bool(warnings),
        "warnings": warnings,
        "total": check.totals["total"],
        "screened": check.totals["screened"],
        "missing": check.missing,
        "unassigned_villages": check.unassigned,
        "incomplete_villages": check.incomplete,
        "emptied": check.emptied,
        "emptied_note": check.emptied_note,
        **counts,
    }
