"""更换户主 (households.services.head_change), in two rounds as the death mark's hand-over: the new head is chosen
first; the page then adds every other living member's relation to that head, filled in where it can be worked out
(head_change_suggestions_for), and the cadre confirms them. The relation fields are shared with the restore form's
"恢复为户主" (households.forms_members.RestoreForm)."""

from typing import Any

from django import forms

from config.forms import EMPTY_CHOICE, NamedFieldMessagesMixin
from households.choices import LivingStatus, Relation
from households.forms_confirm import ConfirmUnusualMixin
from households.models import Household, Member
from households.services.confirm import CONFIRM_FIELD
from households.services.head_change import head_change_members, head_change_suggestions_for
from households.services.member_status import relation_field

NOT_HEAD = [("", EMPTY_CHOICE), *[c for c in Relation.choices if c[0] != Relation.HEAD]]


def add_relation_fields(form: forms.Form, members: list[Member], suggested: dict[int, str]) -> None:
    """One relation-to-the-new-head field per member, labelled with what they are to the current head."""
    for other in members:
        now = "现户主" if other.relation == Relation.HEAD else f"现为户主的“{other.get_relation_display()}”"
        form.fields[relation_field(other.pk)] = forms.ChoiceField(
            label=f"{other.name}（{now}）",
            choices=NOT_HEAD,
            initial=suggested.get(other.pk, ""),
            error_messages={"required": f"请选择{other.name}与新户主的关系。"},
        )


class RelationRoundMixin:
    """A form whose second round asks each member in `relation_members` their relation to a new head (更换户主,
    分户): the relation fields apart from the rest, and the answers by member."""

    relation_members: list[Member]

    def relation_fields(self) -> list[forms.BoundField]:
        return [self[relation_field(m.pk)] for m in self.relation_members]

    def main_fields(self) -> list[forms.BoundField]:
        # The "仍要保存" box last, after the relations it may be about (templates/households/member_action.html).
        names = {relation_field(m.pk) for m in self.relation_members} | {CONFIRM_FIELD}
        return [field for field in self if field.name not in names]

    def relations(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(relation_field(m.pk), "") for m in self.relation_members}


class HeadChangeForm(RelationRoundMixin, ConfirmUnusualMixin, NamedFieldMessagesMixin, forms.Form):
    new_head = forms.ModelChoiceField(
        label="新户主",
        queryset=None,  # type: ignore[arg-type]
        empty_label=EMPTY_CHOICE,
        error_messages={"required": "请选择新户主。"},
    )
    # The new head the relation fields below were given for: another head chosen since means new relations.
    relations_for = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, household: Household, new_head: Member | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        living = household.members.filter(living_status=LivingStatus.LIVING).order_by("pk")
        self.fields["new_head"].queryset = living.exclude(relation=Relation.HEAD)
        self.fields["new_head"].label_from_instance = lambda m: f"{m.name}（{m.get_relation_display()}）"
        self.relation_members: list[Member] = []
        self.relations_pending = False
        self.add_confirm_field()  # a new head under 18, a 之子 older than them (households.services.relation_ages)
        chosen = new_head or self._chosen()
        if chosen is None:
            return
        if new_head is None and self.data.get("relations_for") != str(chosen.pk):
            self.relations_pending = True
            return
        members = head_change_members(household, chosen)
        suggested = head_change_suggestions_for(household=household, new_head=chosen) if new_head else {}
        add_relation_fields(self, members, suggested)
        self.relation_members, self.chosen_head = members, chosen

    def _chosen(self) -> Member | None:
        value = str(self.data.get("new_head") or "")
        if not (value.isascii() and value.isdigit()):
            return None
        return self.fields["new_head"].queryset.filter(pk=int(value)).first()

    def with_relations(self) -> "HeadChangeForm":
        """The next round: the chosen head, and the relations to them filled in as suggested."""
        chosen = self.cleaned_data["new_head"]
        initial = {"new_head": chosen.pk, "relations_for": chosen.pk}
        return HeadChangeForm(initial=initial, household=self.household, new_head=chosen)
