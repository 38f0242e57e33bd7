"""A case's department alerts and their verification visits, for the case page's 来源与材料
(workflow.selectors_case_sources): the department and feed, the member each was about and the dates, with links to
the alert and the visit. The alert's detail and rule (an illness, say) stay on the alert's own page, within the
viewer's scope and as the viewer's role may read them (alerts.privacy), as everywhere."""

from typing import Any

from django.urls import reverse

from alerts.privacy import recorded_name
from households.privacy import shown_id_number
from workflow.models import Case
from workflow.selectors_case_sources import Source

LABEL = "部门筛查预警"
# Which member each alert was about (two alerts of one feed on two members read alike without it), their ID number
# masked as the viewer's role requires (households.privacy).
SOURCE_TEXT = "{feed} · 预警对象 {member}（{id_number}） · 预警日期 {raised_on:%Y-%m-%d}"


def source_name(alert: Any) -> str:
    """The alert's department and feed as the case's record names it when an alert joins the case
    (services.verification: 并入部门预警（卫生健康委员会：卫健部门预警）): a health feed by its department's label,
    since the case page, like its record, is read by roles that do not read health details (alerts.privacy)."""
    return f"{alert.get_department_display()}：{recorded_name(alert)}"


def alert_sources(actor: Any, case: Case) -> list[Source]:
    from alerts.models import Alert

    rows = Alert.objects.visible_to(actor).filter(case=case).select_related("visit", "member", "rule", "feed_type")
    found = []
    for alert in rows.order_by("raised_on", "pk"):
        text = SOURCE_TEXT.format(
            feed=source_name(alert),
            member=alert.member.name,
            id_number=shown_id_number(actor, alert.member.id_number),
            raised_on=alert.raised_on,
        )
        found.append(Source(LABEL, text, reverse("alerts:alert_detail", args=[alert.pk])))
        if alert.visit is not None:
            visits = reverse("households:detail", args=[case.household_id]) + "?tab=visits"
            found.append(Source("预警核实走访", f"{alert.visit.visited_on:%Y-%m-%d} 入户核实", visits))
    return found


def register_case_sources() -> None:
    from workflow import selectors_case_sources

    selectors_case_sources.register(alert_sources)
