"""What later apps offer on a screening result (workflow: "发起识别" on a result proposed for monitoring whose
household has no identification running), on the worklist and in the message after a proposal.

Screening knows no procedure (DESIGN.md: dependencies point one way), as with households.panels: an app registers
a source in its AppConfig.ready(); given the user and a page of (scoped) results it returns result id → Link."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html

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


def proposed_message(user: Any, result: ScreeningResult, done: str) -> str:
    """A proposal is not yet monitoring: its identification case is next, linked when a later app offers it
    (workflow's "发起识别")."""
    result.refresh_from_db(fields=["status"])
    offered = links_for(actor=user, results=[result]).get(result.pk, [])
    if busy := busy_link(offered):
        message = '{}该户{}，请在案件中办理，无需另行发起识别。<a href="{}">查看案件</a>'
        return format_html(message, done, busy.label, busy.url)
    if not offered:
        return done + "请到该户“识别退出”页发起识别，案件办结前该户不算纳入监测。"
    link = offered[0]
    return format_html('{}案件办结前该户不算纳入监测。<a href="{}">{}</a>', done, link.url, link.label)
