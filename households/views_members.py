"""A member's moves on the phone: marked deceased or moved out (with the head's hand-over), moved into another
household, split off into a new one. Each view: validate the form, call one service, render."""

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from households import selectors
from households.choices import LivingStatus
from households.forms_head import HeadChangeForm
from households.forms_members import (
    MSG_STATUS_PREFILLED,
    MemberStatusForm,
    RestoreForm,
    SplitForm,
    TransferForm,
    status_prefill,
)
from households.member_reasons import LEAVE_CHOICES, LeaveReason
from households.models import Household, Member
from households.selectors_search import id_hint, id_part, id_query_problem
from households.services import moves
from households.services.confirm import CONFIRM_FIELD
from households.services.head_change import head_change
from households.services.member_left import member_change_refusal, member_restore_refusal
from households.services.member_reasons import leave_reason_prechecks
from households.services.member_restore import MSG_ALREADY_LIVING, member_restore
from households.services.member_status import MSG_SAFETY_NET_STOP, member_set_status, on_safety_net

EDIT = capability_required(Capability.REGISTRY_EDIT)
# The year's per-capita income is recomputed over the living members, but the figures entered for the one who left
# (a deceased earner's wage) stay until the cadre corrects them.
MSG_STATUS_DONE = "已将 {name} 标记为{status}。"
# Asked in the browser before the mark is sent ({status} is the option chosen, filled in there).
MSG_STATUS_CONFIRM = (
    "确认将 {name} 标记为“{{status}}”？标记后该成员不再计入家庭人口，本年度人均纯收入将按在册人口重算{relations}。"
    "{safety_net}误标时可在成员列表中“撤销标记”。"
)
MSG_STATUS_DONE_RECOMPUTED = "已将 {name} 标记为{status}，本年度人均纯收入已按在册人口重算。"
MSG_CHECK_INCOME = "请核对本年度家庭收支"
MSG_RESTORED = "已撤销标记，{name} 恢复为在世，本年度人均纯收入已重算。"
MSG_RESTORE_INTRO = (
    "仅用于更正误标：{name} 实际仍在世、仍在本户。撤销后该成员重新计入家庭人口，原标记和撤销都记入变更记录。"
)
MSG_RESTORE_CONFIRM = "确认撤销 {name} 的“{status}”标记、恢复为在世？本年度人均纯收入将重算。"
MSG_RESTORED_AS_HEAD = "已撤销标记，{name} 恢复为在世并重新担任户主，各成员与户主关系已按所选更新。"
MSG_RESTORE_HEAD_NOTICE = (
    "{name} 将重新担任户主。下面已按所填关系推算各成员与 {name} 的关系，无法推算的请选择，核对无误后确认。"
)
MSG_HEAD_CHANGE_INTRO = "户主登记有误或户主变更时使用：选择新户主后，须逐一确认其他在世成员与新户主的关系。"
MSG_HEAD_CHANGE_CONFIRM = "确认将户主更换为 {name}？各成员与户主关系一并保存，记入变更记录。"
MSG_HEAD_CHANGED = "户主已更换为 {name}，各成员与户主关系已更新。"
MSG_RELATIONS_NOTICE = (
    "已选择新户主 {name}。与户主关系须以新户主为准：下面已按原关系推算各成员与新户主的关系，无法推算的请选择，"
    "核对无误后确认。"
)

MSG_SPLIT_CARRIED = "新户沿用原户的监测对象类别和纳入监测日期，已记入新户变更记录。"
MSG_SPLIT_RELATIONS_NOTICE = (
    "分出后与户主关系以新户主 {name} 为准：下面已按各成员与原户主的关系推算，无法推算的请选择，核对无误后确认分户。"
)


