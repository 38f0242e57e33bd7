"""The security admin's page of accounts waiting for approval (accounts.approvals): approve or refuse the ticked
ones, as shown."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.approvals import Pick, accounts_decide, pending_account_list
from accounts.permissions import capability_required
from accounts.roles import Capability

MSG_APPROVED = "已批准 {count} 个账号，这些账号现在可以登录。"
MSG_REFUSED = "已拒绝 {count} 个账号，这些账号不能登录。"
REASON_LIMIT = 200
MSG_REASON_TOO_LONG = f"拒绝理由不能超过 {REASON_LIMIT} 字。"


@capability_required(Capability.SECURITY_MANAGE)
def account_approvals(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        _decide(request)
        return redirect("accounts:account_approvals")
    accounts = list(pending_account_list())
    context = {
        "pending": [user for user in accounts if user.approval != "refused"],
        "refused": [user for user in accounts if user.approval == "refused"],
        "reason_limit": REASON_LIMIT,
    }
    return render(request, "accounts/account_approvals.html", context)


def _decide(request: HttpRequest) -> None:
    approve = request.POST.get("decision") == "approve"
    reason = request.POST.get("reason", "").strip()
    if len(reason) > REASON_LIMIT:
        messages.error(request, MSG_REASON_TOO_LONG)
        return
    picks = [pick for value in request.POST.getlist("pick") if (pick := Pick.parse(value)) is not None]
    try:
        outcome = accounts_decide(actor=request.user, picks=picks, approve=approve, reason=reason)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return
    for message in outcome.refused:
        messages.error(request, message)
    if outcome.done:
        done = MSG_APPROVED if approve else MSG_REFUSED
        messages.success(request, done.format(count=len(outcome.done)))
