"""整户迁移 (households.services.relocation): the target village, and its group and grid, among the places the actor
may move a household into (the township its own villages, the county every village), grouped as the region tree is.

Every village's groups and grids are rendered, each option marked with its village (data-village), so that the form
works without script; js/relocate_place.js then offers only the chosen village's (a county has hundreds of each).
The service's rules are asked in clean() too, to be said in one round with the fields' own errors."""

import json
from typing import Any

from django import forms

from config.forms import NamedFieldMessagesMixin
from households.choices import RegionLevel, RelocateReason
from households.forms import add_rule_errors
from households.models import Grid, Household, Region
from households.selectors import grids_in_order
from households.services.relocation import MSG_ADDRESS_REQUIRED, MSG_NOTE_REQUIRED, relocate_errors, village_place

MSG_CHOOSE_VILLAGE = "请选择迁入村。"


def _grouped(rows: list[tuple[str, str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group heading, value, label) rows as a select's optgroups, in order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for heading, value, label in rows:
        groups.setdefault(heading, []).append((value, label))
    return list(groups.items())


class MarkedSelect(forms.Select):
    """A select whose options carry attributes of their own (option value → attributes), for the page's script."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.option_attrs: dict[str, dict[str, str]] = {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"].update(self.option_attrs.get(str(value), {}))
        return option


def grid_label(grid: Grid) -> str:
    """城北村第一网格: a grid's own name (第一网格) says nothing once the list is not under its village's heading."""
    return grid.name if grid.name.startswith(grid.village.name) else f"{grid.village.name}{grid.name}"


class RelocateForm(NamedFieldMessagesMixin, forms.Form):
    village = forms.ChoiceField(label="迁入村", widget=MarkedSelect, error_messages={"required": MSG_CHOOSE_VILLAGE})
    group = forms.ChoiceField(
        label="村民小组",
        required=False,
        widget=MarkedSelect(attrs={"data-none": "该村未设村民小组"}),
        help_text="须为迁入村的村民小组，可不选。",
    )
    grid = forms.ChoiceField(
        label="网格",
        required=False,
        widget=MarkedSelect(attrs={"data-none": "该村未划分网格"}),
        help_text="须为迁入村的网格，可不选；网格员随网格确定。",
    )
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
            Region.objects.active()  # a retired (撤销) village takes no household
            .visible_to(actor)
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
        self._mark("village", {pk: {"data-place": village_place(v)} for pk, v in self.villages.items()})
        groups = Region.objects.active().filter(level=RegionLevel.GROUP, parent__in=villages).select_related("parent")
        self.groups = {str(g.pk): g for g in groups.order_by("path")}
        self.fields["group"].choices = [
            ("", "不选"),
            *_grouped([(g.parent.name, str(g.pk), g.name) for g in self.groups.values()]),
        ]
        self._mark("group", {pk: {"data-village": str(g.parent_id)} for pk, g in self.groups.items()})
        grids = grids_in_order(Grid.objects.filter(village__in=villages).select_related("village"))
        self.grids = {str(g.pk): g for g in grids}
        self.fields["grid"].choices = [
            ("", "不选"),
            *_grouped([(g.village.name, str(g.pk), grid_label(g)) for g in self.grids.values()]),
        ]
        self._mark("grid", {pk: {"data-village": str(g.village_id)} for pk, g in self.grids.items()})

    def _mark(self, name: str, attrs: dict[str, dict[str, str]]) -> None:
        widget = self.fields[name].widget
        assert isinstance(widget, MarkedSelect)
        widget.option_attrs = attrs

    @property
    def prechecks(self) -> str:
        """What the page checks before it asks 确认将…整户迁入…？ (js/step_precheck.js), in the server's words: a
        village, an address or a reason missing (or 其他 without a note) is said at its field, not after the cadre
        confirmed a move the server then refuses."""
        rules = [
            {"field": "village", "message": self.fields["village"].error_messages["required"]},
            {"field": "address", "message": MSG_ADDRESS_REQUIRED},
            {"field": "reason", "message": self.fields["reason"].error_messages["required"]},
            {"field": "note", "when": {"reason": RelocateReason.OTHER.value}, "message": MSG_NOTE_REQUIRED},
        ]
        return json.dumps(rules, ensure_ascii=False)

    @property
    def target_place(self) -> str:
        """The village chosen (涂埠镇城北村), for the confirmation of a form sent back with errors; "" when none."""
        village = self.villages.get(str(self.data.get("village", ""))) if self.is_bound else None
        return village_place(village) if village is not None else ""

    def clean_village(self) -> Region:
        return self.villages[self.cleaned_data["village"]]  # a choice offered, checked by ChoiceField

    def clean_group(self) -> Region | None:
        return self.groups.get(self.cleaned_data["group"])

    def clean_grid(self) -> Grid | None:
        return self.grids.get(self.cleaned_data["grid"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in ("village", "group", "grid")}
        texts = {name: cleaned.get(name) or "" for name in ("address", "reason", "note")}
        add_rule_errors(self, relocate_errors(**values, **texts))
        return cleaned
