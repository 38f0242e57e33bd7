"""The 乡镇/村 filter of the worklists: the actor's villages, grouped under their township when there are several
(a county has hundreds), each township choosable as a whole. The chosen code becomes its region path, which the
selectors match as a prefix. And the pair of 乡镇 and 村 fields that the data checks (households.check_filter) and the
duty pages (reports.forms) filter by (TownshipVillageMixin)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from households.models import Region
from households.selectors import village_options

NO_REGION = "-"  # a code that is not the actor's matches no region path


def setup_region_filter(
    form: forms.Form, actor: Any, name: str = "village", villages: Iterable[Region] | None = None
) -> dict[str, str]:
    """Fill the form's choice field `name` with the actor's townships and villages (or drop it for a single
    village: on a phone the filter would only take space); returns {code: region path}. `villages`: those to offer
    when they are not the actor's registry scope (a department clerk sees no registry: their region's villages)."""
    villages = list(village_options(actor=actor) if villages is None else villages)
    paths = {v.code: v.path for v in villages}
    townships: dict[Region, list[Region]] = {}
    for village in villages:
        townships.setdefault(village.parent, []).append(village)
    # A township's code is a place however many townships the actor has: the 预警汇总 links each township's counts
    # to the list by it, and a county of a single township must get the list its count said, not a refused filter.
    paths |= {t.code: t.path for t in townships}
    field = form.fields[name]
    if len(villages) <= 1:
        del form.fields[name]
    elif len(townships) > 1:
        field.label = "乡镇/村"
        choices: list[Any] = [("", "全部")]
        for township, members in townships.items():
            whole = (township.code, f"{township.name}（全部村）")
            choices.append((township.name, [whole, *[(v.code, v.name) for v in members]]))
        field.choices = choices
    else:
        choices = [("", "全部"), *[(v.code, f"{v.parent.name} {v.name}") for v in villages]]
        # One township: its villages only, with no township to pick (it is 全部), unless a link named it; then the
        # select shows it chosen, as the list is.
        township = next(iter(townships))
        if form.data.get(form.add_prefix(name)) == township.code:
            choices.insert(1, (township.code, f"{township.name}（全部村）"))
        field.choices = choices
    return paths


class TownshipVillageMixin:
    """A filter form's 乡镇 and 村 fields, each a ChoiceField of codes inside the actor's scope (so that a code outside
    it is the field's own invalid_choice). The form fills `regions` (code → Region, the townships and villages it
    offers) and says a village outside the chosen township in its own words (`msg_village_outside`)."""

    msg_village_outside: str
    regions: dict[str, Region]
    fields: dict[str, forms.Field]

    def hide_single_choices(self, townships: Iterable[Region], villages: Iterable[Region]) -> None:
        """A single township's (or village's) scope has nothing to choose: the field is not shown, but a code sent
        is still checked (a link or an API call naming another place is told, not shown this one)."""
        for name, options in (("township", townships), ("village", villages)):
            if len(list(options)) <= 1:
                self.fields[name].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        township, village = data.get("township"), data.get("village")
        if township and village and not self.regions[village].path.startswith(self.regions[township].path):
            self.add_error("village", self.msg_village_outside)  # type: ignore[attr-defined]
        return data

    def region_in(self, data: Mapping[str, Any]) -> Region | None:
        """The village chosen in `data`, else the township chosen, else None (the actor's whole scope)."""
        return self.regions.get(data.get("village") or "") or self.regions.get(data.get("township") or "")
