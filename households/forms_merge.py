"""合户 (households.services.merge): the household to merge into, by its 户编号, and each living member's relation
to its head. The page asks twice: this form, then a confirmation listing what will happen (the same form's values
carried as hidden fields), since the merge cannot be undone."""

from typing import Any

from django import forms

from households import selectors
from households.choices import LivingStatus, Relation
from households.forms_members import MSG_TARGET_INVALID, target_label
from households.models import Household, Member
from households.services.member_status import MSG_RELATION_REQUIRED, relation_field

MSG_TARGET_NUMBER = "请查找并选择并入的农户，或直接填写户编号。"
MSG_TARGET_UNKNOWN = "户编号 {number} 不是您管辖范围内的在册农户，或就是本户。"
RELATION_CHOICES = [("", "请选择"), *((value, label) for value, label in Relation.choices if value != Relation.HEAD)]


class MergeForm(forms.Form):
    """The household is picked from a search's results (a radio list the server renders, as 迁入他户's, so a phone
    need not type 16 digits), or its 户编号 typed; either in the actor's scope (`targets`)."""

    pick = forms.ModelChoiceField(
        label="并入的农户",
        required=False,
        queryset=None,  # type: ignore[arg-type]
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": MSG_TARGET_INVALID},
    )
    target = forms.CharField(
        label="或直接填写户编号",
        max_length=30,
        required=False,
        help_text="本户全部在册成员将迁入该户，本户注销。村干部只能在本村合户，跨村的请报乡镇办理。",
    )
    reason_note = forms.CharField(label="合户说明", required=False, max_length=100, help_text="可选，如：赡养老人。")
    # The search the results came from, kept so that a page sent back for an error still lists them.
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, household: Household, actor: Any, results: list[Household] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.household, self.actor = household, actor
        self.targets = selectors.household_transfer_targets(actor=actor, exclude=household)
        self.fields["pick"].queryset = self.targets
        self.fields["pick"].choices = [(h.pk, target_label(h)) for h in results or []]
        self.fields["target"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        if not results:
            self.fields["pick"].widget = forms.HiddenInput()
            self.fields["target"].label = "并入的农户户编号"
        self.moving: list[Member] = list(household.members.filter(living_status=LivingStatus.LIVING).order_by("pk"))
        for member in self.moving:
            self.fields[relation_field(member.pk)] = forms.ChoiceField(
                label=f"{member.name}（现为{member.get_relation_display()}）与并入户户主的关系",
                choices=RELATION_CHOICES,
                error_messages={"required": MSG_RELATION_REQUIRED.format(name=member.name)},
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        number = (cleaned.get("target") or "").strip()
        shown = not self.fields["pick"].widget.is_hidden
        if "pick" in self.errors and not shown:
            # A pick from a list no longer shown (another search since): said at the field that is shown.
            for message in self.errors.pop("pick"):
                self.add_error("target", message)
        elif cleaned.get("pick") is not None:
            cleaned["target"] = cleaned["pick"]
        elif "pick" not in self.errors and number:
            cleaned["target"] = self.targets.filter(number=number).first()
            if cleaned["target"] is None:
                self.add_error("target", MSG_TARGET_UNKNOWN.format(number=number))
        elif "pick" not in self.errors:
            self.add_error("pick" if shown else "target", MSG_TARGET_NUMBER)
        return cleaned

    def relations(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(relation_field(m.pk), "") for m in self.moving}

    def relation_rows(self) -> list[tuple[Member, str]]:
        """Each member with the relation chosen, as the confirmation lists them."""
        relations = self.relations()
        return [(m, str(Relation(relations[m.pk]).label) if relations[m.pk] else "") for m in self.moving]
