"""The village's QR poster for self-application, 重新生成二维码 (services.application_public), and 代为申报: a
cadre opening the village's public form to fill it in for a farmer (views_public records them as the filer)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from households.models import Region
from households.selectors import village_options
from workflow import selectors_applications as selectors
from workflow.choices_applications import CONSENT_TEXT
from workflow.forms_poster import LinkRotateForm
from workflow.public_address import application_qr, internal_address_warning, public_url
from workflow.services import application_public as public

EDIT = capability_required(Capability.REGISTRY_EDIT)
MSG_ROTATED = "已重新生成二维码，旧二维码已停用。请打印本页新海报，换下村里张贴的全部旧海报。"
MSG_NO_VILLAGE = "您的管辖范围内没有村，不能打印申报二维码或代为申报。"
# The village chooser's words, for each page it leads to (templates: village_pick.html).
PICKS = {
    "poster": {
        "title": "打印申报二维码海报",
        "intro": "选择村，打开该村的自主申报二维码海报，打印后张贴在村委会、村务公开栏等处。",
        "button": "打开海报",
        "action": "workflow:application_poster_pick",
    },
    "file": {
        "title": "代为申报",
        "intro": "为不方便用手机的农户填写自主申报：选择农户所在的村，打开该村的申报表，按农户本人口述如实填写。"
        "农户没有手机的，可留固定电话或不留电话。提交后记为您代为申报，记入审计日志。",
        "button": "打开申报表",
        "action": "workflow:application_file",
    },
}


def _village_pick(request: HttpRequest, purpose: str) -> HttpResponse:
    """The villages of the user's scope to choose from (a township's or county's many, a cadre's several)."""
    villages = list(village_options(actor=request.user))
    context = {**PICKS[purpose], "villages": villages, "no_village": MSG_NO_VILLAGE}
    return render(request, "workflow/applications/village_pick.html", context)


def _chosen_village(request: HttpRequest) -> Region | None:
    """The village chosen (?village=, 404 outside the user's scope), or the user's only one; None: choose."""
    code = request.GET.get("village", "")
    if not code:
        villages = list(village_options(actor=request.user)[:2])
        if len(villages) != 1:
            return None
        code = villages[0].code
    return selectors.poster_village(actor=request.user, code=code)


@EDIT
def application_poster_pick(request: HttpRequest) -> HttpResponse:
    if (village := _chosen_village(request)) is None:
        return _village_pick(request, "poster")
    return redirect("workflow:application_poster", village_code=village.code)


@EDIT
def application_file(request: HttpRequest) -> HttpResponse:
    """代为申报: the public form of the village, which records the logged-in user as the filer
    (views_public.apply_form), reached through the village's link as a farmer's phone reaches it."""
    if (village := _chosen_village(request)) is None:
        return _village_pick(request, "file")
    link = public.application_link_for(actor=request.user, village=village)
    return redirect("apply:form", token=link.token)


@EDIT
def application_poster(request: HttpRequest, village_code: str) -> HttpResponse:
    village = selectors.poster_village(actor=request.user, code=village_code)
    link = public.application_link_for(actor=request.user, village=village)
    # The address farmers' phones open (settings.SHOUWANG_PUBLIC_BASE_URL), not necessarily the one browsed from.
    url, qr = application_qr(request, token=link.token, title=f"{village.name}自主申报二维码")
    status_url = public_url(request, reverse("apply:status"))
    return render(
        request,
        "workflow/applications/poster.html",
        {
            "village": village,
            "township": village.parent,
            "link": link,
            "url": url,
            "status_url": status_url,
            "qr": qr,
            "address_warning": internal_address_warning(request),
            "consent_text": CONSENT_TEXT,
            "today": timezone.localdate(),
        },
    )


@EDIT
@require_http_methods(["GET", "POST"])
def application_link_rotate(request: HttpRequest, village_code: str) -> HttpResponse:
    """A confirmation page, then the POST that stops the old code and makes a new one."""
    village = selectors.poster_village(actor=request.user, code=village_code)
    # Bound on every POST: an empty one (the box unticked) must show the field's error, not a fresh page.
    form = LinkRotateForm(request.POST if request.method == "POST" else None)
    rotate = lambda: public.application_link_rotate(actor=request.user, village=village)  # noqa: E731
    if request.method == "POST" and form.is_valid() and run_service(form, rotate):
        messages.success(request, MSG_ROTATED)
        return redirect("workflow:application_poster", village_code=village.code)
    link = selectors.application_link_active(village=village)
    context = {"village": village, "township": village.parent, "link": link, "form": form}
    return render(request, "workflow/applications/link_rotate.html", context)
