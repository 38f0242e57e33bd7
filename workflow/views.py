"""Workflow pages: my tasks, a case with its steps timeline and the form for the current step, opening a case."""

import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.choices import Role
from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from config.paging import page_query
from households import selectors as household_selectors
from screening import selectors as screening_selectors
from workflow import campaign_openings, selectors
from workflow import selectors_openings as openings
from workflow.advisories import confirm_text, deciding_exit, exit_advisories, mark_advised
from workflow.choices import CaseKind, CaseStatus, Outcome, StepKind
from workflow.forms import CaseOpenForm, CaseWithdrawForm, TaskFilterForm
from workflow.forms_screening import ScreeningOpenForm
from workflow.forms_steps import RETURNABLE_KINDS, StepActForm
from workflow.selectors_announced import mark_announced_on, mark_decided_on
from workflow.selectors_batches import case_income_flag
from workflow.selectors_case_income import case_income
from workflow.selectors_case_sources import case_sources
from workflow.selectors_cases import case_events
from workflow.selectors_consent import cases_missing_consent, consent_missing
from workflow.selectors_deadlines import my_reminders
from workflow.selectors_notices import NOTICE_DAYS, closed_notices, late_objections, unposted_publicity
from workflow.selectors_reruns import mark_earlier_runs
from workflow.selectors_risks import case_risk_contradictions
from workflow.services import campaign_case, proposals
from workflow.services import cases as services
from workflow.services.approval_records import on_file_words
from workflow.services.batch_announce import ANNOUNCING_ROLE, step_act
from workflow.services.case_correction import CORRECT, may_correct
from workflow.services.case_locks import case_version
from workflow.services.case_opening import suggested_kind
from workflow.services.case_return import return_target_name
from workflow.services.exclusion_rules import exclusion_notes, inclusion_refusals
from workflow.services.exit_rules import exit_refusal
from workflow.services.guarantee_restore import restored_message, withdraw_notice
from workflow.services.income_rules import opening_income_warning
from workflow.services.outcome_rules import outcome_refusals
from workflow.services.pass_rules import pass_refusals, publicity_holds, village_refusal
from workflow.services.proposers import exit_proposer_refusal
from workflow.services.review_rules import reviews_in
from workflow.services.step_inputs import required_inputs
from workflow.services.withdrawal import ensure_may_withdraw, may_withdraw
from workflow.views_steps import posted_forms

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)
MSG_STALE_FORM = "该环节已有变化，您的提交未办理，请核对后重新提交。"
INCOME_KINDS = (StepKind.TOWNSHIP_AUDIT, StepKind.COUNTY_APPROVAL)  # the steps that pass a case on for its risk
DECIDING_KINDS = (StepKind.TOWNSHIP_AUDIT, StepKind.COUNTY_APPROVAL, StepKind.ANNOUNCEMENT)  # refusals shown up front
PUBLICITY_SHOWN = 50  # running publicities listed under 我的任务, soonest end first


