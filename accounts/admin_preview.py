"""The system admin's user page asks before saving a change that would mean something elsewhere (accounts.
change_preview): moving a help contact (帮扶联系人) out of their households' village, say, tells them which
households will need another contact once the change applies, the count and the first few, before they submit; the
security admin is told again on approving it (accounts.approvals)."""

from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse

from accounts.approvals import grant_change_note, grant_in_force
from accounts.change_preview import user_change_warnings
from accounts.models import User
from accounts.signals import ChangeWarning

CHANGE_CONFIRMED = "change_confirmed"  # the change page's post, confirmed on the page that warned


def posted_change_warnings(model_admin: Any, request: HttpRequest, user: User) -> list[ChangeWarning]:
    """What the change page's post would mean elsewhere, nothing saved; [] when a field is wrong (the save then says
    what) or the post changes no role, scope, grid or active flag."""
    form = model_admin.get_form(request, user, change=True)(request.POST, request.FILES, instance=user)
    changes = form.asked_changes()
    return [] if changes is None else user_change_warnings(actor=request.user, user=user, changes=changes)


def posted(request: HttpRequest) -> list[tuple[str, str]]:
    """The post, to send again confirmed."""
    return [(k, v) for k, values in request.POST.lists() if k != "csrfmiddlewaretoken" for v in values]


def change_confirm_page(
    model_admin: Any, request: HttpRequest, user: User, warnings: list[ChangeWarning]
) -> TemplateResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "确认保存修改",
        "opts": model_admin.opts,
        "original": user,
        "grant_in_force": grant_in_force(user),
        "grant_change_note": grant_change_note(user),
        "warnings": warnings,
        "posted": posted(request),
        "confirmed_name": CHANGE_CONFIRMED,
    }
    return TemplateResponse(request, "admin/accounts/user/change_confirm.html", context)


def warning_text(warning: ChangeWarning) -> str:
    """The warning as one message after the save: the sentence, then the first few it names."""
    if not warning.first:
        return warning.message
    more = f" 等 {warning.count} {warning.unit}" if warning.rest else ""
    return f"{warning.message}涉及：{'、'.join(warning.first)}{more}。"
