"""分配网格's forms: the page's filter (village, 未分配网格 or 全部, search) and the assignment (households, grid)."""

from typing import Any

from django import forms

from households.models import Region
from households.selectors_grids import grid_assign_village, grid_assign_villages, village_grids
from households.services.grid_assign import MSG_NO_GRID, MSG_NONE_CHOSEN

UNASSIGNED, ALL = "unassigned", "all"
SHOW_CHOICES = [(UNASSIGNED, "未分配网格"), (ALL, "全部农户")]


class GridAssignFilterForm(forms.Form):
    village = forms.ChoiceField(label="村", required=False)
    show = forms.ChoiceField(label="显示", choices=SHOW_CHOICES, required=False)
    q = forms.CharField(label="户主姓名或户编号", required=False, max_length=50)

    def __init__(self, data: Any, *, actor: Any) -> None:
        super().__init__(data)
        self.actor = actor
        villages = list(grid_assign_villages(actor=actor))
        if len(villages) == 1:
            del self.fields["village"]  # a village cadre: their own village
        else:
            names = [(v.code, f"{v.parent.name if v.parent else ''}{v.name}") for v in villages]
            self.fields["village"].choices = [("", "请选择村"), *names]

    @property
    def chosen_village(self) -> Region | None:
        code = self.cleaned_data.get("village", "") if self.is_valid() else ""
        if "village" in self.fields and not code:
            return None
        return grid_assign_village(actor=self.actor, code=code)

    @property
    def only_unassigned(self) -> bool:
        return (self.cleaned_data.get("show") if self.is_valid() else "") != ALL

    @property
    def query(self) -> str:
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


class GridAssignForm(forms.Form):
    grid = forms.ModelChoiceField(
        label="分配到网格", queryset=None, empty_label="请选择网格", error_messages={"required": MSG_NO_GRID}
    )  # type: ignore[arg-type]
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, village: Region) -> None:
        super().__init__(data)
        self.fields["grid"].queryset = village_grids(village)  # type: ignore[attr-defined]
        self.fields["grid"].label_from_instance = lambda grid: grid.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ids = {int(value) for value in self.data.getlist("household") if value.isdigit()}
        if not ids:
            self.add_error(None, MSG_NONE_CHOSEN)
        cleaned["household_ids"] = ids
        return cleaned
