"""The village's QR poster for self-application and 重新生成二维码 (services.application_public)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from workflow import selectors_applications as selectors
from workflow.choices_applications import CONSENT_TEXT
from workflow.forms_poster import LinkRotateForm
from workflow.public_address import application_qr, internal_address_warning, public_url
from workflow.services import application_public as public

EDIT = capability_required(Capability.REGISTRY_EDIT)
MSG_ROTATED = "已重新生成二维码，旧二维码已停用。请打印本页新海报，换下村里张贴的全部旧海报。"


@EDIT
def application_poster_pick(request: HttpRequest) -> HttpResponse:
    village = selectors.poster_village(actor=request.user, code=request.GET.get("village", ""))
    return redirect("workflow:application_poster", village_code=village.code)


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
