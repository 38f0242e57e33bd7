"""The household page's "识别退出" tab, the new-household form started from a self-application, the ways into a case
from a finding, and the guarantees a visit must confirm while a case holds them at 否."""

from typing import Any

from households.models import Household


def _panel_context(request: Any, household: Household) -> dict[str, Any]:
    from screening.selectors import household_screening
    from workflow.choices import CaseKind, CaseStatus
    from workflow.selectors import household_cases
    from workflow.services.green_channel import GREEN_CHANNEL_ROLES, green_channel_configured, green_channel_refusal
    from workflow.services.proposers import EXIT_PROPOSER_NOTE, may_propose_exit

    cases = household_cases(actor=request.user, household=household)
    role = getattr(request.user, "role", None) in GREEN_CHANNEL_ROLES
    green_channel = role and green_channel_configured(household)
    return {
        # The green channel is offered to its roles where the county's procedure has one (Procedure.green_channel)
        # and the service would take the household; else why not. Where it has none, nothing is said of it.
        "green_channel": green_channel,
        "green_channel_refusal": green_channel_refusal(household) if green_channel else "",
        "cases": cases,
        # A monitored household's only case is its exit, the village's proposal (services.proposers): the township
        # and the county are offered no 发起 for it, and told whose it is.
        "exit_proposer_note": "" if may_propose_exit(request.user) else EXIT_PROPOSER_NOTE,
        "screening_result": household_screening(household)["result"],
        # A hit proposed on the screening worklist still needs its case; once one is open, nothing to offer.
        "open_inclusion": any(c.status == CaseStatus.OPEN and c.kind != CaseKind.EXIT for c in cases),
    }


def _panel_badges(request: Any, household: Household) -> list[str]:
    """Each case in progress, at its open steps: 识别纳入办理中（县级审批）."""
    from workflow.choices import CaseStatus
    from workflow.selectors import household_cases

    cases = [c for c in household_cases(actor=request.user, household=household) if c.status == CaseStatus.OPEN]
    return [
        f"{case.get_kind_display()}办理中"
        + (f"（{'、'.join(s.step.name for s in case.open_steps)}）" if case.open_steps else "")
        for case in cases
    ]


def register_panels() -> None:
    from households import panels

    panels.register(
        panels.Panel(
            key="cases",
            label="识别退出",
            template="workflow/household_panel.html",
            context=_panel_context,
            order=20,
            badges=_panel_badges,
        )
    )


def _application_prefill(actor: Any, value: str) -> Any:
    from django.urls import reverse

    from households.prefill import Prefill
    from workflow.application_reports import application_report
    from workflow.selectors_applications import application_to_register

    application = application_to_register(actor=actor, pk=value)
    if application is None:
        return None
    return Prefill(
        name=application.name,
        id_number=application.id_number,
        phone=application.phone,
        village=application.village,
        back_url=reverse("workflow:application_detail", args=[application.pk]),
        back_label=f"{application.name}的自主申报（回执号 {application.receipt_no}）",
        reported=application_report(application),
    )


def register_prefills() -> None:
    from households import prefill

    # /households/new/?application=<id>: the applicant's name, ID number and phone, the risks and 两不愁三保障 the
    # application reports (workflow.application_reports), and back to the application.
    prefill.register("application", _application_prefill)


def _visit_followup(actor: Any, visit: Any) -> Any:
    from households.visit_followups import Followup
    from workflow.selectors_openings import MSG_VISIT_OFFER, visit_inclusion_offer

    offer = visit_inclusion_offer(visit=visit)
    return Followup(message=MSG_VISIT_OFFER, label=offer[0], url=offer[1]) if offer else None


def _screening_links(actor: Any, results: Any) -> dict[int, Any]:
    """发起识别 on a proposed result; on a result whose household has an inclusion case open, that case (busy: the
    worklist then offers no 提议纳入监测)."""
    from screening.result_links import Link
    from workflow.selectors_openings import screening_busy_cases, screening_open_links

    links = {pk: Link(label="发起识别", url=url) for pk, url in screening_open_links(results=results).items()}
    for pk, (label, url) in screening_busy_cases(results=results).items():
        links[pk] = Link(label=label, url=url, busy=True)
    return links


def register_openings() -> None:
    """Ways into a case from a finding (workflow.selectors_openings): after a visit that found a risk on a
    household not monitored, and on a screening result proposed for monitoring."""
    from households import visit_followups
    from screening import result_links

    visit_followups.register("workflow", _visit_followup)
    result_links.register("workflow", _screening_links)


def _visit_confirmations(household: Any) -> Any:
    from workflow.services.guarantee_restore import to_confirm

    return to_confirm(household)


def register_visit_confirmations() -> None:
    """What a visit must answer 是 or 否 (households.services.visit_confirm): the guarantees an open case set to 否,
    which its closing without inclusion gives back unless a visit since found them 否 (services.guarantee_restore)."""
    from households.services import visit_confirm

    visit_confirm.register("workflow", _visit_confirmations)


def _sheet_proposal(actor: Any, household: Household) -> Any:
    from households.form_sheet import SheetProposal
    from workflow.selectors import case_withdrawable
    from workflow.selectors_openings import open_inclusion_case

    case = open_inclusion_case(actor=actor, household=household)
    # Once the county has approved it, the household holds the category and risks (services.outcomes), though the
    # case stays open for its 公告: nothing is proposed any more.
    if case is None or not case_withdrawable(case):
        return None
    return SheetProposal(
        category=case.category, risk_types=list(case.risk_types), national_risk_types=list(case.national_risk_types)
    )


def register_sheet_proposal() -> None:
    """The 采集表 is filled in when a household is found, before approval (seed 003 三(二)): until an open inclusion is
    approved, it prints the case's proposed category and risks, marked 拟定 (households.form_sheet)."""
    from households import form_sheet

    form_sheet.register_sheet_proposal("workflow", _sheet_proposal)
