"""成效不明显 asks for the measures to be adjusted: 000 §三(三)7 (跟踪帮扶效果落实) follows the effect of the help, and
000 §四 (缺什么补什么) adds the help that is missing. A return visit so rated is said back with a link to add a measure
to the plan: after the return-visit page, the page counting a 走访, and the household's visit page when the visit
counted as the return visit (households.visit_followups). The return-visit page's 回访成效不明显 tab and the home tile
list the plans until a later return visit rates the help again (assistance.selectors_return_visits)."""

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accounts.permissions import user_can
from accounts.roles import Capability
from assistance.choices import Effect
from assistance.models import ReturnVisit
from households.models import Visit
from households.visit_followups import Followup

MSG_ADJUST = "本次回访帮扶成效不明显，请调整帮扶措施：针对仍未解决的风险补充或更换措施（缺什么补什么），落实后再回访。"
ADJUST_LABEL = "添加帮扶措施"


def adjust_followup(return_visit: ReturnVisit) -> Followup | None:
    """The prompt for a return visit rated 成效不明显 (None for any other rating)."""
    if return_visit.effect != Effect.POOR:
        return None
    url = reverse("assistance:measure_new", args=[return_visit.plan_id])
    return Followup(message=MSG_ADJUST, label=ADJUST_LABEL, url=url)


def adjust_message(return_visit: ReturnVisit) -> SafeString | None:
    """The prompt as the assistance pages' message after saving (a warning: something is left to do)."""
    if (offer := adjust_followup(return_visit)) is None:
        return None
    return format_html('{} <a href="{}" data-adjust-measures>{}</a>', offer.message, offer.url, offer.label)


def visit_followup(actor: Any, visit: Visit) -> Followup | None:
    """households.visit_followups' source: a 走访 recorded as the plan's return visit too, rated 成效不明显, for a
    user who may add the measure."""
    if not user_can(actor, Capability.ASSISTANCE_EDIT):
        return None
    return_visit = ReturnVisit.objects.visible_to(actor).filter(visit=visit).first()
    return adjust_followup(return_visit) if return_visit is not None else None
