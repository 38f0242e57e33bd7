"""A self-application whose identification case was withdrawn (撤回: opened by mistake, the wrong category, say) is
not over for the farmer: the household's next identification case is still the one the application asked for. So,
while the household's latest identification case is a withdrawn one that applications were turned into or joined,
the case form starts from the application (channel 农户自主申报, discovered on the day the farmer applied: seed 001
§三's 15 days count from discovery, selectors_openings.case_prefill), and the new case, once opened
(services.cases.case_open), takes those applications over: the application follows it (application.case), so the
farmer's status lookup shows the running case instead of 程序已终止. The withdrawn case stays as it was, with a note
naming the case that took the application over; the application's move is audited with both cases."""

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.audit import audit_record
from households.models import Household
from workflow.choices import CaseKind, CaseStatus
from workflow.choices_applications import ApplicationStatus
from workflow.models import Case
from workflow.models.applications import Application
from workflow.services.case_records import _event


def withdrawn_applications(household: Household, *, before: Case | None = None) -> list[Application]:
    """The applications in the household's latest identification case (before `before`, the one being opened), when
    that case was withdrawn; [] otherwise (a declined or approved case ends the application's procedure)."""
    cases = Case.objects.filter(household=household, kind=CaseKind.IDENTIFICATION)
    if before is not None:
        cases = cases.exclude(pk=before.pk)
    latest = cases.order_by("-created_at", "-pk").first()
    if latest is None or latest.status != CaseStatus.WITHDRAWN:
        return []
    applications = Application.objects.filter(case=latest, status=ApplicationStatus.CASE_OPENED)
    return list(applications.select_related("case").order_by("submitted_at", "pk"))


def applied_on(application: Application) -> dt.date:
    return timezone.localtime(application.submitted_at).date()


def follow_new_case(*, actor: Any, case: Case) -> list[Application]:
    """Move the applications of the household's withdrawn identification case (withdrawn_applications) to `case`,
    the identification case just opened, in the opening's transaction; the applications moved."""
    if case.kind != CaseKind.IDENTIFICATION:
        return []
    applications = withdrawn_applications(case.household, before=case)
    for application in applications:
        old = application.case
        assert old is not None  # withdrawn_applications reads them by their case
        Application.objects.filter(pk=application.pk).update(case=case, updated_at=timezone.now())
        applied = f"{applied_on(application):%Y-%m-%d}"
        receipt = f"农户自主申报（回执号 {application.receipt_no}，{application.name}，{applied} 提交）"
        _event(
            case=case,
            actor=actor,
            action="case_note",
            summary=f"承接{receipt}：该申报原转入的识别纳入案件已撤回，随本案件继续办理",
        )
        _event(
            case=old,
            actor=actor,
            action="case_note",
            summary=f"本案件撤回后，该户重新发起识别纳入，{receipt}随新案件继续办理",
        )
        audit_record(
            actor=actor,
            action="workflow.application_follow_case",
            summary=f"自主申报 {application.receipt_no}：原识别纳入案件已撤回，随新发起的识别纳入案件办理",
            target=application,
            before={"case": old.pk},
            after={"case": case.pk},
        )
    return applications
