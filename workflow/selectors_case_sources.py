"""来源与材料 on the case page (review township 3): what started the case and what is on file for it, each within
the viewer's scope (visible_to) and opened through the audited file views (households.views_visits.visit_photo,
consent_scan). The channel's own record: the villager's application (workflow), the screening hit (screening), the
campaign and the 入户排查表 the case was opened from (screening, linked by services.campaign_case), the cadre who
opened it; a department alert and its verification visit are alerts' (an app above workflow), which
registers its lookup in its AppConfig.ready() as it does for workflow.household_news. And the household's news
since the case opened (workflow.household_news), which the batch pages showed and the case page did not."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from households.models import Consent, Visit
from screening.models import Campaign, ScreeningForm, ScreeningResult
from workflow.choices import Channel
from workflow.household_news import household_news_many
from workflow.models import Case
from workflow.models.applications import Application
from workflow.selectors_consent import consent_asked, consent_missing


@dataclass(frozen=True)
class Source:
    label: str  # the channel or record, e.g. 部门筛查预警
    text: str
    url: str = ""


Lookup = Callable[[Any, Case], list[Source]]
_lookups: list[Lookup] = []


def register(lookup: Lookup) -> None:
    if lookup not in _lookups:
        _lookups.append(lookup)


def _applications(actor: Any, case: Case) -> list[Source]:
    rows = Application.objects.visible_to(actor).filter(case=case).order_by("submitted_at", "pk")
    return [
        Source(
            "农户自主申报",
            f"{a.name} {timezone.localtime(a.submitted_at):%Y-%m-%d} 提交（回执号 {a.receipt_no}）",
            reverse("workflow:application_detail", args=[a.pk]),
        )
        for a in rows
    ]


def _screening(actor: Any, case: Case) -> list[Source]:
    if case.channel != Channel.SCREENING_HIT:
        return []
    result = ScreeningResult.objects.visible_to(actor).filter(household_id=case.household_id).first()
    if result is None:
        return [Source("系统筛查命中", "筛查结果已不在（该户已不再命中）")]
    reasons = "；".join(result.reasons) or "—"
    return [Source("系统筛查命中", f"{result.first_hit_on:%Y-%m-%d} 首次命中：{reasons}")]


def _campaign_forms(actor: Any, case: Case) -> list[Source]:
    """The campaign and the 入户排查表 the case was opened from, each a link only for whom may open it (the campaign,
    the form within the viewer's scope); one outside it is named by its campaign and date alone."""
    forms = ScreeningForm.objects.filter(case=case).select_related("campaign", "filled_by").order_by("pk")
    found = []
    for form in forms:
        campaign = form.campaign
        seen = Campaign.objects.visible_to(actor).filter(pk=campaign.pk).exists()
        found.append(
            Source("集中排查活动", campaign.name, reverse("campaigns:detail", args=[campaign.pk]) if seen else "")
        )
        finding = "拟纳入监测对象评议" if form.propose_monitoring else "疑似存在返贫致贫风险"
        if ScreeningForm.objects.visible_to(actor).filter(pk=form.pk).exists():
            filler = form.filled_by.get_full_name() or form.filled_by.username
            url = reverse("campaigns:form_detail", args=[form.pk])
            found.append(Source("入户排查表", f"{form.filled_on:%Y-%m-%d} {filler}填写：{finding}", url))
        else:
            found.append(Source("入户排查表", f"{form.filled_on:%Y-%m-%d} 填写：{finding}"))
    return found


def _cadre(actor: Any, case: Case) -> list[Source]:
    if case.channel not in (Channel.CADRE_VISIT, Channel.CAMPAIGN):
        return []
    who = case.opened_by.get_full_name() or case.opened_by.username
    return [Source(case.get_channel_display(), f"{who} 发起（发现于 {case.discovered_on:%Y-%m-%d}）")]


def _visits(actor: Any, case: Case, since: dt.date) -> list[Visit]:
    rows = Visit.objects.visible_to(actor).counted().filter(household_id=case.household_id, visited_on__gte=since)
    return list(rows.select_related("visitor").order_by("-visited_on", "-pk")[:20])


def case_sources(*, actor: Any, case: Case) -> dict[str, Any]:
    """The case page's 来源与材料 and household news, as its template's context."""
    case.household_news = household_news_many([case]).get(case.pk, [])  # type: ignore[attr-defined]
    sources = [
        source
        for lookup in (_applications, _screening, _campaign_forms, _cadre, *_lookups)
        for source in lookup(actor, case)
    ]
    since = min(case.discovered_on, timezone.localtime(case.created_at).date())
    consents = Consent.objects.visible_to(actor).filter(household_id=case.household_id).exclude(scan="")
    return {
        "sources": sources,
        "source_visits": _visits(actor, case, since),
        "source_visits_since": since,
        "source_consent": consents.order_by("-signed_on", "-pk").first(),
        # Whether a missing consent is flagged, by the case API's rule (selectors_consent: an open inclusion or
        # re-mark only), and whether the case's procedure asks for one at all (an exit queries no assets).
        "source_consent_missing": consent_missing(case),
        "source_consent_asked": consent_asked(case),
        "visits_url": reverse("households:detail", args=[case.household_id]) + "?tab=visits",
    }
