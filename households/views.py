"""Registry pages for cadres (phone first). Each view: validate the form, call one service, render."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from config.forms import apply_errors, run_service
from config.next_url import safe_next
from config.paging import page_query
from households import panels, prefill, selectors
from households.choices import RegionLevel, Relation
from households.forms import (
    HouseholdFilterForm,
    HouseholdForm,
    IncomeForm,
    MemberFormSet,
)
from households.forms_member_reasons import MemberAddForm
from households.forms_members import MemberEditForm
from households.ordering import sort_links
from households.selectors_grids import grid_assign_prompt
from households.services import income, registry, visit_changes
from households.services.confirm import CONFIRM_FIELD
from households.services.member_left import member_change_refusal
from households.services.reveal import id_number_reveal
from households.visit_tab import visit_tab_context

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)
TABS = [
    ("members", "家庭成员"),
    ("income", "收支"),
    ("visits", "走访"),
    ("consent", "授权书"),
    ("history", "变更记录"),
]
MSG_INCOME_OPENED = "{year}年度收支已录入，下面是该年度的数据，可直接修改。"


@VIEW
def region_index(request: HttpRequest) -> HttpResponse:
    filters = {"level": request.GET.get("level", ""), "q": request.GET.get("q", "").strip()}
    page = Paginator(selectors.region_list(actor=request.user, filters=filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "households/region_list.html",
        {
            "page": page,
            "filters": filters,
            "levels": RegionLevel.choices,
            "query": page_query(request),
        },
    )


@VIEW
def household_index(request: HttpRequest) -> HttpResponse:
    form = HouseholdFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    page = Paginator(selectors.household_list(actor=request.user, filters=filters), 20).get_page(
        request.GET.get("page")
    )
    template = (
        "households/_household_rows.html" if request.headers.get("HX-Request") else "households/household_list.html"
    )
    sorting = {"sorts": sort_links(filters.get("ordering")), "sort_query": page_query(request, drop=("ordering",))}
    export = user_can(request.user, Capability.LEDGERS_DOWNLOAD)  # the filtered list as XLSX (reports.views.registry)
    context = {"form": form, "page": page, "query": page_query(request), "can_export": export, **sorting}
    # 本村有 N 户未分配网格, linked to 分配网格 (households.selectors_grids).
    context["grid_prompt"] = grid_assign_prompt(actor=request.user, village_code=filters.get("village", ""))
    return render(request, template, context)


@EDIT
def household_create(request: HttpRequest) -> HttpResponse:
    # Started from another app's record (/households/new/?application=3): its person and what it reports filled in,
    # and back there after saving.
    source = prefill.prefill_for(request.user, request.GET)
    initial: dict[str, Any] = {}
    first_member: list[dict[str, Any]] = []
    if source is not None and request.method == "GET":
        initial = prefill.household_initial(source)
        first_member = [{"name": source.name, "id_number": source.id_number, "relation": Relation.HEAD}]
    members = MemberFormSet(request.POST or None, prefix="members", initial=first_member or None)
    form = HouseholdForm(request.POST or None, actor=request.user, initial=initial, members=members)
    if request.method == "POST" and form.is_valid() and members.is_valid():
        data = dict(form.cleaned_data)
        rows = [m.rule_input() for m in members.filled_forms]
        try:
            household = registry.household_create(actor=request.user, members=rows, **data)
        except ValidationError as error:
            _apply_member_errors(form, members, error)
        else:
            messages.success(request, f"已建立农户档案 {household.number}（户主{household.head_name}）。")
            if source is not None and url_has_allowed_host_and_scheme(source.back_url, allowed_hosts=None):
                return redirect(source.back_url)
            return redirect("households:detail", pk=household.pk)
    return render(
        request,
        "households/household_form.html",
        {"form": form, "members": members, "creating": True, "source": source},
    )


def _apply_member_errors(form: HouseholdForm, members: Any, error: ValidationError) -> None:
    household_errors: dict[str, list[Any]] = {}
    for key, errors in error.error_dict.items():
        if key.startswith("members-"):
            _, index, field = key.split("-", 2)
            target = members.filled_forms[int(index)]
            for item in errors:
                target.add_error(field if field in target.fields else None, item)
        else:
            household_errors[key] = errors
    if household_errors:
        apply_errors(form, ValidationError(household_errors))


@VIEW
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    # Tabs later apps add (households.panels) are shown once registered; an unknown tab (an old link) opens the
    # first one rather than an empty page.
    tabs = [*TABS, *((p.key, p.label) for p in panels.panels())]
    tab = request.GET.get("tab", "members")
    if tab not in dict(tabs):
        tab = TABS[0][0]
    context = {
        "household": household,
        "tab": tab,
        "tabs": tabs,
        "members": selectors.household_members(household),
        "visit_this_month": selectors.household_visited_this_month(household),
        "panel_badges": panels.panel_badges(request, household),
    }
    if tab == "income":
        context["income_years"] = visit_changes.income_years(household)
    elif tab == "visits":
        context |= visit_tab_context(request, household)
    elif tab == "consent":
        context["consents"] = household.consents.select_related("recorded_by")
    elif tab == "history":
        context["events"] = Paginator(selectors.household_events(household), 30).get_page(request.GET.get("page"))
    elif (registered := panels.panel(tab)) is not None:
        context["panel_template"] = registered.template
        context.update(registered.context(request, household))
    return render(request, "households/household_detail.html", context)


@EDIT
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    # The heading names the number on record: a refused form has already written the typed one onto the instance.
    number = household.number
    form = HouseholdForm(request.POST or None, instance=household, actor=request.user)
    if request.method == "POST" and form.is_valid():
        # What this user changed on the page they saw (config.stale), not against the record as it is now.
        changes, expected = form.edited(), form.expected()
        confirm = form.cleaned_data[CONFIRM_FIELD]
        if run_service(
            form,
            lambda: registry.household_update(
                actor=request.user, household=household, expected=expected, confirm_unusual=confirm, **changes
            ),
        ):
            messages.success(request, "农户信息已保存。")
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/household_form.html", {"form": form, "household": household, "number": number})


@EDIT
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    # Started from another app's record (/members/new/?from_unregistered=3): its person's name and ID number.
    source = prefill.prefill_for(request.user, request.GET)
    initial = {"relation": ""} | ({"name": source.name, "id_number": source.id_number} if source else {})
    form = MemberAddForm(request.POST or None, initial=initial, actor=request.user, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.rule_input()  # the input fields, and the 暂无身份证号 box's (households.forms_newborn)
        confirm, reason = form.cleaned_data[CONFIRM_FIELD], form.reason_kwargs()  # 新增原因, 变动日期
        member = run_service(
            form,
            lambda: registry.member_add(
                actor=request.user, household=household, data=data, confirm_unusual=confirm, **reason
            ),
        )
        if member:
            messages.success(request, f"已添加家庭成员 {member.name}。")
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/member_form.html", {"form": form, "household": household})


@EDIT
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(actor=request.user, pk=pk)
    if refusal := member_change_refusal(member):  # 迁出 or 已故, or the household closed: no form to fill in
        messages.error(request, refusal)
        return redirect("households:detail", pk=member.household_id)
    # The heading names the member as saved: a refused form has already written the typed name onto the instance.
    name = member.name
    form = MemberEditForm(request.POST or None, instance=member, actor=request.user)
    form.point_to(request.GET.get("field", ""))  # from a data check's finding: the field to correct
    if request.method == "POST" and form.is_valid():
        # What this user changed on the page they saw (config.stale), not against the record as it is now.
        data, expected = form.rule_input(), form.expected()
        confirm = form.cleaned_data[CONFIRM_FIELD]
        if run_service(
            form,
            lambda: registry.member_update(
                actor=request.user, member=member, data=data, expected=expected, confirm_unusual=confirm
            ),
        ):
            messages.success(request, f"已保存 {member.name} 的信息。")
            return redirect(safe_next(request) or reverse("households:detail", args=[member.household_id]))
    return render(
        request,
        "households/member_form.html",
        {"form": form, "household": member.household, "member": member, "name": name},
    )


@require_POST
@VIEW
def member_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """A read-only role asks for a member's full ID number, saying why: recorded in the audit log, then shown in
    place; a missing reason or today's cap reached answers the form again with the message."""
    member = selectors.member_get(actor=request.user, pk=pk)
    reason = request.POST.get("reason", "")
    try:
        number = id_number_reveal(actor=request.user, member=member, reason=reason)
    except ValidationError as error:
        context = {"m": member, "error": "；".join(error.messages), "reason": reason[:100]}
        return render(request, "households/_id_reveal.html", context)
    return HttpResponse(format_html('<span class="revealed" data-revealed>{}</span>', number))


