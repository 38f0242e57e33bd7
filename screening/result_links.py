"""What later apps offer on a screening result (workflow: "发起识别" on a result proposed for monitoring whose
household has no identification running), on the worklist and in the message after a proposal.

Screening knows no procedure (DESIGN.md: dependencies point one way), as with households.panels: an app registers
a source in its AppConfig.ready(); given the user and a page of (scoped) results it returns result id → Link."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from screening.models import ScreeningResult


@dataclass(frozen=True)
class Link:
    label: str
    url: str  # a path of this site
    # The household already has this in hand (an identification case open): the worklist offers no 提议纳入监测,
    # and a proposal's message points to it rather than to starting one.
    busy: bool = False


Source = Callable[[Any, Sequence[ScreeningResult]], dict[int, Link]]
_sources: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    _sources[key] = source


def busy_link(links: Sequence[Link]) -> Link | None:
    return next((link for link in links if link.busy), None)


def links_for(*, actor: Any, results: Sequence[ScreeningResult]) -> dict[int, list[Link]]:
    """Each result's links from every registered source, in the sources' key order."""
    links: dict[int, list[Link]] = {}
    for _, source in sorted(_sources.items()):
        for pk, link in source(actor, results).items():
            links.setdefault(pk, []).append(link)
    return links
