"""The 乡镇 and 村 filter of the 数据逻辑校验 pages (households.views_checks): the townships and villages of the
user's scope, the villages grouped under their township. A code outside the scope, or a village outside the
township chosen, is said at its field and nothing is listed: the page never shows the whole scope as if it were
the place asked for (the API answers such a code with a 400, households.api_checks)."""

from typing import Any

from django import forms

from households.models import Region
from households.region_filter import TownshipVillageMixin
from households.selectors import village_options

MSG_TOWNSHIP = "“%(value)s”不是您管辖范围内的乡镇，请重新选择。"
MSG_VILLAGE = "“%(value)s”不是您管辖范围内的村，请重新选择。"
MSG_VILLAGE_OUTSIDE = "所选村不属于所选乡镇，请重新选择。"


class CheckRegionForm(TownshipVillageMixin, forms.Form):
    msg_village_outside = MSG_VILLAGE_OUTSIDE
    township = forms.ChoiceField(label="乡镇", required=False, error_messages={"invalid_choice": MSG_TOWNSHIP})
    village = forms.ChoiceField(label="村", required=False, error_messages={"invalid_choice": MSG_VILLAGE})

    def __init__(self, data: Any, *, actor: Any) -> None:
        given = {name: data.get(name, "").strip()[:20] for name in ("township", "village") if data.get(name)}
        super().__init__(given)
        villages = list(village_options(actor=actor))
        townships: dict[Region, list[Region]] = {}
        for village in villages:
            townships.setdefault(village.parent, []).append(village)
        self.regions = {r.code: r for r in [*townships, *villages]}
        self.fields["township"].choices = [("", "全部"), *((t.code, t.name) for t in townships)]
        # A township chosen narrows the 村 list to its villages (on the reload); a village of another township sent
        # with it stays a choice, so that clean() says it is outside the township rather than outside the scope.
        chosen = next((t for t in townships if t.code == given.get("township")), None)
        shown = {
            t: [v for v in m if t == chosen or v.code == given.get("village")] if chosen is not None else m
            for t, m in townships.items()
        }
        grouped = [(t.name, [(v.code, v.name) for v in members]) for t, members in shown.items() if members]
        self.fields["village"].choices = [("", "全部"), *grouped]
        self.hide_single_choices(townships, villages)

    def region(self) -> Region | None:
        """The village chosen, else the township chosen, else None (the whole scope). Only for a valid form."""
        return self.region_in(self.cleaned_data)

    def region_path(self) -> str | None:
        """The chosen place's region path, "" for the whole scope, None when the filter is invalid (list nothing)."""
        if not self.is_valid():
            return None
        region = self.region()
        return region.path if region is not None else ""

    def chosen(self) -> dict[str, str]:
        """The valid choices, for the links between the pages (empty when the filter is invalid)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
