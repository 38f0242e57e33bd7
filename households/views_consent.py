"""The household's 承诺和授权查询书: registering a signed one with its scan, printing the blank for signing, opening a
scan."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from config.once import MSG_REPEATED
from households import selectors
from households.forms import ConsentForm
from households.forms_uploads import kept_content, kept_upload
from households.models import Consent
from households.selectors_visits import consent_submitted
from households.services import files, visits
from households.services.pending_uploads import pending_discard

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


@EDIT
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    form = ConsentForm(request.POST or None, request.FILES or None)
    kept, scan, valid, repeated = None, None, False, False
    if request.method == "POST":
        valid = form.is_valid()
        repeated = consent_submitted(household=household, once=form.once_token)
        # The scan is kept on the server until the consent is saved: a page sent back for an error names it.
        purpose = f"consent:{household.pk}"
        check = visits.upload_check
        kept = kept_upload(form, actor=request.user, purpose=purpose, field="scan", check=check, answered=repeated)
        if not valid and kept is None and "scan" not in form.errors:
            form.add_error("scan", visits.MSG_SCAN_REQUIRED)  # the service's, said now with the fields' errors
    if valid and not form.errors:
        kept, scan = kept_content(form, kept, field="scan", answered=repeated)
    if valid and not form.errors:
        kwargs = form.service_kwargs()
        once = form.once_token
        consent = run_service(
            form,
            lambda: visits.consent_record(actor=request.user, household=household, scan=scan, once=once, **kwargs),
        )
        if consent:
            pending_discard(kept)  # now the consent's own (or, posted again, the first post's consent has its scan)
            if repeated:  # the same page posted again (a double tap, a phone resending): the first post recorded it
                messages.info(request, MSG_REPEATED.format(noun="承诺和授权查询书"))
            else:
                messages.success(request, "已登记承诺和授权查询书。")
            return redirect(f"{household.get_absolute_url()}?tab=consent")
    return render(
        request,
        "households/consent_form.html",
        {"form": form, "household": household, "title": "登记承诺和授权查询书", "kept": kept},
    )


@VIEW
def consent_print(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    signers = selectors.consent_signers(household)
    files.consent_print_record(actor=request.user, household=household)
    return render(request, "households/consent_print.html", {"household": household, "signers": signers})


@VIEW
def consent_scan(request: HttpRequest, pk: int) -> FileResponse:
    consent = get_object_or_404(Consent.objects.visible_to(request.user).select_related("household"), pk=pk)
    return files.consent_scan_open(actor=request.user, consent=consent)
