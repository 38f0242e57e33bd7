"""The visit page's form (走访). It validates shape; the rules live in households.services.visits (visit_errors,
asked here too so that they show with the form's own errors in one round)."""

from typing import Any

from django import forms
from django.core.files import File
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from config.once import OnceFormMixin
from config.stale import StaleFormMixin
from households.choices import MANUAL_VISIT_KINDS, RiskType
from households.forms_confirm import confirm_box
from households.forms_uploads import KeptFileMixin
from households.models import Household
from households.services.visit_confirm import to_confirm
from households.services.visit_guarantees import stated_findings
from households.services.visits import VisitInput, visit_errors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SAME_VISIT_FIELD = "confirm_same_visit"
# A finding the household's open case asks to confirm (households.services.visit_confirm): 是 or 否, none chosen.
CONFIRM_CHOICES = [("True", "是"), ("False", "否")]
HELP_CONFIRM = "{why}，请按本次走访的实际情况选择“是”或“否”。"


def confirm_field(label: str, why: str) -> forms.TypedChoiceField:
    """A finding as two radio buttons with none chosen: left unanswered it is refused (visit_errors), not 否."""
    return forms.TypedChoiceField(
        label=label,
        choices=CONFIRM_CHOICES,
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=HELP_CONFIRM.format(why=why),
    )


class VisitForm(OnceFormMixin, KeptFileMixin, StaleFormMixin, NamedFieldMessagesMixin, forms.Form):
    """The boxes open as the household stood when the page was shown; only the ones the cadre toggled are findings
        (config.stale: against what the page showed). The page's token records the visit once (config.once); a photo
        chosen before an error is kept on the server (forms_uploads: photo_token, photo_clear). A visit the same as one
    already recorded that day is recorded only with 仍要另记一次 ticked (households.services.visit_same_day).
    A finding the household's open case asks to confirm (households.services.visit_confirm) is 是/否 with none chosen
    instead of a box: answered, it is always a finding; unanswered, the service's message says which to answer."""

    kept_field = "photo"

    visited_on = forms.DateField(label="走访日期", widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(label="走访类型", choices=MANUAL_VISIT_KINDS)
    food_clothing_ok = forms.BooleanField(label="不愁吃穿", required=False)
    education_ok = forms.BooleanField(label="义务教育有保障", required=False)
    medical_ok = forms.BooleanField(label="基本医疗有保障", required=False)
    housing_ok = forms.BooleanField(label="住房安全有保障", required=False)
    water_ok = forms.BooleanField(label="饮水安全有保障", required=False)
    income_change = forms.DecimalField(
        label="收入变化（元，增加为正，减少为负）",
        required=False,
        decimal_places=2,
        help_text="本次走访新发现的变化，按全年影响估算；本年各次走访的变化在“收支”页累计显示。",
    )
    expense_change = forms.DecimalField(
        label="刚性支出变化（元，增加为正）",
        required=False,
        decimal_places=2,
        help_text="医疗、教育、灾害等刚性支出，按全年影响估算。",
    )
    # Shown only once the service has asked (a change beyond the household's plausible range).
    confirm_changes = forms.BooleanField(label="金额核实无误", required=False, widget=confirm_box())
    risk_found = forms.BooleanField(label="发现返贫致贫风险", required=False)
    risk_types = forms.MultipleChoiceField(
        label="发现的风险类型（勾选“发现返贫致贫风险”时至少选一项，记入该户的筛查结果，供发起识别纳入）",
        required=False,
        choices=RiskType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="走访情况", required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000})
    )
    photo = forms.FileField(
        label="照片（可选）",
        required=False,
        help_text="JPG、PNG 或 PDF，不超过 10 MB。",
        # image/* lets a phone offer its camera as well as its files.
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.jpg,.jpeg,.png,.pdf"}),
    )
    # Shown only in the notice of a visit the same as one already recorded that day (households.visit_refused).
    confirm_same_visit = forms.BooleanField(label="仍要另记一次", required=False, widget=confirm_box())

    FINDING_FIELDS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
    stale_fields = FINDING_FIELDS
    CHANGE_FIELDS = ("income_change", "expense_change")
    RISK_FIELDS = ("risk_found", "risk_types")

    def __init__(self, *args: Any, household: Household | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        self.to_confirm = to_confirm(household) if household is not None else {}
        self.initial = {name: value for name, value in self.initial.items() if name not in self.to_confirm}
        for name, item in self.to_confirm.items():
            self.fields[name] = confirm_field(str(self.fields[name].label), item.why)

    def clean(self) -> dict[str, Any]:
        """The service's checks of the input (visit_errors) here too, so that they show with the fields' own errors
        and the extras' in one round rather than after them."""
        data = super().clean() or {}
        if self.household is None:
            return data
        errors = visit_errors(
            household=self.household,
            visited_on=data.get("visited_on"),
            notes=data.get("notes", ""),
            photo=data.get("photo"),
            risk_found=bool(data.get("risk_found")),
            risk_types=data.get("risk_types") or [],
            changes={name: data.get(name) for name in self.CHANGE_FIELDS},
            confirm_changes=bool(data.get("confirm_changes")),
            # The boxes as the cadre leaves them, toggled or not: what the page shows is what the visit records.
            guarantees={name: bool(data.get(name)) for name in self.FINDING_FIELDS}
            if stated_findings(data.get("kind") or "")
            else None,
            stated=self.stated() if stated_findings(data.get("kind") or "") else None,
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def group(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def findings(self) -> list[forms.BoundField]:
        """The boxes: the findings not asked to confirm."""
        return self.group(tuple(name for name in self.FINDING_FIELDS if name not in self.to_confirm))

    def confirmations(self) -> list[forms.BoundField]:
        """The findings asked to confirm, as 是/否 with none chosen."""
        return self.group(tuple(name for name in self.FINDING_FIELDS if name in self.to_confirm))

    def stated(self) -> list[str]:
        """The findings this visit gives (visit_input's): the boxes toggled and every 是/否 answered."""
        return [name for name in self.edited_fields() if name in self.FINDING_FIELDS]

    def finding_errors(self) -> list[str]:
        """The boxes' errors (a found risk they contradict), said under them together; a 是/否 says its own."""
        boxes = [name for name in self.FINDING_FIELDS if name not in self.to_confirm]
        return [str(error) for name in boxes for error in self.errors.get(name, [])]

    def changes(self) -> list[forms.BoundField]:
        """The amounts, and the confirmation once asked for (or already given)."""
        asked = "confirm_changes" in self.errors or bool(self.data.get("confirm_changes"))
        return self.group((*self.CHANGE_FIELDS, "confirm_changes") if asked else self.CHANGE_FIELDS)

    def risks(self) -> list[forms.BoundField]:
        return self.group(self.RISK_FIELDS)

    def visit_input(self, *, actor: Any, household: Household, photo: File | None) -> VisitInput:
        """The valid form as households.services.visits.visit_record's arguments; `photo`: the kept one (view)."""
        data = self.cleaned_data
        given = ("visited_on", "kind", "risk_found", "risk_types", "notes", *self.CHANGE_FIELDS)
        return VisitInput(
            actor=actor,
            household=household,
            # Only the boxes the cadre toggled: one left as the page showed it is "no change", and sending it would
            # restate the state at render, clearing a problem another visit recorded since (visit_record takes a
            # finding not given as the household's state under its lock).
            findings={name: data[name] for name in self.stated()},
            confirm_changes=data["confirm_changes"],
            confirm_same_visit=data[SAME_VISIT_FIELD],
            once=self.once_token,
            photo=photo,
            **{name: data[name] for name in given},
        )
