"""The registry's tiles on the home page (accounts.tiles)."""

from typing import Any

from django.utils import timezone

from accounts.roles import Capability
from accounts.tiles import Tile, Urgency, register
from households.data_checks import error_count
from households.selectors import household_list
from households.services.reveal import TILE_HOURS, reveal_limit_count


def _households(user: Any) -> int:
    return household_list(actor=user).count()


def _not_visited(user: Any) -> int:
    return household_list(actor=user, filters={"visited_this_month": "no", "monthly_visit": "yes"}).count()


def _data_errors(user: Any) -> int:
    return error_count(actor=user, today=timezone.localdate())


def register_tiles() -> None:
    register(
        Tile(
            "households",
            "农户档案",
            "农户、家庭成员、收支与走访",
            "households:list",
            Capability.REGISTRY_VIEW,
            _households,
            order=10,
        )
    )
    register(
        Tile(
            "not_visited",
            # Progress, not a shortfall: a month's visit is due by its last day (the reports dashboard counts
            # last month's unvisited households as overdue, and this month's as progress, in the same words).
            "本月尚未走访的监测户和脱贫户",
            "每月至少走访一次，本月底前走访即可（统计看板的“上月未走访”为上月一次也未走访的户数）",
            "households:list",
            Capability.REGISTRY_VIEW,
            _not_visited,
            query="?visited_this_month=no&monthly_visit=yes",
            order=20,
            urgency=Urgency.DUE,
        )
    )
    register(
        Tile(
            "import",
            "档案导入",
            "国家系统导出的农户档案上线导入",
            "households:import_index",
            Capability.REGISTRY_IMPORT,
            order=90,
        )
    )
    register(
        Tile(
            "data_checks",
            "数据逻辑问题",
            "学段与年龄不符、已故仍享受低保等，逐条更正",
            "households:checks",
            Capability.REGISTRY_VIEW,
            _data_errors,
            order=22,
            # Data problems are to be fixed, not just looked at.
            urgency=Urgency.DUE,
        )
    )
    register(
        Tile(
            "reveal_limit",
            "身份证号查看达上限",
            f"近{TILE_HOURS}小时有账号当天查看完整身份证号或按完整号码查找达到每日上限的提示",
            "accounts:security_policy",
            Capability.SECURITY_MANAGE,
            count=lambda user: reveal_limit_count(),
            query="#reveal-limit",
            order=6,
            urgency=Urgency.OVERDUE,
        )
    )
