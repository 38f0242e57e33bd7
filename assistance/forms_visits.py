"""The return visit's forms (帮扶回访): recorded on the plan's page, or a saved 走访 counted as one
(assistance.services.visits)."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils import timezone

from assistance.choices import Effect
from assistance.services.visits import MSG_BAD_EFFECT, return_visit_date_error
from config.forms import NamedFieldMessagesMixin
from config.once import OnceFormMixin
from config.stale import StaleFormMixin
from households.forms_confirm import confirm_box
from households.services.visits import visit_errors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FINDINGS = [
    ("food_clothing_ok", "不愁吃穿"),
    ("education_ok", "义务教育有保障"),
    ("medical_ok", "基本医疗有保障"),
    ("housing_ok", "住房安全有保障"),
    ("water_ok", "饮水安全有保障"),
]
SAME_VISIT_FIELD = "confirm_same_visit"


class ReturnVisitForm(OnceFormMixin, StaleFormMixin, NamedFieldMessagesMixin, forms.Form):
    """The boxes open as the household stood when the page was shown; only the ones the cadre toggled are findings
    (config.stale: against what the page showed), as on the household's visit page (households.forms.VisitForm).
    A return visit the same as one this cadre recorded that day is recorded only with 仍要另记一次 ticked, as the
    visit page asks it (households.services.visit_same_day): the box is shown in the page's notice, not with the
    fields (iterating the form leaves it out)."""

    stale_fields = ("findings",)

    visited_on = forms.DateField(label="回访日期", widget=DATE, initial=timezone.localdate)
    effect = forms.ChoiceField(label="帮扶成效", choices=Effect.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="回访情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.MultipleChoiceField(
        label="两不愁三保障及饮水安全（勾选表示有保障）",
        choices=FINDINGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_same_visit = forms.BooleanField(label="仍要另记一次", required=False, widget=confirm_box())

    def __init__(self, *args: Any, plan: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def __iter__(self) -> Iterator[forms.BoundField]:
        return (field for field in super().__iter__() if field.name != SAME_VISIT_FIELD)

    def clean(self) -> dict[str, Any]:
        """The date's checks (the registry's visit_errors, then the plan's) here too: said with a missing 帮扶成效."""
        data = super().clean() or {}
        if self.plan is not None and (day := data.get("visited_on")) is not None and "visited_on" not in self.errors:
            message = visit_errors(household=self.plan.household, visited_on=day).get("visited_on")
            if message := message or return_visit_date_error(self.plan, day):
                self.add_error("visited_on", message)
        return data

    def toggled_findings(self) -> dict[str, bool]:
        """The findings for return_visit_record: a box left as the page showed it is "no change", and sending it
        would restate the state at render, clearing a problem another visit recorded since (visit_record takes a
        finding not given as the household's state under its lock)."""
        seen, ticked = set(self.seen["findings"] or []), set(self.cleaned_data["findings"])
        return {code: code in ticked for code, _ in FINDINGS if (code in seen) != (code in ticked)}


class CountVisitForm(NamedFieldMessagesMixin, forms.Form):
    """A saved 走访 counted afterwards as the plan's return visit (assistance.services.visits)."""

    effect = forms.ChoiceField(
        label="帮扶成效", choices=Effect.choices, widget=forms.RadioSelect, error_messages={"required": MSG_BAD_EFFECT}
    )
    note = forms.CharField(
        label="回访情况（帮扶措施落实和成效）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
