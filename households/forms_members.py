"""Forms of a member's moves: marked deceased or moved out (the head handing over, and every other member's relation
given anew, to the new head), moved into another household (迁入他户), split off (分户). They validate shape; the
rules live in households.services."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from config.forms import EMPTY_CHOICE, NamedFieldMessagesMixin
from config.stale import StaleFormMixin
from households.choices import LabourCapacity, LivingStatus, Relation
from households.forms import MemberForm, add_rule_errors
from households.forms_confirm import ConfirmUnusualMixin
from households.forms_head import RelationRoundMixin, add_relation_fields
from households.forms_member_reasons import add_leave_fields, ask_leave
from households.forms_newborn import newborn_input
from households.models import Household, Member
from households.services.confirm import CONFIRM_FIELD
from households.services.head_change import head_change_members, head_change_suggestions_for
from households.services.member_reasons import LEAVE_FIELDS
from households.services.member_restore import current_head, restore_relation_initial
from households.services.member_status import (
    MSG_HEAD_NEEDS_SUCCESSOR,
    hand_over_errors,
    head_change_suggestions,
    relation_field,
)
from households.services.members import MEMBER_INPUT_FIELDS
from households.services.moves import split_suggestions

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_HEAD = [("", EMPTY_CHOICE), *[c for c in Relation.choices if c[0] != Relation.HEAD]]
MSG_TARGET_NOT_FOUND = "未找到该户编号的农户，或不在您的管辖范围内。"
MSG_TARGET_REQUIRED = "请查找并选择迁入的农户，或直接填写户编号。"
MSG_TARGET_INVALID = "所选农户不存在或不在您的管辖范围内，请重新查找。"


HELP_ON = "去世或迁出的实际日期，不是录入日期。"
MSG_STATUS_PREFILLED = "已按来源页面预填“{status}”和日期 {on:%Y-%m-%d}（核实日期），实际去世或迁出日期不同的请更正。"


def status_prefill(query: Any) -> dict[str, Any]:
    """The status and date a link gives (?status=deceased&on=2026-03-01: an alert verified as 已故, say), for the
    form to start from; anything else in the link is ignored, and nothing is prefilled without both."""
    status, on = query.get("status", ""), query.get("on", "")
    if status not in (LivingStatus.DECEASED, LivingStatus.MOVED_OUT):
        return {}
    try:
        day = dt.date.fromisoformat(on)
    except ValueError:
        return {}
    if day > timezone.localdate():
        return {}
    return {"status": status, "on": day}


class MemberStatusForm(ConfirmUnusualMixin, NamedFieldMessagesMixin, forms.Form):
    """Deceased or moved out. For a head who leaves others behind, in two rounds: the new head is chosen first; the
    page then adds each remaining member's relation to that head, filled in where it can be worked out
    (head_change_suggestions), and the cadre confirms them with the status (member_set_status saves all at once)."""

    # No status is chosen for the cadre: a tap on 确认 must never mark someone deceased by default.
    status = forms.ChoiceField(
        label="变更为",
        choices=[("", EMPTY_CHOICE), (LivingStatus.DECEASED, "已故"), (LivingStatus.MOVED_OUT, "迁出")],
        error_messages={"required": "请选择“已故”或“迁出”。"},
    )
    # The day it happened, as 添加成员's 变动日期 is the day the member joined (households.forms_member_reasons).
    on = forms.DateField(label="变更日期", widget=DATE, initial=timezone.localdate, help_text=HELP_ON)
    reason = forms.CharField(label="说明", required=False, max_length=200)
    new_head = forms.ModelChoiceField(
        label="新户主（户主已故或迁出时必填）",
        required=False,
        queryset=None,  # type: ignore[arg-type]
        empty_label=EMPTY_CHOICE,
    )
    # The new head the relation fields below were given for: another head chosen since means new relations.
    relations_for = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, member: Member, new_head: Member | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        # The phone's date picker offers only dates the service accepts: from the birth date to today.
        bounds = {"max": f"{timezone.localdate():%Y-%m-%d}"}
        if member.birth_date:
            bounds["min"] = f"{member.birth_date:%Y-%m-%d}"
        self.fields["on"].widget.attrs.update(bounds)
        add_leave_fields(self)  # 迁出原因 (households.forms_member_reasons)
        self.order_fields(["status", "on", "left_reason", "left_note", "reason"])
        others = member.household.members.filter(living_status=LivingStatus.LIVING).exclude(pk=member.pk)
        self.fields["new_head"].queryset = others
        self.fields["new_head"].label_from_instance = lambda m: f"{m.name}（{m.get_relation_display()}）"
        self.relation_members: list[Member] = []
        self.chosen_head: Member | None = None
        self.relations_pending = False
        # Questions asked before the relations are confirmed (a new head under 18): shown with them, box and all.
        self.asked: list[str] = []
        if member.relation != Relation.HEAD:
            del self.fields["new_head"]
            return
        self.add_confirm_field()  # the hand-over's new head under 18 and the like (services.member_status)
        # Required with the other living members (said with a missing 迁出原因, not a round later).
        self.fields["new_head"].required = others.exists()
        self.fields["new_head"].error_messages["required"] = MSG_HEAD_NEEDS_SUCCESSOR
        chosen = new_head or self._chosen(others)
        if chosen is None:
            return
        remaining = list(others.exclude(pk=chosen.pk).order_by("pk"))
        if new_head is None and self.data.get("relations_for") != str(chosen.pk):
            # A head chosen (or changed) in this round: the relations are shown for it before anything is saved.
            self.relations_pending = bool(remaining)
            return
        suggested = head_change_suggestions(member=member, new_head=chosen) if new_head is not None else {}
        if new_head is not None:
            questions = hand_over_errors(member=member, new_head=new_head, relations=None, confirm_unusual=False)
            self.asked = [m for name, ms in questions.items() if name != CONFIRM_FIELD for m in ms]
        for other in remaining:
            name = relation_field(other.pk)
            self.fields[name] = forms.ChoiceField(
                label=f"{other.name}（原为户主的“{other.get_relation_display()}”）",
                choices=NOT_HEAD,
                initial=suggested.get(other.pk, ""),
                error_messages={"required": f"请选择{other.name}与新户主的关系。"},
            )
        self.relation_members, self.chosen_head = remaining, chosen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        ask_leave(self, cleaned)
        head = cleaned.get("new_head")
        # The hand-over's refusals and questions, said with the fields' own errors. A head chosen in this round is
        # asked about with the suggested relations when the form goes back anyway; otherwise the next page shows
        # the relations with the questions (self.asked).
        if head is not None and (not self.relations_pending or self.errors):
            relations = None if self.relations_pending else self.relations_given()
            confirm = bool(cleaned.get(CONFIRM_FIELD))
            add_rule_errors(
                self, hand_over_errors(member=self.member, new_head=head, relations=relations, confirm_unusual=confirm)
            )
        return cleaned

    @property
    def confirm_asked(self) -> bool:
        return bool(self.asked) or super().confirm_asked

    def relations_given(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(relation_field(m.pk), "") for m in self.relation_members}

    def _chosen(self, others: QuerySet[Member]) -> Member | None:
        value = str(self.data.get("new_head") or "")
        return others.filter(pk=int(value)).first() if value.isascii() and value.isdigit() else None

    def with_relations(self) -> "MemberStatusForm":
        """The next round: what was entered, and the relations to the chosen head filled in as suggested."""
        data = self.cleaned_data
        initial = {
            name: data.get(name) for name in ("status", "on", *LEAVE_FIELDS, "reason", "new_head", CONFIRM_FIELD)
        }
        initial["relations_for"] = data["new_head"].pk
        return MemberStatusForm(initial=initial, member=self.member, new_head=data["new_head"])

    def relation_fields(self) -> list[forms.BoundField]:
        return [self[relation_field(m.pk)] for m in self.relation_members]

    def main_fields(self) -> list[forms.BoundField]:
        # The "仍要保存" box last, after the relations it may be about (templates/households/member_action.html).
        names = {relation_field(m.pk) for m in self.relation_members} | {CONFIRM_FIELD}
        return [field for field in self if field.name not in names]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {name: data[name] for name in ("status", "on", "reason", *LEAVE_FIELDS) if name in data}
        if data.get("new_head") is not None:
            kwargs["new_head"] = data["new_head"]
            kwargs["relations"] = self.relations_given()
            kwargs["confirm_unusual"] = bool(data.get(CONFIRM_FIELD))
        return kwargs


class RestoreForm(ConfirmUnusualMixin, NamedFieldMessagesMixin, forms.Form):
    """撤销已故/迁出标记: why, and the member's relation to the current head (households.services.member_restore).
    A former head may be restored as head again ("恢复为户主"): then, in a second round as 更换户主's, every living
    member's relation to them, filled in from the relation given to the current head (head_change_suggestions_for).
    Restored as head, a minor or ages unfit for the relations ask "仍要保存", as 更换户主 does."""

    reason = forms.CharField(
        label="撤销原因",
        max_length=200,
        error_messages={"required": "请说明撤销的原因（例如：误标了同名成员）。"},
    )
    relation = forms.ChoiceField(label="与户主关系", choices=Relation.choices)
    as_head = forms.BooleanField(label="恢复为户主", required=False)
    relations_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, member: Member, suggest: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        head = current_head(member)
        self.fields["relation"].initial = restore_relation_initial(member)
        self.add_confirm_field()  # a head under 18, a 之子 older than them (services.member_restore)
        self.relation_members: list[Member] = []
        self.relations_pending = False
        if head is not None:
            self.fields["relation"].label = f"与现户主 {head.name} 的关系"
            self.fields["relation"].choices = NOT_HEAD
            self.fields["relation"].error_messages["required"] = f"请选择该成员与现户主 {head.name} 的关系。"
        if head is None or member.relation != Relation.HEAD:
            del self.fields["as_head"]
            return
        self.fields["as_head"].label = f"恢复为户主（{head.name}等成员改为与 {member.name} 的关系）"
        if not self._wants_head():
            return
        if not suggest and not self.data.get("relations_shown"):
            self.relations_pending = True
            return
        members = head_change_members(member.household, member)
        relation = str(self.initial.get("relation") or "")
        suggested = (
            head_change_suggestions_for(household=member.household, new_head=member, as_relation=relation)
            if suggest and relation
            else {}
        )
        add_relation_fields(self, members, suggested)
        self.relation_members, self.chosen_head = members, member

    def _wants_head(self) -> bool:
        return bool(self.initial.get("as_head")) if not self.is_bound else self.data.get("as_head") in ("on", "true")

    def with_relations(self) -> "RestoreForm":
        """The next round: what was entered, and the relations to the restored head filled in as suggested."""
        data = self.cleaned_data
        initial = {"reason": data["reason"], "relation": data["relation"], "as_head": True, "relations_shown": True}
        return RestoreForm(initial=initial, member=self.member, suggest=True)

    def relation_fields(self) -> list[forms.BoundField]:
        return [self[relation_field(m.pk)] for m in self.relation_members]

    def main_fields(self) -> list[forms.BoundField]:
        # The "仍要保存" box last, after the relations it may be about (templates/households/member_action.html).
        names = {relation_field(m.pk) for m in self.relation_members} | {CONFIRM_FIELD}
        return [field for field in self if field.name not in names]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {
            "reason": data["reason"],
            "relation": data["relation"],
            "confirm_unusual": bool(data.get(CONFIRM_FIELD)),
        }
        if self.relation_members:
            kwargs["as_head"] = True
            kwargs["relations"] = {m.pk: data.get(relation_field(m.pk), "") for m in self.relation_members}
        return kwargs


class TransferForm(NamedFieldMessagesMixin, forms.Form):
    """迁入他户: the household is picked from a search's results (a radio list the server renders, so a phone
    without JavaScript works), or its 户编号 typed; either must be in the actor's scope (`targets`)."""

    target = forms.ModelChoiceField(
        label="迁入的农户",
        required=False,
        queryset=None,  # type: ignore[arg-type]
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": MSG_TARGET_INVALID},
    )
    target_number = forms.CharField(label="或直接填写户编号", max_length=32, required=False)
    relation = forms.ChoiceField(label="与新户主的关系", choices=NOT_HEAD)
    # The search the results came from, kept so that a page sent back for an error still lists them.
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: QuerySet[Household], results: list[Household], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        self.fields["target"].queryset = targets
        self.fields["target"].choices = [(h.pk, target_label(h)) for h in results]
        self.fields["target_number"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        if not results:
            self.fields["target"].widget = forms.HiddenInput()
            self.fields["target_number"].label = "迁入农户的户编号"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        number = (cleaned.get("target_number") or "").strip()
        if self.fields["target"].widget.is_hidden and "target" in self.errors:
            # A pick from a list no longer shown (another search since): said at the field that is shown.
            for message in self.errors.pop("target"):
                self.add_error("target_number", message)
            return cleaned
        if cleaned.get("target") is None and "target" not in self.errors:
            if number:
                cleaned["target"] = self.targets.filter(number=number).first()
                if cleaned["target"] is None:
                    self.add_error("target_number", MSG_TARGET_NOT_FOUND)
            else:
                shown = not self.fields["target"].widget.is_hidden
                self.add_error("target" if shown else "target_number", MSG_TARGET_REQUIRED)
        return cleaned


def target_label(household: Household) -> str:
    place = household.group.name if household.group else household.village.name
    living = getattr(household, "living_members", None)
    size = f" · {living}人" if living is not None else ""
    return f"{household.head_name or '（无户主）'}户 · {household.number} · {place}{size}"


class SplitForm(RelationRoundMixin, ConfirmUnusualMixin, NamedFieldMessagesMixin, forms.Form):
    """分户 in two rounds, as 更换户主: the members leaving and their new head first; the page then asks each other
    leaving member's relation to that head, filled in where it can be worked out (services.moves.split_suggestions),
    before anything is saved. Another choice of members or head since means the relations are asked anew."""

    members = forms.ModelMultipleChoiceField(
        label="分出的成员",
        queryset=None,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple,
    )
    new_head = forms.ModelChoiceField(label="新户的户主", queryset=None)  # type: ignore[arg-type]
    # The new household's own: its phone defaults to the old one's, its 劳动能力 is of the people who leave, so asked.
    phone = forms.CharField(
        label="新户联系电话", max_length=20, required=False, help_text="默认沿用原户的联系电话，新户电话不同的请修改。"
    )
    labour_capacity = forms.ChoiceField(
        label="新户劳动能力",
        required=False,
        choices=[("", EMPTY_CHOICE), *LabourCapacity.choices],
        help_text="按分出成员的情况选择，不沿用原户的劳动能力。",
    )
    # The choice (head and members) the relation fields below were given for.
    relations_for = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, household: Household, chosen: tuple[list[Member], Member] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        self.fields["phone"].initial = household.phone
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        others = household.members.filter(living_status=LivingStatus.LIVING).exclude(relation=Relation.HEAD)
        self.fields["members"].queryset = others
        self.fields["new_head"].queryset = others
        for name in ("members", "new_head"):
            self.fields[name].label_from_instance = lambda m: f"{m.name}（{m.get_relation_display()}）"
        self.add_confirm_field()  # a new head under 18 asked about (households.services.relation_ages)
        self.relation_members: list[Member] = []
        self.chosen_head: Member | None = None
        self.relations_pending = False
        members, head = chosen or self._chosen(others)
        if head is None or head not in members:
            return
        if chosen is None and self.data.get("relations_for") != split_key(members, head):
            self.relations_pending = True  # a choice made (or changed) in this round: its relations shown first
            return
        leaving = [m for m in members if m.pk != head.pk]
        suggested = split_suggestions(household=household, members=members, new_head=head) if chosen else {}
        add_relation_fields(self, leaving, suggested)
        self.relation_members, self.chosen_head = leaving, head

    def _chosen(self, others: QuerySet[Member]) -> tuple[list[Member], Member | None]:
        picked = [str(v) for v in self.data.getlist("members")] if hasattr(self.data, "getlist") else []
        pks = [int(v) for v in picked if v.isascii() and v.isdigit()]
        head = str(self.data.get("new_head") or "")
        members = list(others.filter(pk__in=pks).order_by("pk"))
        return members, next((m for m in members if head.isascii() and head.isdigit() and m.pk == int(head)), None)

    def with_relations(self) -> "SplitForm":
        """The next round: the choice made, and the relations to the new head filled in as suggested."""
        members, head = list(self.cleaned_data["members"].order_by("pk")), self.cleaned_data["new_head"]
        initial = {"members": [m.pk for m in members], "new_head": head.pk, "relations_for": split_key(members, head)}
        initial |= {name: self.cleaned_data[name] for name in ("phone", "labour_capacity")}
        return SplitForm(initial=initial, household=self.household, chosen=(members, head))


def split_key(members: list[Member], head: Member) -> str:
    return f"{head.pk}:" + ",".join(str(pk) for pk in sorted(m.pk for m in members))


class MemberEditForm(StaleFormMixin, MemberForm):
    """One member's edit page: only what the user changed on the page they saw is written, and a field someone else
    changed since (that the user changed too) is refused (config.stale)."""

    stale_fields = MEMBER_INPUT_FIELDS

    def rule_input(self) -> dict[str, Any]:
        """What member_update would be given: the valid fields the user changed, and the 暂无身份证号 box with the
        sex and birth date typed under it (households.forms_newborn)."""
        values = {k: v for k, v in self.edited().items() if k in MEMBER_INPUT_FIELDS}
        return newborn_input(self, values, MEMBER_INPUT_FIELDS)