@VIEW
def my_tasks(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    kinds = selectors.role_step_kinds(request.user)
    running = selectors.publicity_running(actor=request.user)
    cases = selectors.my_tasks(actor=request.user, filters=filters)
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    page.object_list = selectors.with_timing(page.object_list)
    # An empty result under a search that finds the household's case waiting on someone else says so (not "mistyped").
    elsewhere = ""
    if not page.paginator.count and filters.get("q"):
        elsewhere = selectors.tasks_search_elsewhere(actor=request.user, q=filters["q"])
    context = {
        "elsewhere": elsewhere,
        "form": form,
        "page": page,
        "query": page_query(request),
        "filtered": any(filters.values()),
        "more_filters": any(value for name, value in filters.items() if name != "q"),
        "reminders": my_reminders(actor=request.user),
        "closed_notices": closed_notices(actor=request.user),
        "late_objections": late_objections(actor=request.user),
        "unposted_count": unposted_publicity(actor=request.user).count(),
        "notice_days": NOTICE_DAYS,
        "publicity": _with_consent(list(running[:PUBLICITY_SHOWN])),
        "publicity_count": running.count(),
        "step_kinds": kinds,
        # The village's 民主评议 meetings: recorded by its cadres and work team, whichever role holds the step.
        "meetings": StepKind.VILLAGE_REVIEW in kinds or request.user.role in (Role.VILLAGE_CADRE, Role.WORK_TEAM),
    }
    return render(request, "workflow/tasks.html", context)


def _unposted_period(case_step: Any) -> str:
    """How long a publicity not posted yet runs from its posting ("" once posted, or for another step)."""
    step = case_step.step
    if step.kind != StepKind.PUBLICITY or case_step.posted_on is not None:
        return ""
    return f"不少于 {step.days} 个{step.get_day_type_display() or '自然日'}" if step.days else "计算"


def _with_consent(steps: list) -> list:
    """The running publicities, each marked when its case's family has no signed consent on file."""
    missing = cases_missing_consent([cs.case for cs in steps])
    for cs in steps:
        cs.consent_missing = cs.case_id in missing
    return steps


def _exit_refused(case: Any, today: Any) -> str:
    """Why an open exit's household may not be marked 风险消除 today (services.exit_rules, the rules case_act refuses a
    pass with), "" when it may: said at the top of the page before anyone decides. A household no longer monitored
    was marked already (services.outcomes); a recorded reason stands for a missing measure (pass_rules)."""
    if case.kind != CaseKind.EXIT or case.status != CaseStatus.OPEN or not case.household.monitoring_category:
        return ""
    return exit_refusal(case.household, today, measures=not case.no_measure_reason)


def _refused_outcomes(case: Any, case_step: Any, refused_exit: str) -> dict[str, str]:
    """The outcomes not offered at the step: the service's (outcome_rules), and 通过 at a township audit or county
    approval of an exit that may not pass today (不通过 and 退回 stay, the way on for a household not yet stable)."""
    refused = outcome_refusals(case, case_step)
    if refused_exit and case_step.step.kind in INCOME_KINDS:
        refused[Outcome.PASS.value] = refused_exit
    return refused


@VIEW
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(actor=request.user, pk=pk)
    # A step that waits on another is shown with the reason, not with a form the service would refuse.
    mine, waiting = selectors.case_steps_of(actor=request.user, case=case)
    today = timezone.localdate()
    posted, posted_done = posted_forms(request, case)
    if posted_done:
        messages.success(request, posted_done)
        return redirect("workflow:case_detail", pk=case.pk)
    if request.method == "POST" and (refusal := _stale_step_refusal(request, case, mine)):
        # A form rendered before someone else acted (another tab, a batch): say so rather than drop the submission.
        messages.error(request, refusal)
        return redirect("workflow:case_detail", pk=case.pk)
    forms_by_step = []
    version = case_version(case)  # of the case as this response shows it
    advisories = (
        exit_advisories(case.household, timezone.localdate())
        if case.kind == CaseKind.EXIT and case.status == CaseStatus.OPEN
        else []
    )
    refused_exit = _exit_refused(case, today)
    for case_step in mine:
        # Each open step's form carries its step code under its own prefix, as the browser posts it.
        code = case_step.step.code
        bound = request.method == "POST" and request.POST.get(f"{code}-step_code") == code
        form = StepActForm(
            request.POST if bound else None,
            request.FILES if bound else None,
            initial={"step_code": case_step.step.code, "version": version},
            skippable=case_step.step.skippable_when_clear,
            passes_elsewhere=case_step.step.kind == StepKind.DEPARTMENT_COMPARISON,
            approval=case_step.step.kind == StepKind.COUNTY_APPROVAL,
            numbered=case_step.step.asks_approval_number,
            review=reviews_in(case_step.step),
            review_publicity=case_step.step.with_review,
            running_until=case_step.ends_on if case_step.publicity_running(today) else None,
            held=publicity_holds(case, case_step) if case_step.publicity_running(today) else [],
            unposted_period=_unposted_period(case_step),
            prefix=case_step.step.code,
            returnable=case_step.step.kind in RETURNABLE_KINDS,
            returned=bool(case_step.return_note),
            announcing=case_step.step.kind == StepKind.ANNOUNCEMENT and case_step.step.role == ANNOUNCING_ROLE,
            refused=_refused_outcomes(case, case_step, refused_exit),  # not offered: the service refuses them
        )
        if bound and form.is_valid():
            data = form.cleaned_data
            done = run_service(
                form,
                lambda data=data, code=case_step.step.code: step_act(
                    actor=request.user,
                    case=case,
                    step_code=code,
                    outcome=data["outcome"],
                    note=data["note"],
                    attachment=data["attachment"],
                    document_number=data.get("document_number", ""),
                    expected_version=data["version"],
                    announced_on=data.get("announced_on"),
                    decided_on=data.get("decided_on"),
                ),
            )
            if done:
                # A 批复文号 on file in another spelling is recorded as on file: said so.
                on_file = on_file_words(request.user, data.get("document_number", ""), data["outcome"])
                messages.success(request, f"已办理：{case_step.step.name}。{on_file}")
                return redirect("workflow:case_detail", pk=case.pk)
        if bound:
            # Sent back with its error (a case changed since, say): the page shows the case as it stands now, so
            # its form carries that version, and the input is kept.
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = version
        # What the service would refuse for want of an input, checked before the confirmation (step_precheck.js).
        case_step.prechecks = json.dumps(required_inputs(case_step.step), ensure_ascii=False)  # type: ignore[attr-defined]
        if case_step.step.kind not in DECIDING_KINDS:  # the visit, the year's income of a low-income case
            case_step.pass_refusal = village_refusal(case, case_step.step, today)  # type: ignore[attr-defined]
        if case_step.step.kind in DECIDING_KINDS:
            # What the service would refuse a pass for (an exit's hard rules, an inclusion's exclusion, an objection).
            refusal = pass_refusals([case], {case.pk: case_step}, today).get(case.pk, "")
            case_step.pass_refusal = refusal  # type: ignore[attr-defined]
        if advisories and deciding_exit(case, case_step.step):  # the decision keeps them (services.cases.case_act)
            case_step.exit_confirm = confirm_text(advisories, case_step.step.name)  # type: ignore[attr-defined]
        if case_step.step.kind in RETURNABLE_KINDS:
            case_step.return_to = return_target_name(case, case_step)  # type: ignore[attr-defined] # the confirmation
        forms_by_step.append((case_step, form))
    # An inclusion's household with an exclusion fact (003 §二2(2)): the county's approval refuses a barring one.
    including = case.kind != CaseKind.EXIT and case.status == CaseStatus.OPEN and not case.household.monitoring_category
    events = list(case_events(actor=request.user, case=case))
    mark_earlier_runs(case, events)  # a publicity a correction ran again: its first notice's dates, from the record
    mark_announced_on(case, events)  # a batch announcement's 公告日期, from the record
    mark_decided_on(case)  # the county approval's 批复日期, as the ledgers date it
    mark_advised(events)  # the advisories a decision was shown (审批时提示)
    return render(
        request,
        "workflow/case_detail.html",
        {
            "case": case,
            "forms_by_step": forms_by_step,
            "waiting_steps": waiting,
            "posted_forms": posted,
            "exit_advisories": advisories,
            "exit_refusal": refused_exit,
            "exclusions": exclusion_notes(case.household_id) if including else [],
            "exclusion_refusal": inclusion_refusals([case.household_id]).get(case.household_id) if including else "",
            # Beside the township's audit and the county's approval, as their batch pages flag it; and to the village
            # at its own steps, before the township would return the case for it.
            "income_flag": case_income_flag(case, today) if any(_flags_income(cs.step) for cs in mine) else "",
            # A declared risk the household's members do not bear out: an advisory to whoever handles the case.
            "risk_flags": case_risk_contradictions(case, today) if case.status == CaseStatus.OPEN else [],
            "case_income": case_income(case, today),  # the year's per-capita income and its line (低于监测范围)
            "withdrawable": selectors.case_withdrawable(case) and may_withdraw(request.user, case),
            "withdraw_until": selectors.case_decision_step_name(case),
            # The case's own record, rendered by workflow/_case_events.html.
            "events": events,
            # A township's return reopened the village's step: it may correct risk types and category meanwhile.
            "correctable": may_correct(request.user, case),
            "corrections": [event for event in events if event.action == CORRECT],
            "consent_missing": consent_missing(case),
            **case_sources(actor=request.user, case=case),  # 来源与材料, and the household's news since it opened
        },
    )


def _flags_income(step: Any) -> bool:
    return step.kind in INCOME_KINDS or step.role == Role.VILLAGE_CADRE


def _stale_step_refusal(request: HttpRequest, case: Any, mine: list) -> str:
    """The service's refusal of a step form posted for a step that is no longer the user's to act on ("" when the
    posted step is one of `mine`, or no step form was posted)."""
    codes = {cs.step.code for cs in mine}
    for key, value in request.POST.items():
        if key.endswith("-step_code") and key == f"{value}-step_code" and value not in codes:
            version = request.POST.get(f"{value}-version", "")
            return services.act_refusal(actor=request.user, case=case, step_code=value, expected_version=version) or (
                MSG_STALE_FORM
            )
    return ""


@EDIT
def case_new(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = household_selectors.household_get(actor=request.user, pk=household_pk)
    # A monitored household's case is most likely its exit; an eliminated one's, a re-mark; any other's, an inclusion.
    kind = suggested_kind(household)
    # 发现渠道 is the cadre's choice unless the way in says it: "发起识别纳入" from a campaign's 入户排查表 or after a
    # visit that found a risk brings its channel, risk types and date, and the form says whence (campaign_openings).
    prefill, prefilled_from = campaign_openings.case_prefill(household=household, query=request.GET)
    initial = {"discovered_on": timezone.localdate(), "kind": kind} | prefill
    # A monitored household's case is an exit: what refuses it (services.exit_rules, as the service will) and what the
    # record shows against the usual conditions, before it is submitted. The measures' rule is asked at its field
    # (the reason for none in place), not as a refusal of the whole form; a refused exit asks for none of its fields.
    monitored, today = bool(household.monitoring_category), timezone.localdate()
    refusal = exit_refusal(household, today, measures=False) if monitored else ""
    # The exit is the village's proposal (services.proposers): a monitored household has no other case to offer.
    proposer_refusal = exit_proposer_refusal(request.user)
    if monitored and proposer_refusal:
        context = {"household": household, "title": "发起识别/退出", "refusal": proposer_refusal}
        return render(request, "workflow/case_form.html", context)
    options = {"household_type": household.household_type, "household": household, "exit_refused": bool(refusal)}
    form = CaseOpenForm(request.POST or None, initial=initial, proposes_exit=not proposer_refusal, **options)
    if request.method == "POST" and form.is_valid():
        arguments = {"actor": request.user, "household": household, "query": request.GET, **form.open_arguments()}
        case = run_service(form, lambda: campaign_case.case_open_linked(**arguments))  # and ?from_form='s link
        if case:
            messages.success(request, f"已发起{case.get_kind_display()}：{case.procedure.name}。")
            if warning := opening_income_warning(household.pk, case.risk_types, case.kind, timezone.localdate()):
                messages.warning(request, warning)  # not refused: the year's income may be entered before the review
            return redirect("workflow:case_detail", pk=case.pk)
    context = {"form": form, "household": household, "title": "发起识别/退出", "prefilled_from": prefilled_from}
    context["open_case"] = openings.open_case_notice(household=household)  # (label, url) of a case in hand
    context["exit_refusal"] = refusal
    context["exit_advisories"] = exit_advisories(household, today) if monitored and not refusal else []
    return render(request, "workflow/case_form.html", context)


@EDIT
def case_from_screening(request: HttpRequest, result_pk: int) -> HttpResponse:
    result = screening_selectors.result_get(actor=request.user, pk=result_pk)
    household = result.household
    form = ScreeningOpenForm(request.POST or None, household_type=household.household_type, result=result)
    if request.method == "POST" and form.is_valid():
        case = run_service(
            form,
            lambda: proposals.case_open_from_screening(
                actor=request.user,
                result=result,
                category=form.cleaned_data["category"],
                risk_types=form.cleaned_data["risk_types"],
                national_risk_types=form.cleaned_data["national_risk_types"],
                note=form.cleaned_data["note"],
            ),
        )
        if case:
            messages.success(request, "已提议纳入监测并发起识别程序。")
            return redirect("workflow:case_detail", pk=case.pk)
    return render(
        request, "workflow/case_form.html", {"form": form, "household": household, "title": "提议纳入监测并发起识别"}
    )


@EDIT
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(actor=request.user, pk=pk)
    ensure_may_withdraw(request.user, case)  # 403 with the reason: only the opener (or the village) withdraws
    form = CaseWithdrawForm(request.POST or None, kind=case.kind)
    notice = withdraw_notice(case)  # the guarantees the opening switched off, given back (services.guarantee_restore)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if run_service(form, lambda: services.case_withdraw(actor=request.user, case=case, note=note)):
            messages.success(request, f"已撤回{case.get_kind_display()}案件。{restored_message(case)}")
            return redirect("workflow:case_detail", pk=case.pk)
    return render(
        request,
        "workflow/simple_form.html",
        {
            "form": form,
            "case": case,
            "title": f"撤回{case.get_kind_display()}案件",
            "confirm": f"撤回后本案终止，不能恢复。{f'{notice}。' if notice else ''}确定撤回？",
            "notice": notice,
            "submit_label": "撤回本案",  # the button says what it does: it ends the case
        },
    )
