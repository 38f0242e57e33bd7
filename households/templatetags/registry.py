"""Display helpers for registry templates."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

from households.member_reasons import JoinReason
from households.privacy import (
    shown_birth,
    shown_changes,
    shown_health,
    shown_health_text,
    shown_id_number,
    shown_phone,
    shown_text,
    shown_visit_notes,
)
from households.regions import village_and_group
from households.services.income import AMOUNT_FIELDS as INCOME_AMOUNTS
from households.services.member_reasons import joined_text, left_text
from households.services.newborn import NO_ID_SHOWN
from households.services.visit_stated import shown_findings

register = template.Library()


@register.filter
def village_group(household: Any) -> str:
    """The household's village and group, as printed (households.regions.village_and_group)."""
    group = household.group.name if household.group_id else ""
    return village_and_group(household.village.name, group)


@register.filter
def yuan(amount: Any) -> str:
    """An amount in yuan as every page shows it: thousands separated, two places (25,000.00), as rigid_expenses
    does; "" for none. A figure kept as text (a case's snapshot, "8700.00") is read as a number."""
    if amount is None or amount == "":
        return ""
    try:
        return f"{Decimal(str(amount)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(amount)


@register.filter
def yuan_change(amount: Any) -> str:
    """A change in yuan, signed (+1,200.00, -300.00)."""
    return "" if amount is None or amount == "" else f"{amount:+,.2f}"


@register.simple_tag(takes_context=True)
def personal_id(context: dict[str, Any], number: str) -> str:
    """Full ID number for those who keep the registry; masked (3604**********123X) for read-only roles
    (DOMAIN.md "Privacy": show ID numbers masked to roles that do not need them; households.privacy). 暂无 for a
    member registered without one yet (households.services.newborn)."""
    return shown_id_number(context["request"].user, number) if number else NO_ID_SHOWN


@register.simple_tag(takes_context=True)
def phone_number(context: dict[str, Any], number: str) -> str:
    """A phone number the viewer sees in full is a tel: link (a cadre on a phone calls the household from it);
    a masked one is plain text."""
    shown = shown_phone(context["request"].user, number)
    if not shown or shown != number:
        return shown
    return format_html(
        '<a class="tel" href="tel:{}">{}</a>', "".join(c for c in number if c.isdigit() or c == "+"), number
    )


@register.simple_tag(takes_context=True)
def member_health(context: dict[str, Any], member: Any) -> str:
    """A member's health and disability for those who keep the registry; hidden from read-only roles."""
    return shown_health(context["request"].user, member)


@register.simple_tag(takes_context=True)
def health_text(context: dict[str, Any], text: str) -> str:
    """Text that may name an ill member (a screening reason): the names only for those who see members' health."""
    return shown_health_text(context["request"].user, text)


@register.simple_tag(takes_context=True)
def birth(context: dict[str, Any], born: dt.date | None) -> str:
    """The birth date beside a full ID number, the age beside a masked one (it would rebuild the number)."""
    return shown_birth(context["request"].user, born)


# A year's income and expense figures (households.services.income) as history rows hold them: written over the years
# as "30000.00" (a manual entry), "24,000.00" (the go-live import, a recomputed per-capita figure) or "0" (the blank
# row a first entry starts from). Shown in one format at display; the stored rows stay as they were written.
HISTORY_AMOUNTS = frozenset([*INCOME_AMOUNTS, "per_capita_net_income"])


def history_amount(value: Any) -> str:
    """An amount in a history row: thousands separated, cents only where there are some (30,000; 24,000.50); ""
    for none (the page says （空）). A value that is not a figure is shown as written."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return str(value)
    if not amount.is_finite():
        return str(value)
    text = f"{amount:,.2f}"
    return text.removesuffix(".00")


@register.simple_tag(takes_context=True)
def history_changes(context: dict[str, Any], changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`{% history_changes e.changes as changes %}`: a history row's old and new values as the viewer may read
    them (ID numbers, phones and birth dates masked like everywhere else; amounts in one format, history_amount)."""
    return [
        {**change, "old": history_amount(change.get("old")), "new": history_amount(change.get("new"))}
        if change.get("field") in HISTORY_AMOUNTS
        else change
        for change in shown_changes(context["request"].user, changes)
    ]


@register.simple_tag(takes_context=True)
def history_summary(context: dict[str, Any], summary: str) -> str:
    return shown_text(context["request"].user, summary)


@register.simple_tag(takes_context=True)
def visit_notes(context: dict[str, Any], visit: Any) -> str:
    """A visit's notes as the viewer may read them (an alert's verification quotes health details)."""
    return shown_visit_notes(context["request"].user, visit.kind, visit.notes)


@register.simple_tag
def visit_findings(visit: Any) -> list[dict[str, Any]]:
    """A visit's 两不愁三保障 and 饮水 findings, 本次未核 where its visitor did not state one (visit_stated)."""
    return shown_findings(visit)


RIGID_PARTS = [
    ("medical_expenses", "医疗"),
    ("education_expenses", "教育"),
    ("disaster_expenses", "灾害"),
    ("other_rigid_expenses", "其他"),
]


@register.simple_tag
def rigid_expenses(row: Any) -> str:
    """A year's 刚性支出 as its total, with each part that is not zero named on a second line (医疗 3,000.00 ·
    教育 500.00), instead of four bare figures and a footnote saying which is which (review rev-ux 6)."""
    parts = [(label, getattr(row, name)) for name, label in RIGID_PARTS]
    total = sum((amount for _, amount in parts), start=type(parts[0][1])(0))
    named = format_html_join(" · ", "{} {}", ((label, f"{amount:,.2f}") for label, amount in parts if amount))
    if not named:
        return format_html("<span data-rigid>{}</span>", f"{total:,.2f}")
    return format_html('<span data-rigid>{}<br><span class="muted small">{}</span></span>', f"{total:,.2f}", named)


@register.simple_tag
def risks_heading(household: Any) -> str:
    """What the risk types ticked on a household that is not monitored now are: 原风险 of one that was (the date of
    its 风险消除, or 已不是监测对象), or 登记的风险类型 of one never included (households.selectors.ever_monitored)."""
    from households.selectors import ever_monitored  # the selectors load this library's module (a cycle at import)

    if not household.is_active:
        return "原风险（已注销）"
    if household.risk_eliminated_on:
        return f"原风险（{household.risk_eliminated_on:%Y-%m-%d} 已风险消除）"
    return "原风险（已不是监测对象）" if ever_monitored(household) else "登记的风险类型（未纳入监测）"


@register.simple_tag
def member_change_reasons(member: Any) -> str:
    """A member's 变动原因 on the member card (households.member_reasons): 新增原因 when recorded (新登记 for those
    registered with the household, 户间迁移/分户/合户 with where they came from; not for those from before the
    reasons), and 减少原因 once they left."""
    joined = "" if member.joined_reason == JoinReason.UNRECORDED else f"新增原因：{joined_text(member)}"
    left = f"减少原因：{left_text(member)}" if left_text(member) else ""
    return " · ".join(part for part in (joined, left) if part)
