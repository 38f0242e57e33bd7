"""合户 (households.services.merge): the household to merge into, by its 户编号, and each living member's relation
to its head. The page asks twice: this form, then a confirmation listing what will happen (the same form's values
carried as hidden fields), since the merge cannot be undone."""

from typing import Any

from django import forms

from households import selectors
from households.choices import LivingStatus, Relation
from households.models import Household, Member
from households.services.member_status import relation_field

MSG_TARGET_NUMBER = "请填写并入的农户户编号。"
MSG_TARGET_UNKNOWN = "户编号 {number} 不是您管辖范围内的在册农户，或就是本户。"
RELATION_CHOICES = [("", "请选择"), *((value, label) for value, label in Relation.choices if value != Relation.HEAD)]


class MergeForm(forms.Form):
    target = forms.CharField(
        label="并入的农户户编号",
        max_length=30,
        error_messages={"required": MSG_TARGET_NUMBER},
        help_text="本户全部在册成员将迁入该户，本户注销。村干部只能在本村合户，跨村的请报乡镇办理。",
    )
    reason_note = forms.CharField(label="合户说明", required=False, max_length=100, help_text="可选，如：赡养老人。")

    def __init__(self, *args: Any, household: Household, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household, self.actor = household, actor
        self.moving: list[Member] = list(household.members.filter(living_status=LivingStatus.LIVING).order_by("pk"))
        for member in self.moving:
            self.fields[relation_field(member.pk)] = forms.ChoiceField(
                label=f"{member.name}（现为{member.get_relation_display()}）与并入户户主的关系",
                choices=RELATION_CHOICES,
                required=False,  # the service says which is missing, naming the member
            )

    def clean_target(self) -> Household:
        number = self.cleaned_data["target"].strip()
        found = selectors.household_transfer_targets(actor=self.actor, exclude=self.household)
        target = found.filter(number=number).first()
        if target is None:
            raise forms.ValidationError(MSG_TARGET_UNKNOWN.format(number=number))
        return target

    def relations(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(relation_field(m.pk), "") for m in self.moving}

    def relation_rows(self) -> list[tuple[Member, str]]:
        """Each member with the relation chosen, as the confirmation lists them."""
        relations = self.relations()
        return [(m, str(Relation(relations[m.pk]).label) if relations[m.pk] else "") for m in self.moving]
