"""What assistance holds a visit for (households.visit_holds): a 走访 counted as a plan's return visit, whose effect
assessment and next due date rest on it (assistance.services.visits.visit_count_as_return_visit)."""

from households.models import Visit

MSG_RETURN_VISIT = (
    "这条走访已记为帮扶方案的回访（{date:%Y-%m-%d}，帮扶成效：{effect}），回访记录和下次回访日期依据它，"
    "不能更正或作废；如有错误，请在帮扶方案中如实补记一次回访。"
)


def visit_held(visit: Visit, action: str) -> str | None:
    from assistance.models import ReturnVisit

    counted = ReturnVisit.objects.filter(visit=visit).first()
    if counted is None:
        return None
    return MSG_RETURN_VISIT.format(date=counted.visited_on, effect=counted.get_effect_display())


def register() -> None:
    from households import visit_holds

    visit_holds.register("assistance", visit_held)
