"""Forms of the campaign pages. They validate shape; the rules live in screening.services.campaigns and
screening.services.campaign_problems."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin, apply_errors
from households.choices import RiskType
from households.models import Region
from screening.campaign_form import ITEMS, JUDGEMENT_ITEM, PROBLEM_ITEMS, Item, Question
from screening.choices_campaigns import PHASE_ORDER, AreaLevel, PhaseKind, ProblemStatus, ProblemType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(NamedFieldMessagesMixin, forms.Form):
    name = forms.CharField(label="排查名称", max_length=100)
    villages = forms.ModelMultipleChoiceField(
        label="排查范围（村）",
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个村作为排查范围。"},
    )

    def __init__(self, *args: Any, villages: Any, campaign: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign  # the one being edited: its own dates are no overlap
        self.fields["villages"].queryset = villages
        self.fields["villages"].label_from_instance = lambda v: f"{v.parent.name if v.parent else ''} {v.name}"
        for kind in PHASE_ORDER:
            label = PhaseKind(kind).label
            self.fields[f"{kind}_starts_on"] = forms.DateField(label=f"{label} 开始", required=False, widget=DATE)
            self.fields[f"{kind}_ends_on"] = forms.DateField(label=f"{label} 结束", required=False, widget=DATE)

    @staticmethod
    def initial_from(campaign: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": campaign.name,
            "villages": list(campaign.villages.values_list("pk", flat=True)),
        }
        for phase in campaign.phases.all():
            initial[f"{phase.kind}_starts_on"] = phase.starts_on
            initial[f"{phase.kind}_ends_on"] = phase.ends_on
        return initial

    def village_groups(self) -> list[tuple[str, list[tuple[Any, str]]]]:
        """The village choices under their township ("涂埠镇" → [(choice, "新山村"), …]), each township choosable
        whole on the page: a county has a hundred and more villages."""
        groups: dict[str, list[tuple[Any, str]]] = {}
        for choice in self["villages"]:
            township, _, village = str(choice.choice_label).partition(" ")
            groups.setdefault(township, []).append((choice, village or township))
        return list(groups.items())

    def phase_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(PhaseKind(k).label, self[f"{k}_starts_on"], self[f"{k}_ends_on"]) for k in PHASE_ORDER]

    def phases(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {"kind": k, "starts_on": data.get(f"{k}_starts_on"), "ends_on": data.get(f"{k}_ends_on")}
            for k in PHASE_ORDER
        ]

    def clean(self) -> dict[str, Any]:
        """The phases' own rules (screening.services.campaigns.clean_phases) and, when the villages and the phases
        are valid, the overlap with another open campaign's 入户排查 (overlap_errors, at the villages) are checked
        with the other fields, so one submission shows every error: not the dates only once a village is ticked,
        nor the overlap only once the name and the dates are fixed."""
        data = super().clean()
        from screening.services.campaigns import clean_phases, overlap_errors

        phases = self.phases()
        try:
            clean_phases(phases)
        except ValidationError as error:
            for message in error.message_dict.get("phases", []):
                self.add_error(None, message)
        villages = data.get("villages")
        try:  # the 入户排查 dates alone: another phase's slip (said above) does not hide an overlap
            field = clean_phases([p for p in phases if p["kind"] == PhaseKind.FIELD_SCREENING])
        except ValidationError:
            field = []
        if villages and field:
            for message in overlap_errors(list(villages), field, campaign=self.campaign):
                self.add_error("villages", message)
        return data


class AssignmentForm(NamedFieldMessagesMixin, forms.Form):
    village = forms.ModelChoiceField(label="村", queryset=Region.objects.none(), empty_label="请选择村")
    cadre = forms.ModelChoiceField(label="排查人", queryset=None, empty_label="请选择排查人")  # type: ignore[arg-type]

    def __init__(self, *args: Any, villages: Any, cadres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = lambda u: f"{u.get_full_name() or u.username}（{u.region_name}）"


@dataclass
class ItemFields:
    """One item of the form as the page draws it: each sub-question beside its checkbox, then the problem text."""

    item: Item
    choices: list[tuple[Question, Any]]
    checked: forms.BoundField
    problem: forms.BoundField

    @property
    def ticked(self) -> int:
        return len(self.checked.value() or [])

    @property
    def has_errors(self) -> bool:
        return bool(self.checked.errors or self.problem.errors)


class ScreeningFormForm(NamedFieldMessagesMixin, forms.Form):
    """The 13 items of 附件2: per item a group of checkboxes and the problem text; item 13 is the judgement. Before
    them the income and 吃穿 (填表说明 3), after the judgement the risks found (screening.services.form_findings)."""

    filled_on = forms.DateField(label="排查日期", widget=DATE, initial=timezone.localdate)
    # Text, not a DecimalField: the service reads "6,500" too and says what is wrong in the same words as the API.
    per_capita_income = forms.CharField(
        label="家庭年人均纯收入（元）",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "如 6500"}),
    )
    food_clothing_problem = forms.BooleanField(label="存在吃穿困难（“两不愁”）", required=False)
    food_clothing_note = forms.CharField(
        label="吃穿方面的问题",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "勾选上一项的，具体表述问题内容"}),
    )
    at_risk = forms.BooleanField(label="①该户是否疑似存在返贫致贫风险", required=False)
    propose_monitoring = forms.BooleanField(label="②是否要纳入监测对象进行评议", required=False)
    risk_types = forms.MultipleChoiceField(
        label="存在的返贫致贫风险（勾选①时至少选一项，可多选）",
        required=False,
        choices=RiskType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    judgement_note = forms.CharField(
        label="综合判定说明（可选）", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Shown only once the service has asked (the judgement disagrees with the answers).
    confirm_judgement = forms.BooleanField(label="判定核实无误", required=False)

    FINDING_FIELDS = ("per_capita_income", "food_clothing_problem", "food_clothing_note", "risk_types")

    def __init__(self, *args: Any, campaign: Any = None, household: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.household = household
        for item in PROBLEM_ITEMS:
            self.fields[f"item_{item.number}_checked"] = forms.MultipleChoiceField(
                label=f"{item.number} {item.label}",
                required=False,
                choices=[(q.code, q.numbered_label) for q in item.questions],
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"item_{item.number}_problem"] = forms.CharField(
                label="排查问题",
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2, "placeholder": "有问题的，具体表述问题内容"}),
            )

    @staticmethod
    def initial_from(form: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "filled_on": form.filled_on,
            "at_risk": form.at_risk,
            "propose_monitoring": form.propose_monitoring,
            "judgement_note": form.answers.get(str(JUDGEMENT_ITEM), {}).get("problem", ""),
            "per_capita_income": "" if form.per_capita_income is None else f"{form.per_capita_income:f}",
            "food_clothing_problem": form.food_clothing_problem,
            "food_clothing_note": form.food_clothing_note,
            "risk_types": list(form.risk_types or []),
        }
        for key, answer in form.answers.items():
            if int(key) != JUDGEMENT_ITEM:
                initial[f"item_{key}_checked"] = answer.get("checked", [])
                initial[f"item_{key}_problem"] = answer.get("problem", "")
        return initial

    def items(self) -> list["ItemFields"]:
        rows = []
        for item in PROBLEM_ITEMS:
            checked = self[f"item_{item.number}_checked"]
            rows.append(
                ItemFields(
                    item, list(zip(item.questions, checked, strict=True)), checked, self[f"item_{item.number}_problem"]
                )
            )
        return rows

    def judgement_item(self) -> Item:
        return ITEMS[-1]

    def findings(self) -> dict[str, Any]:
        """The income, 吃穿 and risks as the services take them."""
        data = self.cleaned_data
        return {name: data.get(name) for name in self.FINDING_FIELDS}

    @property
    def asks_confirmation(self) -> bool:
        return "confirm_judgement" in self.errors or bool(self.data.get("confirm_judgement"))

    def answers(self) -> dict[str, dict[str, Any]]:
        """The answers as the service takes them; an item whose own fields are invalid (shown there) is left out."""
        data = self.cleaned_data
        answers = {}
        for i in PROBLEM_ITEMS:
            checked_name, problem_name = f"item_{i.number}_checked", f"item_{i.number}_problem"
            if checked_name not in data or problem_name not in data:
                continue
            if data[checked_name] or data[problem_name].strip():
                answers[str(i.number)] = {"checked": data[checked_name], "problem": data[problem_name]}
        if data.get("judgement_note", "").strip():
            answers[str(JUDGEMENT_ITEM)] = {"checked": [], "problem": data["judgement_note"]}
        return answers

    def clean(self) -> dict[str, Any]:
        """The service's rules for the date and the items (campaign_forms.form_errors), checked with the fields'
        own, so one submission shows every error at its field: not the date alone first and the items after."""
        data = super().clean()
        if self.campaign is not None:
            from screening.services.campaign_forms import form_errors

            errors = form_errors(
                self.campaign,
                data.get("filled_on"),
                self.answers(),
                at_risk=bool(data.get("at_risk")),
                propose_monitoring=bool(data.get("propose_monitoring")),
                household=self.household,
                findings=self.findings(),
                confirm_judgement=bool(data.get("confirm_judgement")),
            )
            if errors:
                self.apply_service_errors(ValidationError(errors))
        return data

    def apply_service_errors(self, error: ValidationError) -> None:
        """The service keys an item's errors "item_<n>"; they belong under that item's problem text."""
        if hasattr(error, "error_dict"):
            renamed = {(f"{k}_problem" if k.startswith("item_") else k): v for k, v in error.error_dict.items()}
            error = ValidationError(renamed)
        apply_errors(self, error)


class ProblemFilterForm(forms.Form):
    q = forms.CharField(
        label="户主",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "户主姓名或户编号"}),
    )
    region = forms.ChoiceField(label="乡镇/村", required=False)
    problem_type = forms.ChoiceField(label="问题类型", required=False, choices=[("", "全部"), *ProblemType.choices])
    status = forms.ChoiceField(label="整改状态", required=False, choices=[("", "全部"), *ProblemStatus.choices])
    level = forms.ChoiceField(label="层级", required=False, choices=[("", "全部"), *AreaLevel.choices])
    overdue = forms.ChoiceField(label="整改时限", required=False, choices=[("", "全部"), ("yes", "逾期未整改")])

    def __init__(self, *args: Any, regions: Any, area: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indent = {"township": "", "village": "　"}
        self.fields["region"].choices = [
            ("", "全部"),
            *[(r.code, f"{indent.get(r.level, '')}{r.name}") for r in regions],
        ]
        if area:
            del self.fields["q"]
        else:
            del self.fields["level"]
        if len(self.fields["region"].choices) <= 2:
            del self.fields["region"]


class PlanForm(NamedFieldMessagesMixin, forms.Form):
    measure = forms.CharField(label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible_person = forms.CharField(label="责任人", required=False, max_length=50)
    responsible_unit = forms.CharField(label="责任单位", required=False, max_length=100)
    deadline = forms.DateField(label="整改时限", required=False, widget=DATE)


class CloseForm(NamedFieldMessagesMixin, forms.Form):
    evidence_text = forms.CharField(
        label="整改佐证说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="与佐证材料至少提供一项",
    )
    evidence_file = forms.FileField(label="佐证材料（照片或PDF）", required=False)
    effect = forms.CharField(label="整改成效", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(
        label="销号日期",
        required=False,
        widget=DATE,
        initial=timezone.localdate,
        help_text="不早于问题录入日期，不晚于今天",
    )


class ReopenForm(NamedFieldMessagesMixin, forms.Form):
    reason = forms.CharField(label="重新打开的理由", widget=forms.Textarea(attrs={"rows": 2}))


class AreaProblemForm(PlanForm):
    level = forms.ChoiceField(label="面上问题层级", choices=AreaLevel.choices)
    region = forms.ModelChoiceField(label="所在单位", queryset=Region.objects.none(), empty_label="请选择")
    problem_type = forms.ChoiceField(label="问题类型", choices=[("", "请选择"), *ProblemType.choices])
    content = forms.CharField(label="具体内容", widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["level", "region", "problem_type", "content", "measure", "responsible_person", "responsible_unit"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = units
        names = {"county": "县", "township": "乡镇", "village": "村"}
        self.fields["region"].label_from_instance = lambda r: f"{r.name}（{names.get(r.level, '')}）"


class HouseholdProblemForm(PlanForm):
    """A row of the household problem ledger (附件3) entered directly: the village narrows the households."""

    village = forms.ModelChoiceField(
        label="村", queryset=Region.objects.none(), empty_label="请选择村", to_field_name="code"
    )
    household = forms.ModelChoiceField(
        label="农户", queryset=Region.objects.none(), empty_label="请选择农户", help_text="先选村，再选该村的农户"
    )
    problem_type = forms.ChoiceField(label="问题类型", choices=[("", "请选择"), *ProblemType.choices])
    content = forms.CharField(label="具体内容", widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["village", "household", "problem_type", "content", "measure", "responsible_person"]

    def __init__(self, *args: Any, villages: Any, households: Any, url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        # Choosing a village reloads only the household list (htmx); without script a button does it.
        self.fields["village"].widget.attrs.update(
            {"hx-get": url, "hx-select": "#household-field", "hx-target": "#household-field", "hx-swap": "outerHTML"}
        )
        self.fields["village"].label_from_instance = lambda v: f"{v.parent.name if v.parent else ''} {v.name}"
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda h: f"{h.head_name or '（无户主）'}（{h.number}）"

    def plan(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in ("measure", "responsible_person", "responsible_unit", "deadline")
        }
