"""The alerts app's tiles on the home page (accounts.tiles)."""

from typing import Any

from django.utils import timezone

from accounts.roles import Capability
from accounts.tiles import Tile, register
from alerts.choices import AlertStatus
from alerts.models import Alert


def _pending(user: Any) -> int:
    return Alert.objects.visible_to(user).filter(status=AlertStatus.PENDING).count()


def _overdue(user: Any) -> int:
    return Alert.objects.visible_to(user).filter(status=AlertStatus.PENDING, due_on__lt=timezone.localdate()).count()


def register_tiles() -> None:
    register(Tile("alerts", "部门预警待核实", "行业部门数据比对出的预警，入户核实", "alerts:alerts",
                  Capability.REGISTRY_VIEW, _pending, order=25))  # fmt: skip
    register(Tile("alerts-overdue", "预警核实逾期", "超过核实期限的预警（已上报乡镇或县级）", "alerts:alerts",
                  Capability.REGISTRY_VIEW, _overdue, query="?status=overdue", order=26))  # fmt: skip
    register(Tile("feeds", "部门数据上传", "按报送频次上传本部门预警数据", "alerts:uploads",
                  Capability.FEEDS_UPLOAD, order=20))  # fmt: skip
    register(Tile("feed-outcomes", "预警核实结果", "本部门预警的核实结果", "alerts:outcomes",
                  Capability.FEEDS_UPLOAD, _pending, order=21))  # fmt: skip
