"""Which of a visit's 两不愁三保障 + 饮水 findings its visitor stated (Visit.stated_findings), and its history row.

A 月度走访 or 集中排查 states all five (visit_guarantees.stated_findings: its visitor answers them). An alert's or an
application's verification and a plan's 帮扶回访 take the household's findings as they stand, except a box the cadre
changed there from the household's current value: that one is the cadre's finding. What a visit did not state is
stored as the household's record as it stood and shown as NOT_STATED (visit ledger, visit API, the visits tab)."""

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from households.choices import RiskType, VisitKind
from households.services.visit_guarantees import stated_findings

FINDINGS = ["food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok"]
# A finding that fails, as the visit's record says it (the fields are named for what is secured).
PROBLEM_LABELS = {
    "food_clothing_ok": "吃穿有困难",
    "education_ok": "义务教育无保障",
    "medical_ok": "基本医疗无保障",
    "housing_ok": "住房安全无保障",
    "water_ok": "饮水安全无保障",
}
# A finding the visit did not state, where its 是/否 would be shown.
NOT_STATED = "本次未核"
SUMMARY_MAX = 200  # HouseholdEvent.summary
# Said when a visit is saved after its month ended (Visit.entered_late), and shown as 补录 on its card and ledger row.
MSG_LATE_ENTRY = "该走访记为补录（录入时间晚于走访所在月份）。"
LATE_ENTRY = "补录"


def stated_of(kind: str, findings: dict[str, bool] | None, household: Any) -> list[str]:
    """The findings a visit of `kind` states: all on a visit whose visitor states them, else those given that differ
    from the household's current value (a box left as the form showed it is the record as it stood)."""
    if stated_findings(kind):
        return list(FINDINGS)
    given = findings or {}
    return [name for name in FINDINGS if name in given and bool(given[name]) != bool(getattr(household, name))]


def visit_summary(
    *,
    kind: str,
    visited_on: dt.date,
    findings: dict[str, bool],
    stated: Collection[str],
    risk_types: list[str],
    amounts: dict[str, Decimal | None],
    change_labels: dict[str, str],
    note: str = "",
) -> str:
    """The visit's history row: its kind and day, the problems it found among the findings it stated, its risks and
    changes, and the note of what the cadre confirmed (kept whole at the end, the rest cut to SUMMARY_MAX)."""
    summary = f"{VisitKind(kind).label}（{visited_on:%Y-%m-%d}）"
    problems = [PROBLEM_LABELS[name] for name in FINDINGS if name in stated and not findings[name]]
    if problems:
        summary += f"，发现问题：{'、'.join(problems)}"
    if risk_types:
        summary += "，发现返贫致贫风险（" + "、".join(str(RiskType(code).label) for code in risk_types) + "）"
    for field, label in change_labels.items():
        if (value := amounts[field]) is not None:
            summary += f"，{label} {value:+,.2f} 元"
    room = SUMMARY_MAX - len(note)
    return (summary if len(summary) <= room else summary[: room - 1] + "…") + note


# The findings on a visit's card (the household's 走访记录 tab), short.
SHORT_LABELS = {
    "food_clothing_ok": "吃穿",
    "education_ok": "义务教育",
    "medical_ok": "基本医疗",
    "housing_ok": "住房安全",
    "water_ok": "饮水安全",
}


def shown_findings(visit: Any) -> list[dict[str, Any]]:
    """The visit's five findings as a page shows them: name, short label, 是/否/本次未核 and whether stated."""
    stated = set(visit.stated_findings or [])
    return [
        {
            "name": name,
            "label": SHORT_LABELS[name],
            "stated": name in stated,
            "value": ("是" if getattr(visit, name) else "否") if name in stated else NOT_STATED,
        }
        for name in FINDINGS
    ]