@EDIT
def income_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    year = request.GET.get("year", "")
    existing = household.incomes.filter(year=year).first() if year.isascii() and year.isdigit() else None
    open_years = selectors.income_years_not_entered(household)
    if request.method == "GET" and existing is None and (not open_years or "new" not in request.GET):
        # 录入年度收支 when this year is entered already: its figures, to correct, rather than an empty form that
        # would refuse them. ?new=1 (the correction page's "录入其他年度") enters an earlier year.
        entered = household.incomes.filter(year=timezone.localdate().year).first()
        if entered is not None:
            messages.info(request, MSG_INCOME_OPENED.format(year=entered.year))
            return redirect(f"{request.path}?year={entered.year}")
    form = IncomeForm(request.POST or None, instance=existing, household=household)
    if request.method == "POST" and form.is_valid():
        # The amounts this user changed on the page they saw (config.stale): another's correction since stays.
        amounts, expected = form.edited(), form.expected()
        row = run_service(
            form,
            lambda: income.income_save(
                actor=request.user,
                household=household,
                year=form.cleaned_data["year"],
                amounts=amounts,
                expected=expected,
                confirm_unusual=form.cleaned_data[CONFIRM_FIELD],
            ),
        )
        if row:
            messages.success(request, income.income_saved_message(row))
            return redirect(safe_next(request) or f"{household.get_absolute_url()}?tab=income")
    return render(
        request,
        "households/income_form.html",
        {
            "form": form,
            "household": household,
            "title": f"修改{existing.year}年度收支" if existing else "录入年度收支",
            "other_years": bool(existing and open_years),
        },
    )
