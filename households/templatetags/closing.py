"""农户注销 on the household page: whether it is closed (the reason and the day), and whether this user may close
it or undo the closing (households.services.closing)."""

from typing import Any

from django import template
from django.utils.html import format_html

from households.choices import LivingStatus
from households.selectors import household_merged_into
from households.services.closing import closed_on, may_close
from households.services.relocation import may_relocate

register = template.Library()


@register.simple_tag(takes_context=True)
def household_closing(context: Any, household: Any) -> dict[str, Any]:
    user = context["request"].user
    empty = household.is_active and not household.members.filter(living_status=LivingStatus.LIVING).exists()
    return {
        "closed": not household.is_active,
        "closed_on": closed_on(household),
        "reason": household.closed_reason,
        # 合户: the household its members went into, linked when this user may see it.
        "merged_into": household_merged_into(actor=user, household=household),
        "may_close": may_close(user),
        "may_relocate": may_relocate(user),  # 整户迁移 (households.services.relocation)
        "empty": empty,
        # can_edit_registry for the rest of the page: nothing to edit on a closed household. can_edit keeps what the
        # role may do (a read-only role's 显示完整号码 stays theirs alone).
        "can_edit": bool(context.get("can_edit_registry")),
        "editable": bool(context.get("can_edit_registry")) and household.is_active,
    }


@register.simple_tag
def closed_badge(household: Any) -> str:
    """A closed household's badge where its category would show: 已注销 with the day, the category it had as 原为…,
    never as if it were still monitored."""
    day = closed_on(household)
    badge = format_html(
        '<span class="badge badge-err" data-closed-badge>已注销{}</span>', f"（{day:%Y-%m-%d}）" if day else ""
    )
    if not household.monitoring_category:
        return badge
    return format_html(
        '{} <span class="small" data-former-category>原为{}</span>', badge, household.get_monitoring_category_display()
    )


# The household page's 两不愁三保障 and 饮水 badges, in its order.
GUARANTEE_GAPS = [
    ("food_clothing_ok", "吃穿有困难"),
    ("education_ok", "义务教育无保障"),
    ("medical_ok", "基本医疗无保障"),
    ("housing_ok", "住房不安全"),
    ("water_ok", "饮水不安全"),
]


@register.simple_tag
def former_guarantee_gaps(household: Any) -> str:
    """A closed household's unmet 两不愁三保障/饮水 as it was left, read as former (原…（已注销）), not as current
    badges; "" when none was unmet."""
    gaps = [label for field, label in GUARANTEE_GAPS if not getattr(household, field)]
    if not gaps:
        return ""
    return format_html('<span class="small muted" data-former-guarantees>原{}（已注销）</span>', "、".join(gaps))
