"""Tabs of the household page that later apps fill (screening, cases, assistance, alerts).

The registry knows none of those apps (DESIGN.md: dependencies point one way). An app registers a panel in its
AppConfig.ready(); the household page shows a tab for each panel registered, and no tab for one that is not.

A panel may also say, in a few words, what in it waits on someone (`badges`: a risk a visit found, a case in
progress, alerts not yet verified): the page's header shows them on every tab, each a link to its tab, so whoever
opens the household sees them without opening each tab."""

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
    badges: Callable[[HttpRequest, Any], list[str]] | None = None


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: p.order)


def panel(key: str) -> Panel | None:
    return _panels.get(key)


def panel_badges(request: HttpRequest, household: Any) -> list[tuple[str, str]]:
    """(words, tab) of what waits in the panels, in the tabs' order."""
    return [(text, p.key) for p in panels() if p.badges is not None for text in p.badges(request, household)]
