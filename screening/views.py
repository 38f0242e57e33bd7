"""Screening pages: the worklist, acting on results, exclusions, and the county's lines, rules and runs."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from config.forms import run_service
from config.once import MSG_REPEATED
from config.paging import page_query
from households import selectors as household_selectors
from households.models import Member
from households.place_filter import place_named, place_narrow
from screening import result_links, selectors
from screening.choices import ChangeKind, ExclusionKind, ResultStatus
from screening.forms import (
    DismissForm,
    ExclusionForm,
    ExclusionWithdrawForm,
    LineForm,
    OverrideForm,
    ProposeForm,
    RiskFlagForm,
    RuleForm,
    UndismissForm,
    WarningForm,
    WorklistFilterForm,
)
from screening.models import ExclusionFact, MonitoringLine, ScreeningRule
from screening.run_health import county_run_health
from screening.selectors_backlog import backlog_by_place
from screening.services import config, dismissal, results
from screening.services.exclusion_sources import exclusion_refusal

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)
MSG_CONFIG_ONLY = "只有县乡村振兴局可以维护监测标准和筛查规则。"


def _line_notice(request: HttpRequest) -> str:
    """The missing line as its reader is told it: who enters lines is asked to, the others told what it means."""
    return selectors.line_notice(on_date=timezone.localdate(), enters_lines=config.enters_lines(request.user))


def _county_config(request: HttpRequest) -> None:
    if request.user.role not in config.CONFIG_ROLES and not request.user.is_superuser:
        raise PermissionDenied(MSG_CONFIG_ONLY)


@VIEW
def worklist(request: HttpRequest) -> HttpResponse:
    form = WorklistFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    place = place_named(actor=request.user, query=request.GET)
    place_narrow(filters, place)
    status = filters.get("status") or ResultStatus.HIT
    page = Paginator(selectors.result_list(actor=request.user, filters=filters), 20).get_page(request.GET.get("page"))
    page.object_list = selectors.with_line_notes(page.object_list, on_date=timezone.localdate())
    links = result_links.links_for(actor=request.user, results=list(page.object_list))
    for result in page.object_list:
        result.next_links = links.get(result.pk, [])  # a later app's way on (workflow: "发起识别", a case open)
        result.busy = result_links.busy_link(result.next_links) is not None
    counts = selectors.result_counts(actor=request.user, filters=filters)
    # The 待处理 per township or village, under the place shown (none for a place refused).
    backlog = (
        None if place is False else backlog_by_place(actor=request.user, place=place, on_date=timezone.localdate())
    )
    exported = {**_page_filters(filters), "status": status}
    return render(
        request,
        "screening/worklist.html",
        {
            "form": form,
            "page": page,
            "query": page_query(request),
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in ResultStatus.choices],
            "is_county_officer": request.user.role == Role.COUNTY_OFFICER,
            "can_undismiss": dismissal.can_undismiss(request.user),
            # Not for a place refused: the ledger would hold the whole scope the page does not list.
            "can_export": place is not False and user_can(request.user, Capability.REPORTS_VIEW),
            # The ledger holds what this page lists: the place named (the township or village) and the page's
            # status, risk type and name, posted with the button (reports.filters.WORKLIST_FIELDS), which says so.
            "export_region": (place.code, place.name) if place else None,
            "refused": place is False,
            "export_filters": exported,
            "export_words": selectors.result_filter_words(exported),
            "line_notice": _line_notice(request),
            "enters_lines": config.enters_lines(request.user),
            "run_health": county_run_health(),
            "backlog": backlog,
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return redirect(target if target.startswith("/") and not target.startswith("//") else "screening:worklist")


@EDIT
def result_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    result = selectors.result_get(actor=request.user, pk=pk)
    if action == "undismiss" and not dismissal.can_undismiss(request.user):
        raise PermissionDenied(dismissal.MSG_UNDISMISS_ROLE)
    forms_of: Any = {"propose": ProposeForm, "dismiss": DismissForm, "override": OverrideForm}
    forms_of["undismiss"] = UndismissForm
    form = forms_of[action](request.POST or None, **({"result": result} if action == "dismiss" else {}))
    if request.method == "POST" and form.is_valid():
        call = {
            "propose": lambda: results.result_propose(
                actor=request.user, result=result, note=form.cleaned_data["note"]
            ),
            "dismiss": lambda: dismissal.result_dismiss(actor=request.user, result=result, **form.cleaned_data),
            "undismiss": lambda: dismissal.result_undismiss(
                actor=request.user, result=result, reason=form.cleaned_data["reason"]
            ),
            "override": lambda: results.result_override_exclusion(
                actor=request.user, result=result, justification=form.cleaned_data["justification"]
            ),
        }[action]
        if run_service(form, call):
            done = f"{result.household.head_name}户：{results.ACTION_LABELS[action]}。"
            if action == "propose":
                messages.success(request, result_links.proposed_message(request.user, result, done))
            else:
                messages.success(request, done)
            return _back(request)
    return render(
        request,
        "screening/result_action.html",
        {
            "form": form,
            "result": selectors.with_line_notes([result], on_date=timezone.localdate())[0],
            "title": results.ACTION_LABELS[action],
            "next": request.GET.get("next", ""),
        },
    )


def _page_filters(filters: dict[str, Any]) -> dict[str, str]:
    """The worklist's risk type, name and waiting time as its export posts them (the place goes as `region`)."""
    return {name: (filters.get(name) or "").strip() for name in ("risk_type", "q", "waiting")}


