"""The reports app's tiles on the home page (accounts.tiles)."""

from typing import Any

from accounts.roles import Capability
from accounts.tiles import Tile, register
from reports.ledgers.cases import open_cases


def _overdue(user: Any) -> int:
    return open_cases(user).filter(overdue=True).count()


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
    register(
        Tile(
            "reports_overdue",
            "超期事项",
            "超过所属程序配置的办结时限仍在办理的识别退出事项（未配置时限的程序不计）",
            "reports:dashboard",
            Capability.REPORTS_VIEW,
            _overdue,
            order=81,
        )
    )
