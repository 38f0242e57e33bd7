"""The public self-application pages (/apply/…): no login, reached by a village's QR poster.

They reveal nothing: the village name is the only data shown; a submission gets the same answer whether or not the
ID number is in the registry or has applied before; the status lookup answers a wrong ID number + phone (or receipt
number) exactly as it answers "no application". Submissions and lookups are throttled per client address and per ID
number (429, saying in how many minutes to try again); a logged-in cadre of the village filing for a farmer
(代为申报) is not held to the per-address limit, and a logged-in staff user finds the way back to the worklist
(nobody else sees a link inward)."""

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.middleware import client_ip
from accounts.permissions import user_can
from accounts.roles import Capability
from config.forms import run_service
from workflow import selectors_application_public as selectors
from workflow import throttle
from workflow.choices_applications import CONSENT_TEXT, LookupStage
from workflow.forms_applications import PublicApplicationForm, StatusLookupForm
from workflow.services import application_public as public

RECEIPT_SALT = "workflow.apply.receipt"
RECEIPT_MAX_AGE = 3600  # the receipt page is for the moment after submitting; later the status lookup serves
MSG_NOTHING_FOUND = "未查询到申报记录。请核对身份证号，以及手机号码或回执号（须与申报时的一致）。"


PHONE_MOBILE, PHONE_LANDLINE, PHONE_NONE = "mobile", "landline", "none"


def _phone_kind(phone: str) -> str:
    """What the receipt tells the farmer to look the application up with besides the ID number: the mobile, the
    landline a cadre filed with (services.application_public.validate_filed_phone), or, with none, the receipt
    number (which the other two may use in place of the phone too)."""
    if not phone:
        return PHONE_NONE
    return PHONE_MOBILE if public.PHONE_PATTERN.match(phone) else PHONE_LANDLINE


def _staff(request: HttpRequest) -> bool:
    """A logged-in user of the worklist (/workflow/applications/), shown the way back to it."""
    return user_can(request.user, Capability.REGISTRY_VIEW)


def _throttled(request: HttpRequest, template: str, context: dict, refused: tuple) -> HttpResponse:
    """429 with the minutes until the refusing window (bucket, value, rate) ends, and what to do meanwhile."""
    message = throttle.refusal(*refused, apply=template.endswith("public_form.html"))
    return render(request, template, {**context, "throttled": message}, status=429)


def _first_refused(checks: list[tuple[str, str | None, tuple[int, int]]]) -> tuple | None:
    """The first (bucket, value, rate) whose limit is passed, counting each in turn until one refuses."""
    return next((check for check in checks if not throttle.allow(*check)), None)


def _all_counted_first_refused(checks: list[tuple[str, str | None, tuple[int, int]]]) -> tuple | None:
    """The first (bucket, value, rate) whose limit is passed, after counting the attempt in every one."""
    refused = [check for check in checks if not throttle.allow(*check)]
    return refused[0] if refused else None


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def apply_form(request: HttpRequest, token: str) -> HttpResponse:
    try:
        village = selectors.public_village(token)
    except selectors.LinkRevoked:
        # 410, not 404: the address was right until the village replaced its poster, and a submission is refused.
        context = {"message": selectors.MSG_LINK_REVOKED}
        return render(request, "workflow/applications/public_revoked.html", context, status=410)
    # A logged-in cadre of the village fills the form in for a farmer at the village office (代为申报).
    filer = request.user if public.may_file_for(request.user, village) else None
    form = PublicApplicationForm(request.POST or None, filer=filer)
    context = {"form": form, "village": village, "consent_text": CONSENT_TEXT, "filer": filer, "staff": _staff(request)}
    template = "workflow/applications/public_form.html"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = client_ip(request)
        checks = [] if filer is not None else [("submit-address", address, throttle.SUBMIT_PER_ADDRESS)]
        # Per ID number and phone together: junk sent under a farmer's ID number from other phones must not use up
        # the farmer's own submissions of the day.
        checks.append(("submit-id", f"{data['id_number']}:{data['phone']}", throttle.SUBMIT_PER_ID_NUMBER))
        if refused := _first_refused(checks):
            return _throttled(request, template, context, refused)
        if data["website"]:
            receipt_no = public.new_receipt_no()  # the honeypot was filled: same answer, nothing stored
        else:
            receipt_no = run_service(
                form,
                lambda: public.application_submit(
                    village=village,
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    risk_types=data["risk_types"],
                    situation=data["situation"],
                    consent=data["consent"],
                    client_ip=address,
                    filed_by=filer,
                ),
            )
        if receipt_no:
            # A filer's receipt offers the same form again, for the next farmer at the village office.
            again = {"t": token} if filer is not None else {}
            # How the farmer follows it up (a filed one may give a landline or no phone): the receipt says so.
            again["p"] = _phone_kind(data["phone"])
            signed = signing.dumps({"r": receipt_no, "v": village.name, **again}, salt=RECEIPT_SALT)
            return redirect(f"{reverse('apply:receipt')}?r={signed}")
    return render(request, template, context)


@login_not_required
@never_cache
def apply_receipt(request: HttpRequest) -> HttpResponse:
    try:
        receipt = signing.loads(request.GET.get("r", ""), salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return redirect("apply:status")
    context = {
        "receipt_no": receipt["r"],
        "village_name": receipt["v"],
        # What the status lookup may answer: the stages only (selectors.application_status_lookup).
        "status_labels": LookupStage.labels,
        "staff": _staff(request),
        "file_again": reverse("apply:form", args=[receipt["t"]]) if receipt.get("t") else "",
        "phone_kind": receipt.get("p", PHONE_MOBILE),
    }
    return render(request, "workflow/applications/public_receipt.html", context)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def apply_status(request: HttpRequest) -> HttpResponse:
    form = StatusLookupForm(request.POST or None)
    context: dict = {"form": form}
    template = "workflow/applications/public_status.html"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Only wrong guesses count: farmers looking theirs up on the village office's Wi-Fi after a meeting share
        # one address. An address past its misses is refused before the lookup, right pairs too (a guesser's hit
        # must not get through); an ID number only on a miss, so that someone who knows a farmer's ID number cannot
        # lock the farmer's own lookup (the right phone) out for the day, while guessing phones stays limited.
        by_address = ("lookup-address-miss", client_ip(request), throttle.LOOKUP_MISSES_PER_ADDRESS)
        if throttle.exceeded(*by_address):
            return _throttled(request, template, context, by_address)
        rows = selectors.application_status_lookup(
            id_number=data["id_number"], phone=data["phone"], receipt_no=data["receipt_no"]
        )
        by_id = ("lookup-id-miss", data["id_number"], throttle.LOOKUP_PER_ID_NUMBER)
        if not rows and (refused := _all_counted_first_refused([by_address, by_id])):
            return _throttled(request, template, context, refused)
        context.update({"searched": True, "rows": rows, "nothing_found": MSG_NOTHING_FOUND})
        # A fresh, empty form below the answer: the ID number, phone and receipt number are not echoed back.
        context["form"] = StatusLookupForm()
    return render(request, template, context)
