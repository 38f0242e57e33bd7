"""Screening's tiles on the home page (accounts.tiles)."""

from typing import Any

from accounts.roles import Capability
from accounts.tiles import Tile, register
from screening.choices import ResultStatus
from screening.models import ScreeningResult


def _to_act(user: Any) -> int:
    return ScreeningResult.objects.visible_to(user).filter(status=ResultStatus.HIT).count()


def register_tiles() -> None:
    register(
        Tile(
            "screening",
            "筛查待处理",
            "系统筛查命中、待核实的农户",
            "screening:worklist",
            Capability.REGISTRY_VIEW,
            _to_act,
            order=30,
        )
    )
    register(
        Tile(
            "campaigns",
            "集中排查",
            "入户排查表、问题整改台账与汇总",
            "campaigns:list",
            Capability.REGISTRY_VIEW,
            order=40,
        )
    )