@EDIT
def exclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_selectors.household_get(actor=request.user, pk=pk)
    form = ExclusionForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = data["target"]
        numeric = target.isascii() and target.isdigit()
        member = get_object_or_404(Member, pk=int(target), household=household) if numeric else None
        done = run_service(
            form,
            lambda: results.exclusion_record(
                actor=request.user,
                household=household,
                kind=data["kind"],
                member=member,
                child_name=data["child_name"] if target == "child" else "",
                child_id_number=data["child_id_number"] if target == "child" else "",
                note=data["note"],
                once=form.once_token,
            ),
        )
        if done and done.repeated:
            messages.info(request, MSG_REPEATED.format(noun="排除情形"))
        elif done:
            messages.success(request, f"已登记排除情形：{ExclusionKind(done.record.kind).label}。该户将重新筛查。")
        if done:
            return redirect(f"{household.get_absolute_url()}?tab=screening")
    return render(
        request, "screening/household_form.html", {"form": form, "household": household, "title": "登记排除情形"}
    )


@EDIT
def exclusion_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    fact = get_object_or_404(
        ExclusionFact.objects.visible_to(request.user).select_related("household", "member"), pk=pk
    )
    household = fact.household
    form = ExclusionWithdrawForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, lambda: results.exclusion_retract(actor=request.user, fact=fact, reason=form.cleaned_data["reason"])
        )
    ):
        messages.success(request, f"已撤销排除情形：{fact.get_kind_display()}。该户将重新筛查。")
        return redirect(f"{household.get_absolute_url()}?tab=screening")
    return render(
        request,
        "screening/exclusion_withdraw.html",
        {"form": form, "fact": fact, "household": household, "refusal": exclusion_refusal(request.user, fact)},
    )


@EDIT
def flag_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_selectors.household_get(actor=request.user, pk=pk)
    form = RiskFlagForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, lambda: results.risk_flag_add(actor=request.user, household=household, **form.cleaned_data)
        )
    ):
        messages.success(request, "已标记风险。")
        return redirect(f"{household.get_absolute_url()}?tab=screening")
    return render(
        request, "screening/household_form.html", {"form": form, "household": household, "title": "标记返贫致贫风险"}
    )


@VIEW
def line_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "screening/lines.html",
        {
            "lines": selectors.line_list(),
            "can_configure": request.user.role in config.CONFIG_ROLES,
            "line_notice": _line_notice(request),
        },
    )


def _rescreen_note(saved: Any) -> str:
    """Whether the save started a county re-screen (screening.services.config: only what the screening reads)."""
    return "全县将重新筛查。" if getattr(saved, "rescreened", True) else "未改变筛查口径，不重新筛查。"


@VIEW
def line_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _county_config(request)
    line = get_object_or_404(MonitoringLine, pk=pk) if pk else None
    form = LineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: config.monitoring_line_save(
                actor=request.user, line=line, **{name: form.cleaned_data[name] for name in LineForm.Meta.fields}
            ),
        )
        if saved:
            messages.success(request, f"监测标准已保存：{saved}。{_rescreen_note(saved)}")
            return redirect("screening:lines")
    return render(request, "screening/config_form.html", {"form": form, "title": "监测标准"})


@VIEW
def warning_add(request: HttpRequest, pk: int) -> HttpResponse:
    _county_config(request)
    line = get_object_or_404(MonitoringLine, pk=pk)
    form = WarningForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            saved := run_service(
                form, lambda: config.warning_line_save(actor=request.user, line=line, **form.cleaned_data)
            )
        )
    ):
        messages.success(request, f"预警线已保存。{_rescreen_note(saved)}")
        return redirect("screening:lines")
    return render(request, "screening/config_form.html", {"form": form, "title": f"为 {line} 设置预警线"})


@VIEW
def rule_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "screening/rules.html",
        {
            "rules": selectors.rule_list(),
            "can_configure": request.user.role in config.CONFIG_ROLES,
        },
    )


@VIEW
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _county_config(request)
    rule = get_object_or_404(ScreeningRule, pk=pk)
    title = f"修改筛查规则：{rule.name}"  # as stored: the form copies what was typed onto the rule
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if saved := run_service(
            form,
            lambda: config.screening_rule_save(
                actor=request.user,
                rule=rule,
                code=rule.code,
                kind=rule.kind,
                name=data["name"],
                risk_type=data["risk_type"],
                params=form.params(),
                is_active=data["is_active"],
            ),
        ):
            messages.success(request, f"规则“{saved.name}”已保存。{_rescreen_note(saved)}")
            return redirect("screening:rules")
    return render(request, "screening/config_form.html", {"form": form, "title": title, "rule": rule})


@VIEW
def run_index(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group") if request.GET.get("group") in selectors.RUN_GROUPS else "county"
    page = Paginator(selectors.run_list(actor=request.user, group=group), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/runs.html",
        {
            "page": page,
            "group": group,
            "groups": selectors.RUN_GROUPS.items(),
            "query": f"group={group}",
            "can_configure": request.user.role in config.CONFIG_ROLES,
        },
    )


@VIEW
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(actor=request.user, pk=pk)
    change = request.GET.get("change") or ""
    changes = selectors.run_changes(actor=request.user, run=run, change=change)
    page = Paginator(changes, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/run_detail.html",
        {"run": run, "page": page, "change": change, "changes": ChangeKind.choices, "query": f"change={change}"},
    )


@require_POST
@VIEW
def run_start(request: HttpRequest) -> HttpResponse:
    config.county_rescreen_request(actor=request.user)
    messages.success(request, "已开始全县筛查，完成后刷新本页查看结果。")
    return redirect("screening:runs")
