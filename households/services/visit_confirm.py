"""Findings a visit must state rather than take as the household stands.

A visit's finding not given is the household's state (households.services.visits.visit_record), and the visit page
opens its boxes as the household stands: a box left alone and a 否 the cadre confirmed look the same in the visit's
record. Where that difference matters a later app says so (DESIGN.md: dependencies point one way, as with
households.visit_extras): workflow names the guarantees an open case's opening (or correction) set to 否, which the
case's withdrawal or refusal gives back unless a visit since found them 否 (workflow.services.guarantee_restore).
A visit of a day not before that act, whose visitor states its findings (visit_guarantees.stated_findings: the visit
page, the visit API), must then answer each of them 是 or 否: the page shows those items with no answer chosen, and
one left unanswered is refused (MSG_CONFIRM), so a visit's 否 there is always the visitor's own."""

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

# The finding as a thing that is secured or not (the fields are named for what is secured: 住房安全有保障).
ITEMS = {
    "food_clothing_ok": "吃穿",
    "education_ok": "义务教育",
    "medical_ok": "基本医疗",
    "housing_ok": "住房安全",
    "water_ok": "饮水安全",
}
MSG_CONFIRM = "请确认{item}是否有保障：{why}，本次走访请按实际情况选择“是”或“否”。"


@dataclass(frozen=True)
class ToConfirm:
    field: str  # a finding (households.services.visits.FINDINGS)
    since: dt.date  # a visit of this day or later must state it; one of an earlier day cannot speak to it
    why: str  # why it is asked, shown beside the item and in MSG_CONFIRM, e.g. 纳入案件发起时该户档案改为“否”


Source = Callable[[Any], list[ToConfirm]]
_sources: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    _sources[key] = source


def to_confirm(household: Any) -> dict[str, ToConfirm]:
    """The findings a visit to the household must state (field → why), by what the registered apps say; the first
    app to name a field says why (sources in key order)."""
    asked: dict[str, ToConfirm] = {}
    for _, source in sorted(_sources.items()):
        for item in source(household):
            asked.setdefault(item.field, item)
    return asked


def confirm_message(item: ToConfirm) -> str:
    return MSG_CONFIRM.format(item=ITEMS[item.field], why=item.why)


def confirm_errors(household: Any, visited_on: dt.date, stated: Collection[str]) -> dict[str, str]:
    """The findings to confirm that a visit of `visited_on` leaves unstated (`stated`: the findings it gives):
    field → MSG_CONFIRM."""
    return {
        field: confirm_message(item)
        for field, item in to_confirm(household).items()
        if field not in stated and visited_on >= item.since
    }
