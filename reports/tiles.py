"""The reports app's tiles on the home page (accounts.tiles)."""

from typing import Any

from django.urls import reverse

from accounts.permissions import user_can
from accounts.roles import Capability
from accounts.tiles import Tile, Urgency, register
from reports.selectors.campaign_gaps import unscreened_count
from reports.selectors.entry import entry_missing_count
from workflow.selectors_applications import overdue_application_count
from workflow.selectors_deadlines import overdue_count


def _overdue(user: Any) -> int:
    """The count of the list the tile opens (/workflow/overdue/): one selector, one definition of 超期."""
    return overdue_count(user)


def _overdue_applications(user: Any) -> list[tuple[str, str]]:
    """The part of the count that is self-applications, linking to their section of the page (none: no line)."""
    if not (n := overdue_application_count(user)):
        return []
    return [(f"含等待超过办结时限的自主申报 {n} 件", reverse("workflow:overdue") + "#overdue-applications")]


def register_tiles() -> None:
    register(
        Tile(
            "reports",
            "台账统计",
            "下载台账、统计看板，工作成效和月度汇总（可导出 Excel）",
            "reports:index",
            Capability.REPORTS_VIEW,
            order=80,
        )
    )
    # A village cadre or work team: its own village's ledgers only (reports.ledgers.VILLAGE_LEDGERS).
    register(
        Tile(
            "reports_village",
            "台账下载",
            "下载本村的监测对象、家庭成员、帮扶措施和走访台账（Excel）",
            "reports:index",
            Capability.LEDGERS_DOWNLOAD,
            order=80,
            shown=lambda user: not user_can(user, Capability.REPORTS_VIEW),
        )
    )
    register(
        Tile(
            "reports_overdue",
            "超期事项",
            "超过所属程序配置的办结时限（未配置时限的程序不计）或公示期满仍未办结的识别退出事项，"
            "及等待超过办结时限的自主申报",
            "workflow:overdue",
            Capability.REPORTS_VIEW,
            _overdue,
            items=_overdue_applications,
            order=81,
            urgency=Urgency.OVERDUE,
        )
    )
    # Both duties concern a village as much as the county (004 §三(五), 003 §二2(3)): every ledger reader sees them.
    register(
        Tile(
            "reports_entry",
            "本月未录入信息",
            "脱贫户和监测对象本月还没有录入任何信息的户数（每月截止日前完成信息录入）",
            "reports:entry",
            Capability.LEDGERS_DOWNLOAD,
            entry_missing_count,
            order=82,
            urgency=Urgency.DUE,
        )
    )
    register(
        Tile(
            "reports_campaign_gaps",
            "近期未开展集中排查",
            "超过县里设定的间隔（默认6个月）没有开展集中排查的村数",
            "reports:campaign_gaps",
            Capability.LEDGERS_DOWNLOAD,
            unscreened_count,
            order=83,
            urgency=Urgency.OVERDUE,
        )
    )
