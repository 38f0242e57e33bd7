"""A case's department alert and its verification visit, for the case page's 来源与材料
(workflow.selectors_case_sources): the department, the rule and the dates, with links to the alert and the visit.
The alert's detail (an illness, say) stays on the alert's own page, within the viewer's scope as everywhere."""

from typing import Any

from django.urls import reverse

from workflow.models import Case
from workflow.selectors_case_sources import Source

LABEL = "部门筛查预警"


def alert_sources(actor: Any, case: Case) -> list[Source]:
    from alerts.models import Alert

    rows = Alert.objects.visible_to(actor).filter(case=case).select_related("visit").order_by("raised_on", "pk")
    found = []
    for alert in rows:
        text = f"{alert.get_department_display()}：{alert.rule_name}（预警日期 {alert.raised_on:%Y-%m-%d}）"
        found.append(Source(LABEL, text, reverse("alerts:alert_detail", args=[alert.pk])))
        if alert.visit is not None:
            visits = reverse("households:detail", args=[case.household_id]) + "?tab=visits"
            found.append(Source("预警核实走访", f"{alert.visit.visited_on:%Y-%m-%d} 入户核实", visits))
    return found


def register_case_sources() -> None:
    from workflow import selectors_case_sources

    selectors_case_sources.register(alert_sources)
