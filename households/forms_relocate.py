"""整户迁移 (households.services.relocation): the target village, and its group and grid, among the places the actor
may move a household into (the township its own villages, the county every village), grouped as the region tree is."""

from typing import Any

from django import forms

from households.choices import RegionLevel, RelocateReason
from households.models import Grid, Household, Region
from households.services.relocation import MSG_ADDRESS_REQUIRED

MSG_CHOOSE_VILLAGE = "请选择迁入村。"


def _grouped(rows: list[tuple[str, str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group heading, value, label) rows as a select's optgroups, in order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for heading, value, label in rows:
        groups.setdefault(heading, []).append((value, label))
    return list(groups.items())


class RelocateForm(forms.Form):
    village = forms.ChoiceField(label="迁入村", error_messages={"required": MSG_CHOOSE_VILLAGE})
    group = forms.ChoiceField(label="村民小组", required=False, help_text="须为迁入村的村民小组，可不选。")
    grid = forms.ChoiceField(label="网格", required=False, help_text="须为迁入村的网格，可不选；网格员随网格确定。")
    address = forms.CharField(
        label="迁入后住址",
        max_length=200,
        help_text="如：新村安置点8栋2单元。",
        error_messages={"required": MSG_ADDRESS_REQUIRED},
    )
    reason = forms.ChoiceField(label="迁移原因", choices=RelocateReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="说明", required=False, max_length=150, help_text="原因为“其他”时必填；可注明搬迁批次、迁居时间等。"
    )

    def __init__(self, *args: Any, actor: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = (
            Region.objects.visible_to(actor)
            .filter(level=RegionLevel.VILLAGE)
            .exclude(pk=household.village_id)
            .select_related("parent")
            .order_by("path")
        )
        self.villages = {str(v.pk): v for v in villages}
        township = lambda v: v.parent.name if v.parent else ""  # noqa: E731
        self.fields["village"].choices = [
            ("", "请选择"),
            *_grouped([(township(v), str(v.pk), v.name) for v in villages]),
        ]
        groups = Region.objects.filter(level=RegionLevel.GROUP, parent__in=villages).select_related("parent")
        self.groups = {str(g.pk): g for g in groups.order_by("path")}
        self.fields["group"].choices = [
            ("", "不选"),
            *_grouped([(g.parent.name, str(g.pk), g.name) for g in self.groups.values()]),
        ]
        grids = Grid.objects.filter(village__in=villages).select_related("village").order_by("region_path", "name")
        self.grids = {str(g.pk): g for g in grids}
        self.fields["grid"].choices = [
            ("", "不选"),
            *_grouped([(g.village.name, str(g.pk), g.name) for g in self.grids.values()]),
        ]

    def clean_village(self) -> Region:
        return self.villages[self.cleaned_data["village"]]  # a choice offered, checked by ChoiceField

    def clean_group(self) -> Region | None:
        return self.groups.get(self.cleaned_data["group"])

    def clean_grid(self) -> Grid | None:
        return self.grids.get(self.cleaned_data["grid"])
