"""The alerts app's tiles on the home page (accounts.tiles)."""

from typing import Any

from django.utils import timezone

from accounts.roles import Capability
from accounts.tiles import Tile, Urgency, register
from alerts.access import is_county_staff
from alerts.choices import AlertStatus
from alerts.models import Alert
from alerts.selectors import has_feeds_to_send
from alerts.selectors_unregistered import status_counts, to_register_list


def _pending(user: Any) -> int:
    return Alert.objects.visible_to(user).filter(status=AlertStatus.PENDING).count()


def _overdue(user: Any) -> int:
    # The first deadline: an escalated alert is still overdue while its new level's extra days run.
    return Alert.objects.visible_to(user).filter(status=AlertStatus.PENDING, verify_by__lt=timezone.localdate()).count()


def _unchecked(user: Any) -> int:
    return status_counts(actor=user)["pending"]


def _to_register(user: Any) -> int:
    return to_register_list(actor=user).count()


def _has_to_register(user: Any) -> bool:
    """Villages and townships see the tile while the county has handed them someone to register."""
    return not is_county_staff(user) and to_register_list(actor=user).exists()


def register_tiles() -> None:
    register(Tile("alerts", "部门预警待核实", "行业部门数据比对出的预警，入户核实", "alerts:alerts",
                  Capability.REGISTRY_VIEW, _pending, order=25, urgency=Urgency.DUE))  # fmt: skip
    register(Tile("alerts-overdue", "预警核实逾期", "超过核实期限的预警（已上报乡镇或县级）", "alerts:alerts",
                  Capability.REGISTRY_VIEW, _overdue, query="?status=overdue", order=26,
                  urgency=Urgency.OVERDUE))  # fmt: skip
    register(Tile("feeds", "部门数据上传", "按报送频次上传本部门预警数据", "alerts:uploads",
                  Capability.FEEDS_UPLOAD, order=20, shown=has_feeds_to_send))  # fmt: skip
    # The clerk's count is of the alerts still waiting for the village's visit, so the tile says so and opens
    # that tab of the outcomes page (a result tile counting the waiting ones misled: review rev-clerk 7).
    register(Tile("feed-outcomes", "本部门预警待核实", "本部门数据产生的预警中，村里还没有入户核实的",
                  "alerts:outcomes", Capability.FEEDS_UPLOAD, _pending, query="?status=pending", order=21))  # fmt: skip
    register(Tile("unregistered", "未在档人员待核查", "部门数据有、档案中没有的人员，逐人核查", "alerts:unregistered",
                  Capability.REGISTRY_VIEW, _unchecked, order=27, shown=is_county_staff,
                  urgency=Urgency.DUE))  # fmt: skip
    register(Tile("to-register", "待建档人员", "县里核查后交本村建档的人员", "alerts:to_register",
                  Capability.REGISTRY_VIEW, _to_register, order=27, shown=_has_to_register,
                  urgency=Urgency.DUE))  # fmt: skip
