"""The visit page's side of a refused token (households.services.visit_once.OnceOtherVisit): the page posted again
with its token but other content (the cadre went back on the phone, corrected the income change or a finding, and
submitted again), or a token another household's visit holds. Nothing was recorded; the page is shown again with
what the cadre typed, a notice naming the visit already saved under the token and what differs, and a new token,
so that submitting again records a new visit if that is what they want (a visit is not edited once saved).

And a visit the same as one this cadre already recorded for the household that day (households.services.
visit_same_day: the page saved, BACK pressed, the page back filled in under a new token, 保存 pressed again): nothing
was recorded; the page is shown again with what was typed, a notice naming that visit and the box 仍要另记一次, and
its token (nothing was recorded under it, so a double tap on the next 保存 still records once)."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from config.forms import run_service
from config.once import ONCE_FIELD
from households.models import Household
from households.services.visit_once import OnceOtherVisit
from households.services.visit_same_day import SameVisitRecorded

T = TypeVar("T")

MSG_SAME_PAGE = (
    '本页已保存过一次走访：{} 的走访记录（ID {}，<a href="{}">查看</a>）。'
    "这次提交的{}与已保存的不同，未保存。走访记录保存后不能修改；如要另记一次走访，"
    "请核对下面的内容后再次点击“保存”（已保存的记录保留不变）。"
)
MSG_OTHER_HOUSEHOLD = (
    "本页的提交令牌已用于另一户的走访：{} 的走访记录（ID {}），本户的这次走访未保存。请核对下面的内容后再次点击“保存”。"
)
MSG_SAME_VISIT_PAGE = (
    '您 {} 已记录过一次内容相同的走访（ID {}，<a href="{}">查看</a>），这次未保存，以免同一次走访重复计入'
    "（如“收支”页累计的收入变化）。如确是当天又走访了一次，请勾选“仍要另记一次”后再点击“保存”；如要记录不同的情况，"
    "修改下面的内容后保存。"
)
Refused = OnceOtherVisit | SameVisitRecorded


def run_visit(form: forms.Form, call: Callable[[], T]) -> tuple[T | None, Refused | None]:
    """config.forms.run_service for the visit, except that a refused token or a visit the same as one recorded is
    given back, not shown as an error."""
    refused: list[Refused] = []

    def guarded() -> T | None:
        try:
            return call()
        except (OnceOtherVisit, SameVisitRecorded) as error:  # out of the service's transaction: nothing recorded
            refused.append(error)
            return None

    return run_service(form, guarded), (refused[0] if refused else None)


def refused_context(form: forms.Form, household: Household, refused: Refused | None) -> dict[str, SafeString]:
    """The page's notice: `same_visit` (the template shows the box 仍要另记一次 in it) or `refused` (a token's)."""
    if refused is None:
        return {}
    if isinstance(refused, SameVisitRecorded):
        visit = refused.visit
        url = reverse("households:detail", args=[household.pk]) + "?tab=visits"
        return {"same_visit": format_html(MSG_SAME_VISIT_PAGE, f"{visit.visited_on:%Y-%m-%d}", visit.pk, url)}
    return {"refused": refused_notice(form, household, refused)}


def refused_notice(form: forms.Form, household: Household, refused: OnceOtherVisit) -> SafeString:
    """The notice for the page shown again; the form gets a new token (the one posted names the saved visit)."""
    data = form.data.copy()
    data[form.add_prefix(ONCE_FIELD)] = str(uuid.uuid4())
    form.data = data
    visit = refused.visit
    if visit.household_id != household.pk:
        return format_html(MSG_OTHER_HOUSEHOLD, f"{visit.visited_on:%Y-%m-%d}", visit.pk)
    url = reverse("households:detail", args=[household.pk]) + "?tab=visits"
    fields = "、".join(f"“{name}”" for name in refused.fields)
    return format_html(MSG_SAME_PAGE, f"{visit.visited_on:%Y-%m-%d}", visit.pk, url, fields)
