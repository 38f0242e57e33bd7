"""Filters of the duty pages (每月信息录入, 集中排查): a township and a village inside the user's scope, and for the
entry page the household type. A choice outside the scope is not offered, and an invalid one is said at its field
and ignored (the page shows the whole scope)."""

from typing import Any

from django import forms

from config.forms import valid_filters
from households.choices import RegionLevel
from households.models import Region
from households.region_filter import TownshipVillageMixin
from reports.selectors.entry import KINDS

MSG_VILLAGE_OUTSIDE = "所选村不属于所选乡镇。"


class RegionFilterForm(TownshipVillageMixin, forms.Form):
    msg_village_outside = MSG_VILLAGE_OUTSIDE
    township = forms.ChoiceField(label="乡镇", required=False)
    village = forms.ChoiceField(label="村", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.visible_to(actor).filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])
        self.regions = {region.code: region for region in regions.select_related("parent").order_by("path")}
        townships = [r for r in self.regions.values() if r.level == RegionLevel.TOWNSHIP]
        villages = [r for r in self.regions.values() if r.level == RegionLevel.VILLAGE]
        self.fields["township"].choices = [("", "全部"), *((r.code, r.name) for r in townships)]
        self.fields["village"].choices = [("", "全部"), *((r.code, f"{r.parent.name} {r.name}") for r in villages)]
        self.hide_single_choices(townships, villages)

    def chosen(self) -> dict[str, Any]:
        return valid_filters(self)

    def region(self) -> Region | None:
        """The village chosen, else the township chosen, else None (the user's whole scope)."""
        return self.region_in(self.chosen())


class EntryFilterForm(RegionFilterForm):
    household_kind = forms.ChoiceField(label="户类型", required=False, choices=[("", "全部"), *KINDS.items()])

    def kind(self) -> str:
        return self.chosen().get("household_kind") or ""
