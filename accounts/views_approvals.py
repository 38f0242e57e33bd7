"""The security admin's page of accounts waiting for approval (accounts.approvals): approve or refuse the ticked
ones, as shown."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.approval_search import STATUS_CHOICES, approval_account_list, approval_counts
from accounts.approvals import (
    PENDING,
    REASON_LIMIT,
    Pick,
    accounts_decide,
    grant_asked,
    grant_changes,
    grant_fingerprint,
    login_refusal,
)
from accounts.choices import Approval
from accounts.forms_approvals import ApprovalFilterForm
from accounts.permissions import capability_required
from accounts.roles import Capability
from config.paging import page_query

# A new or reset account opens; a changed one, which worked all along, now works in the grant approved.
MSG_APPROVED = "已批准 {count} 个账号，批准的角色和管辖范围已生效，这些账号可以登录。"
MSG_REFUSED = "已拒绝 {count} 个账号，这些账号不能登录。"
MSG_REFUSED_RESTORED = "已拒绝 {count} 个账号的角色或管辖区划变更，这些账号仍按原角色和管辖范围工作。"
MSG_NO_DECISION = "请点击“批准所选账号”或“拒绝所选账号”，未作任何处理。"
PAGE_SIZE = 50  # a county's bulk import of 300 cadres: six pages, each ticked and approved at once


@capability_required(Capability.SECURITY_MANAGE)
def account_approvals(request: HttpRequest) -> HttpResponse:
    kept: dict[str, object] = {}
    if request.method == "POST":
        if _decide(request):
            # Back to the list as it was searched and filtered (the form posts to the page's own address).
            query = request.GET.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
        # Refused as entered: the ticks and the reason stay, to correct rather than type again.
        kept = {"reason": request.POST.get("reason", ""), "picked": set(request.POST.getlist("pick"))}
    form = ApprovalFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(approval_account_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    accounts = list(page.object_list)
    for user in accounts:
        # What the admin saw, ticked (accounts.approvals.Pick): a change since is refused rather than approved.
        user.pick_value = grant_fingerprint(user)
        user.changes = grant_changes(user)  # old → new of a changed role or scope
        user.asked = grant_asked(user)  # the grant decided on: the one asked for, not yet in force
        user.works_meanwhile = not login_refusal(user)  # a change waiting leaves an open account open
    counts = approval_counts(q=filters["q"], role=filters["role"])
    context = {
        "form": form,
        "page": page,
        "query": page_query(request),
        "status": filters["status"],
        "statuses": [(value, label, counts[value]) for value, label in STATUS_CHOICES],
        "pending_total": counts["pending"],
        "pending": [user for user in accounts if user.approval in PENDING],
        "refused": [user for user in accounts if user.approval == Approval.REFUSED],
        "approved": [user for user in accounts if user.approval == Approval.APPROVED],
        "reason_limit": REASON_LIMIT,
        "kept_reason": kept.get("reason", ""),
        "picked": kept.get("picked", set()),
    }
    return render(request, "accounts/account_approvals.html", context)


def _decide(request: HttpRequest) -> bool:
    """Approve or refuse the ticked accounts; False when the input itself is refused (said in a message). Only the
    button pressed decides: a post without one (Enter in a field, in an older page) decides nothing. The reason's
    rules (none with an approval, its length) are the service's."""
    decision = request.POST.get("decision")
    reason = request.POST.get("reason", "").strip()
    if decision not in ("approve", "refuse"):
        messages.error(request, MSG_NO_DECISION)
        return False
    approve = decision == "approve"
    picks = [pick for value in request.POST.getlist("pick") if (pick := Pick.parse(value)) is not None]
    try:
        outcome = accounts_decide(actor=request.user, picks=picks, approve=approve, reason=reason)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return False
    for message in outcome.refused:
        messages.error(request, message)
    if approve and outcome.done:
        messages.success(request, MSG_APPROVED.format(count=len(outcome.done)))
        for user in outcome.done:  # what an approved scope change means elsewhere (accounts.approvals)
            for notice in getattr(user, "change_notices", []):
                messages.warning(request, notice)
    elif outcome.done:
        # A refused change of a working account leaves it working in the grant it kept (accounts.approvals).
        closed = [user for user in outcome.done if user.approval == Approval.REFUSED]
        if closed:
            messages.success(request, MSG_REFUSED.format(count=len(closed)))
        if reopened := len(outcome.done) - len(closed):
            messages.success(request, MSG_REFUSED_RESTORED.format(count=reopened))
    return True
