"""The department comparison form: one result (未比对 / 无 / 有) and a detail per family member and item, then the
decision. Rules live in services.comparisons."""

from typing import Any

from django import forms

from config.forms import NamedFieldMessagesMixin
from households.models import Member
from workflow.choices_comparisons import ComparisonDecision, ComparisonItem, FindingResult
from workflow.services.comparisons import FindingInput


class ComparisonForm(NamedFieldMessagesMixin, forms.Form):
    compared_on = forms.DateField(label="比对日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    decision = forms.ChoiceField(
        label="研判结论（发现排除情形时必填）",
        choices=[(v, label) for v, label in ComparisonDecision.choices if v != ComparisonDecision.NO_FINDING],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="研判理由",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不予纳入或仍予纳入，均须写明理由（如：车辆为农用三轮车，不属于消费型轿车）。",
    )

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            for item in ComparisonItem:
                self.fields[f"r_{member.pk}_{item.value}"] = forms.ChoiceField(
                    label=item.label, choices=FindingResult.choices, initial=FindingResult.NOT_CHECKED
                )
                self.fields[f"d_{member.pk}_{item.value}"] = forms.CharField(
                    label=f"{item.label}具体情况", max_length=300, required=False
                )

    def member_rows(self) -> list[tuple[Member, list[tuple[forms.BoundField, forms.BoundField]]]]:
        return [
            (
                member,
                [(self[f"r_{member.pk}_{item.value}"], self[f"d_{member.pk}_{item.value}"]) for item in ComparisonItem],
            )
            for member in self.members
        ]

    def findings(self) -> list[FindingInput]:
        data = self.cleaned_data
        return [
            FindingInput(
                member_id=member.pk,
                item=item.value,
                result=data[f"r_{member.pk}_{item.value}"],
                detail=data[f"d_{member.pk}_{item.value}"],
            )
            for member in self.members
            for item in ComparisonItem
        ]
