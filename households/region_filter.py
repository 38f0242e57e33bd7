"""The 乡镇/村 filter of the worklists: the actor's villages, grouped under their township when there are several
(a county has hundreds), each township choosable as a whole. The chosen code becomes its region path, which the
selectors match as a prefix."""

from typing import Any

from django import forms

from households.models import Region
from households.selectors import village_options

NO_REGION = "-"  # a code that is not the actor's matches no region path


def setup_region_filter(form: forms.Form, actor: Any, name: str = "village") -> dict[str, str]:
    """Fill the form's choice field `name` with the actor's townships and villages (or drop it for a single
    village: on a phone the filter would only take space); returns {code: region path}."""
    villages = list(village_options(actor=actor))
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