@EDIT
def member_status(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(actor=request.user, pk=pk)
    if refusal := member_change_refusal(member):  # already 迁出 or 已故, or the household closed: no form
        messages.error(request, refusal)
        return redirect("households:detail", pk=member.household_id)
    prefill = status_prefill(request.GET) if request.method == "GET" else {}
    form = MemberStatusForm(request.POST or None, member=member, initial=prefill)
    if request.method == "POST" and form.is_valid():
        if form.relations_pending:
            form = form.with_relations()
        elif done := run_service(
            form, lambda: member_set_status(actor=request.user, member=member, **form.service_kwargs())
        ):
            status = LivingStatus(form.cleaned_data["status"]).label
            stop = f"{MSG_SAFETY_NET_STOP}。" if done.on_safety_net else ""
            if done.income_recomputed:
                income_url = reverse("households:income_add", args=[member.household_id])
                said = MSG_STATUS_DONE_RECOMPUTED.format(name=member.name, status=status) + stop
                messages.success(request, format_html('{} <a href="{}">{}</a>。', said, income_url, MSG_CHECK_INCOME))
            else:
                messages.success(request, MSG_STATUS_DONE.format(name=member.name, status=status) + stop)
            return redirect("households:detail", pk=member.household_id)
    chosen = form.chosen_head if form.relation_members else None
    return render(
        request,
        "households/member_action.html",
        {
            "form": form,
            "member": member,
            "household": member.household,
            "title": "标记已故或迁出",
            "intro": (
                MSG_STATUS_PREFILLED.format(status=LivingStatus(prefill["status"]).label, on=prefill["on"])
                if prefill
                else ""
            ),
            # The "cannot be undone" question only when the next tap saves: not when it only shows the relations,
            # nor while something the server would refuse is left out (the 迁出原因, the new head, a relation).
            "status_rules": (
                _status_rules(form, member) if not form.relations_pending and not _choosing_head(form) else ""
            ),
            # The 迁出原因 and its words for 其他 asked for at their fields before that question.
            "status_prechecks": json.dumps(leave_reason_prechecks(), ensure_ascii=False),
            "submit_label": "下一步：核对成员与新户主的关系" if _choosing_head(form) else "确认",
            "relations_notice": MSG_RELATIONS_NOTICE.format(name=chosen.name) if chosen else "",
            # 低保/特困 is not ended by the mark: 民政 is to be told (said on the page and in the confirmation).
            "safety_net_notice": f"{MSG_SAFETY_NET_STOP}。" if on_safety_net(member) else "",
        },
    )


@EDIT
def member_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    """撤销已故/迁出标记 (a wrong mark), with a reason; asked to confirm before it is saved."""
    member = selectors.member_get(actor=request.user, pk=pk)
    if member.living_status == LivingStatus.LIVING:
        messages.info(request, MSG_ALREADY_LIVING)
        return redirect("households:detail", pk=member.household_id)
    if refusal := member_restore_refusal(member):  # a closed household: its closing is undone first
        messages.error(request, refusal)
        return redirect("households:detail", pk=member.household_id)
    form = RestoreForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        if form.relations_pending:
            form = form.with_relations()
        elif run_service(form, lambda: member_restore(actor=request.user, member=member, **form.service_kwargs())):
            done = MSG_RESTORED_AS_HEAD if form.relation_members else MSG_RESTORED
            messages.success(request, done.format(name=member.name))
            return redirect("households:detail", pk=member.household_id)
    status = member.get_living_status_display()
    return render(
        request,
        "households/member_action.html",
        {
            "form": form,
            "member": member,
            "household": member.household,
            "title": f"撤销“{status}”标记",
            "intro": MSG_RESTORE_INTRO.format(name=member.name, status=status),
            "confirm": "" if form.relations_pending else MSG_RESTORE_CONFIRM.format(name=member.name, status=status),
            "submit_label": "确认恢复为在世",
            "relations_notice": MSG_RESTORE_HEAD_NOTICE.format(name=member.name) if form.relation_members else "",
        },
    )


@EDIT
def household_head_change(request: HttpRequest, pk: int) -> HttpResponse:
    """更换户主: the new head first, then every other member's relation to them, confirmed before it is saved."""
    household = selectors.household_get(actor=request.user, pk=pk)
    form = HeadChangeForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        if form.relations_pending:
            form = form.with_relations()
        elif run_service(
            form,
            lambda: head_change(
                actor=request.user,
                household=household,
                new_head=form.cleaned_data["new_head"],
                relations=form.relations(),
                confirm_unusual=form.cleaned_data[CONFIRM_FIELD],
            ),
        ):
            messages.success(request, MSG_HEAD_CHANGED.format(name=form.cleaned_data["new_head"].name))
            return redirect("households:detail", pk=household.pk)
    chosen = form.chosen_head if form.relation_members else None
    return render(
        request,
        "households/member_action.html",
        {
            "form": form,
            "household": household,
            "title": "更换户主",
            "intro": MSG_HEAD_CHANGE_INTRO,
            "confirm": MSG_HEAD_CHANGE_CONFIRM.format(name=chosen.name) if chosen else "",
            "submit_label": "确认更换户主" if chosen else "下一步：核对成员与新户主的关系",
            "relations_notice": MSG_RELATIONS_NOTICE.format(name=chosen.name) if chosen else "",
        },
    )


def _status_rules(form: MemberStatusForm, member: Member) -> str:
    """data-confirm-rules of 标记已故/迁出 (static/js/page_actions.js): asked only once all that is required is given,
    so a form the server would refuse is sent without a question and its errors are said at once."""
    ask = MSG_STATUS_CONFIRM.format(
        name=member.name,
        relations="，新户主和各成员与户主关系一并保存" if form.relation_members else "",
        safety_net=f"{MSG_SAFETY_NET_STOP}。" if on_safety_net(member) else "",
    )
    given: dict[str, bool] = {field.name: True for field in form.relation_fields()}
    if "new_head" in form.fields and form.fields["new_head"].required:
        given["new_head"] = True
    if form.confirm_asked:
        given[CONFIRM_FIELD] = True  # "仍要保存" asked: not ticked, the server asks again
    whens: list[dict[str, Any]] = [
        {"status": LivingStatus.DECEASED.value},
        {"status": LivingStatus.MOVED_OUT.value, "left_reason": LeaveReason.OTHER.value, "left_note": True},
        *[
            {"status": LivingStatus.MOVED_OUT.value, "left_reason": code}
            for code, _ in LEAVE_CHOICES
            if code != "other"
        ],
    ]
    return json.dumps([{"when": when | given, "ask": ask} for when in whens], ensure_ascii=False)


def _choosing_head(form: MemberStatusForm) -> bool:
    """The head's page before the relations are shown: the next tap chooses the head, it saves nothing yet."""
    return "new_head" in form.fields and not form.relation_members and form.fields["new_head"].queryset.count() > 1


@EDIT
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(actor=request.user, pk=pk)
    if refusal := member_change_refusal(member):  # already 迁出 or 已故, or the household closed: no search to run
        messages.error(request, refusal)
        return redirect("households:detail", pk=member.household_id)
    q = (request.POST.get("q") if request.method == "POST" else request.GET.get("q", "")) or ""
    q = q.strip()
    results = selectors.household_transfer_search(actor=request.user, exclude=member.household, q=q) if q else []
    targets = selectors.household_transfer_targets(actor=request.user, exclude=member.household)
    form = TransferForm(request.POST or None, targets=targets, results=results, initial={"q": q})
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        relation = form.cleaned_data["relation"]
        source = member.household
        if run_service(
            form,
            lambda: moves.member_transfer(actor=request.user, member=member, target=target, relation=relation),
        ):
            said = f"{member.name} 已迁入农户 {target.number}（户主{target.head_name}）。"
            if source.monitoring_category and not target.monitoring_category:
                said += moves.MSG_TRANSFER_UNMONITORED.format(number=target.number, name=member.name)
            messages.warning(request, _check_incomes(said, source, target, ("迁出户", "迁入户")))
            return redirect("households:detail", pk=target.pk)
    return render(
        request,
        "households/member_transfer.html",
        {
            "form": form,
            "member": member,
            "household": member.household,
            "q": q,
            "results": results,
            "more": len(results) >= selectors.TRANSFER_RESULTS,
            "id_hint": _transfer_hint(request.user, member, q) if q and not results else "",
            "notices": moves.transfer_notices(member),
        },
    )


def _transfer_hint(actor: object, member: Member, q: str) -> str:
    """Why the search found no household: the member's own household named, another village's number, an ID."""
    part = id_part(q)
    if part and (problem := id_query_problem(actor, part)):  # a role that may not search by ID is told so first
        return problem
    if own := moves.transfer_search_hint(member=member, q=q):  # the own household, another village's number
        return own
    # Any other query found nothing (a name, an ID): a user who sees only their village is told where else to go.
    hints = (id_hint(actor, q), moves.transfer_scope_hint(actor=actor, member=member))
    return "；".join(hint for hint in hints if hint)


def _check_incomes(said: str, first: Household, second: Household, names: tuple[str, str]) -> str:
    """A move's message, with the next step: both households' incomes of the year are to be checked (the whole
    income stays with the household it was recorded on; the numbers are the cadre's to correct, not ours)."""
    first_url, second_url = (reverse("households:income_add", args=[h.pk]) for h in (first, second))
    return format_html(
        '{} {}：<a href="{}">{} {}</a>、<a href="{}">{} {}</a>。',
        said,
        moves.MSG_CHECK_BOTH_INCOMES,
        first_url,
        names[0],
        first.number,
        second_url,
        names[1],
        second.number,
    )


@EDIT
def household_split(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    form = SplitForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["members"])
        if form.relations_pending:
            form = form.with_relations()
        elif new := run_service(
            form,
            lambda: moves.household_split(
                actor=request.user,
                household=household,
                members=chosen,
                new_head=form.cleaned_data["new_head"],
                relations=form.relations(),
                confirm_unusual=form.cleaned_data[CONFIRM_FIELD],
                phone=form.cleaned_data["phone"],
                labour_capacity=form.cleaned_data["labour_capacity"],
            ),
        ):
            said = f"分户完成，新农户 {new.number}（户主{new.head_name}）。"
            said += MSG_SPLIT_CARRIED if new.monitoring_category else ""
            messages.success(request, _check_incomes(said, household, new, ("原户", "新户")))
            return redirect("households:detail", pk=new.pk)
    head = form.chosen_head
    leaving = [*form.relation_members, head] if head is not None else []
    context = {
        "form": form,
        "household": household,
        "title": "分户",
        "confirm_split": head is not None,
        "submit_label": "确认分户" if head else "下一步：核对分出成员与新户主的关系",
        "relations_notice": MSG_SPLIT_RELATIONS_NOTICE.format(name=head.name) if form.relation_members else "",
        "notices": moves.split_notices(household) + moves.move_preview(source=household, members=leaving, split=True),
    }
    return render(request, "households/member_action.html", context)
