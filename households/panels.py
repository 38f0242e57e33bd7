"""Tabs of the household page that later apps fill (screening, cases, assistance, alerts).

The registry knows none of those apps (DESIGN.md: dependencies point one way). An app registers a panel in its
AppConfig.ready(); the household page shows a tab for each panel registered, and no tab for one that is not."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    label: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any]]
    order: int = 100


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: p.order)


def panel(key: str) -> Panel | None:
    return _panels.get(key)
