"""Forms of the registry pages. They validate shape; the rules live in households.services."""

from collections.abc import Collection
from typing import Any

from django import forms

from accounts.scoping import user_grid_id
from config.forms import NamedFieldMessagesMixin, valid_filters
from config.stale import StaleFormMixin
from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, MonitoringState, Relation, RiskType
from households.ethnicity import ETHNIC_GROUPS, ETHNICITY_CHOICES, normalize_ethnicity
from households.filter_fold import FoldedFiltersMixin
from households.filter_state import STATE_CHOICES, RegistryStateMixin
from households.forms_confirm import ConfirmUnusualMixin
from households.forms_consent import ConsentForm as ConsentForm  # the registry's forms in one place for the views
from households.forms_household_type import household_type_field
from households.forms_income import IncomeForm as IncomeForm  # the registry's forms in one place for the views
from households.forms_newborn import add_newborn_fields, newborn_input, require_number_or_box
from households.forms_rows import MemberRowsFormSet
from households.forms_visit import VisitForm as VisitForm  # the registry's forms in one place for the views
from households.member_rules import COMPULSORY_SCHOOL_AGES
from households.models import Household, Member
from households.ordering import ORDERING_CHOICES
from households.phone import household_phone
from households.region_filter import NO_REGION
from households.selectors import (
    grid_options,
    grids_in_order,
    group_options,
    township_options,
    village_options,
)
from households.selectors_search import SEARCH_HELP, id_hint
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM
from households.services.entry_errors import member_errors, members_errors, place_errors
from households.services.household_rules import HELP_RISK_TYPES_PROCEDURE, update_rules
from households.services.members import MEMBER_INPUT_FIELDS, MSG_NO_HEAD
from households.services.numbering import HELP_NUMBER_RETIRED

YES_NO = [("", "全部"), ("yes", "是"), ("no", "否")]


# A place in the list's filter that is not one of the actor's (mistyped, bookmarked by another user, or a group or
# grid of another village): said on the page, and the list is then empty rather than the whole scope.
MSG_REGION_NOT_IN_SCOPE = {
    "township": "所选乡镇不存在或不在您的管辖范围内。",
    "village": "所选村不存在或不在您的管辖范围内。",
    "group": "所选村民小组不存在或不在您的管辖范围内（请先选择所在的村）。",
    "grid": "所选网格不存在或不在您的管辖范围内（请先选择所在的村）。",
}
REGION_FIELDS = tuple(MSG_REGION_NOT_IN_SCOPE)
# A group or grid in a link without its village (?grid=2): their lists are offered once a village is chosen, so the
# condition is left out (the list shows the rest) and the page says why, rather than an empty list.
MSG_PLACE_WITHOUT_VILLAGE = "未选择村，已忽略{label}条件：请先选择村，再选择{label}。"


class HouseholdFilterForm(FoldedFiltersMixin, RegistryStateMixin, forms.Form):
    q = forms.CharField(
        label="查找",
        required=False,
        help_text=SEARCH_HELP,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "姓名、身份证号或户编号"}),
    )
    township = forms.ChoiceField(label="乡镇", required=False)
    village = forms.ChoiceField(label="村", required=False)
    group = forms.ChoiceField(label="村民小组", required=False)
    grid = forms.ChoiceField(label="网格", required=False)
    household_type = forms.ChoiceField(label="户类型", required=False, choices=[("", "全部"), *HouseholdType.choices])
    monitoring_category = forms.ChoiceField(
        label="监测对象类别", required=False, choices=[("", "全部"), *MonitoringCategory.choices]
    )
    risk_type = forms.ChoiceField(label="风险类型", required=False, choices=[("", "全部"), *RiskType.choices])
    monitoring_state = forms.ChoiceField(
        label="监测状态", required=False, choices=[("", "全部"), *MonitoringState.choices]
    )
    monitored = forms.ChoiceField(label="只看监测对象", required=False, choices=[("", "否"), ("yes", "是")])
    monthly_visit = forms.ChoiceField(
        label="只看每月应走访户（监测户和脱贫户）", required=False, choices=[("", "否"), ("yes", "是")]
    )
    visited_this_month = forms.ChoiceField(label="本月已走访", required=False, choices=YES_NO)
    # The dashboard's tiles open these lists (households.selectors.last_month_unvisited, never_visited): "否" is the
    # households due a visit last month that had none, "是" those due that had one.
    visited_last_month = forms.ChoiceField(label="上月已走访（上月应走访户）", required=False, choices=YES_NO)
    never_visited = forms.ChoiceField(
        label="只看纳入监测以来从未走访的监测对象", required=False, choices=[("", "否"), ("yes", "是")]
    )
    # Set by the list's 在册/已注销/全部 tabs (households.filter_state), kept when a filter changes.
    registry_state = forms.ChoiceField(
        label="档案状态", required=False, choices=STATE_CHOICES, widget=forms.HiddenInput
    )
    # Set by the list's sort links (households.ordering), kept when a filter changes; an unknown one is left out.
    ordering = forms.ChoiceField(required=False, choices=[("", ""), *ORDERING_CHOICES], widget=forms.HiddenInput)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        villages = list(village_options(actor=actor))
        townships = list(township_options(actor=actor))
        self.fields["township"].choices = [("", "全部"), *[(t.code, t.name) for t in townships]]
        # Over several townships a village is named with its township (two townships may each have a 新村).
        named = (lambda v: f"{v.parent.name} {v.name}") if len(townships) > 1 else (lambda v: v.name)
        self.fields["village"].choices = [("", "全部"), *[(v.code, named(v)) for v in villages]]
        # Groups and grids of one village: the cadre's own, or the village chosen. A county has hundreds of each,
        # too many for one list; choosing the village first narrows them.
        chosen = (
            villages[0]
            if len(villages) == 1
            else next((v for v in villages if v.code == self.data.get("village")), None)
        )
        self.ignored: list[str] = []
        if chosen is None:
            self.fields["group"].choices = [("", "全部（请先选择村）")]
            self.fields["grid"].choices = [("", "全部（请先选择村）")]
            if not self.data.get("village") and any(self.data.get(name) for name in ("group", "grid")):
                self.data = self.data.copy()
                for name in ("group", "grid"):
                    if self.data.get(name):
                        self.data.pop(name)
                        self.ignored.append(MSG_PLACE_WITHOUT_VILLAGE.format(label=self.fields[name].label))
        else:
            groups = group_options(actor=actor, village=chosen).order_by("path")
            grids = grids_in_order(grid_options(actor=actor, village=chosen))
            self.fields["group"].choices = [("", "全部"), *[(g.code, g.name) for g in groups]]
            self.fields["grid"].choices = [("", "全部"), *[(g.pk, g.name) for g in grids]]
        for name in REGION_FIELDS:
            self.fields[name].error_messages["invalid_choice"] = MSG_REGION_NOT_IN_SCOPE[name]
        # A field dropped below still may come in a link: its one allowed value, checked in clean().
        self.only_choice = {"village": [v.code for v in villages], "township": [t.code for t in townships]}
        if len(villages) <= 1:
            # A village cadre has one village: the filter would only take space on a phone.
            del self.fields["village"]
        if len(townships) <= 1:
            del self.fields["township"]
        if user_grid_id(actor) is not None:
            del self.fields["grid"]  # a grid-limited cadre sees one grid (the list says which)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, codes in self.only_choice.items():
            value = self.data.get(name) or ""
            if name not in self.fields and value and value not in codes:
                self.add_error(None, MSG_REGION_NOT_IN_SCOPE[name])
        return cleaned

    @property
    def region_errors(self) -> list[str]:
        """What the page says of a place in the filter that is not the actor's."""
        if not self.is_bound or self.is_valid():
            return []
        errors = [str(e) for name in REGION_FIELDS if name in self.errors for e in self.errors[name]]
        return errors + [str(e) for e in self.non_field_errors()]

    @property
    def id_hint(self) -> str:
        """What an empty list says when the query looked like an ID number (a part too short, or mistyped)."""
        return id_hint(self.actor, str(self.data.get("q") or "")) if self.is_bound else ""

    def filters(self) -> dict[str, Any]:
        """The valid filters (config.forms.valid_filters). A place that is not the actor's matches no household
        (NO_REGION), so the list is empty under the message instead of silently showing the whole scope."""
        data = valid_filters(self)
        if self.region_errors:
            data["village"] = NO_REGION
        return data


def add_rule_errors(form: forms.BaseForm, errors: dict[str, list[str]], *, skip: Collection[str] = ()) -> None:
    """A service's errors asked in a form's clean(), said with the fields' own: each at its field, unless the field
    has its own error already (a blank field's "请填写…" is what to fix first), the others above the form."""
    for name, messages in errors.items():
        target = name if name in form.fields else None
        if target is not None and target in form.errors:
            continue
        for message in messages:
            if message not in skip:
                form.add_error(target, message)


class HouseholdForm(StaleFormMixin, ConfirmUnusualMixin, NamedFieldMessagesMixin, forms.ModelForm):
    """A household's fields. The edit page writes only what the user changed on the page they saw (config.stale).
    The rules of households.services.registry (a group of another village; the new household's `members`, a
    MemberFormSet: their ID numbers, ages, one head) are asked in clean() too, to be said in one round with the
    fields' own errors; the service checks them again when it saves."""

    village = forms.ModelChoiceField(label="村", queryset=None)  # type: ignore[arg-type]
    risk_types = forms.MultipleChoiceField(
        label="风险类型", required=False, choices=RiskType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Household
        fields = [
            "village",
            "group",
            "grid",
            "number",
            "address",
            "phone",
            "household_type",
            "labour_capacity",
            "risk_types",
            "food_clothing_ok",
            "education_ok",
            "medical_ok",
            "housing_ok",
            "water_ok",
        ]

    # What the edit page compares and writes (config.stale): the household's fields, not the "仍要保存" box.
    stale_fields = Meta.fields

    def __init__(self, *args: Any, actor: Any, members: forms.BaseFormSet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.members = actor, members
        self.fields["village"].queryset = village_options(actor=actor)
        self.fields["village"].label_from_instance = lambda v: f"{v.parent.name if v.parent else ''} {v.name}"
        # Accepted: any group or grid in scope (another village's is said by the rules, households.services.place).
        # Shown when editing: the household's own village's only, not a township's ~100 groups of every village.
        place = {"village": self.instance.village} if self.instance.pk else {}
        self.fields["group"].queryset = group_options(actor=actor)
        groups = group_options(actor=actor, **place).order_by("path")
        self.fields["group"].choices = [("", "（不分组）"), *[(g.pk, str(g)) for g in groups]]
        self.fields["grid"].queryset = grid_options(actor=actor)
        # A grid-limited cadre keeps the households they register in their grid (households.services.common).
        none = [] if user_grid_id(actor) is not None else [("", "（未划入网格）")]
        grids = grids_in_order(grid_options(actor=actor, **place))
        self.fields["grid"].choices = [*none, *[(g.pk, str(g)) for g in grids]]
        household_type_field(self.fields["household_type"], actor=actor, creating=not self.instance.pk)
        self.fields["labour_capacity"].choices = [("", "请选择"), *LabourCapacity.choices]
        self.add_confirm_field()  # members' ages (services.relation_ages), labour, secured guarantees (household_rules)
        if not self.instance.pk:
            self.fields["number"].required = False  # a new household's is the village's next (registry.next_number)
            self.fields["number"].label = "户编号（留空自动生成）"
        else:
            del self.fields["village"]  # a household changes village only through a transfer of its members
            self.fields["number"].help_text = HELP_NUMBER_RETIRED  # said before saving: a number typed over is retired
        if self.instance.monitoring_category:
            # Approved by identification or re-marking, changed by their procedures (household_rules).
            self.fields["risk_types"].disabled = True
            self.fields["risk_types"].help_text = HELP_RISK_TYPES_PROCEDURE
        if not self.instance.pk and self.fields["village"].queryset.count() == 1:
            # A village cadre's own village, chosen and without an empty choice to fall back to.
            self.fields["village"].initial = self.fields["village"].queryset.first()
            self.fields["village"].empty_label = None
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})

    def clean_phone(self) -> str:
        return household_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._ask_place(cleaned)
        if self.members is not None:
            self._ask_members(cleaned)
        if self.instance.pk:
            self._ask_household(cleaned)
        return cleaned

    def _ask_household(self, cleaned: dict[str, Any]) -> None:
        """household_update's own rules (households.services.household_rules) over the fields this user changed."""
        refused, questions = update_rules(actor=self.actor, household=self.instance, changes=self.edited())
        if not cleaned.get(CONFIRM_FIELD):
            for name, question in questions.items():
                refused.setdefault(name, []).append(question)
            if questions:
                refused[CONFIRM_FIELD] = [MSG_CONFIRM]
        add_rule_errors(self, refused)

    def _ask_place(self, cleaned: dict[str, Any]) -> None:
        """A 村民小组 or 网格 of another village (a township user's lists hold every village's)."""
        if self.instance.pk:
            changes = self.edited()
            if "group" not in changes and "grid" not in changes:
                return
            village = self.instance.village
            group, grid = changes.get("group", self.instance.group), changes.get("grid", self.instance.grid)
        else:
            village, group, grid = cleaned.get("village"), cleaned.get("group"), cleaned.get("grid")
        if village is not None:
            add_rule_errors(self, place_errors(village=village, group=group, grid=grid))

    def _ask_members(self, cleaned: dict[str, Any]) -> None:
        """The member rows' rules over what each row could read, at the rows' fields (or above the form)."""
        if self.members is None:
            return
        self.members.is_valid()  # each row's own checks first: what they refuse is not asked of the service
        rows = self.members.filled_forms  # a row added and left empty is no member (households.forms_rows)
        data = [row.rule_input() for row in rows]
        errors = members_errors(actor=self.actor, rows=data, confirm=bool(cleaned.get(CONFIRM_FIELD)))
        # A head not named: said at the blank 与户主关系 already.
        skip = [MSG_NO_HEAD] if any("relation" in row.errors for row in rows) else []
        for key, messages in errors.items():
            if key.startswith("members-"):
                _, index, name = key.split("-", 2)
                add_rule_errors(rows[int(index)], {name: messages})
            else:
                add_rule_errors(self, {key: messages}, skip=skip)


# The fields under 更多信息, a <details> opened when one of them has an error (review rev-cadre finding 7).
MORE_FIELDS = (
    "student_stage",
    "disability_type",
    "employment_place",
    "employment_months",
    "assistance_status",
    "medical_insurance",
    "employee_medical_insurance",
    "pension_insurance",
)


class MemberForm(ConfirmUnusualMixin, NamedFieldMessagesMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = MEMBER_INPUT_FIELDS
        widgets = {
            # Not inputmode="numeric": a number may end in X, which a phone's number pad cannot type. Upper case
            # and no spelling correction keep the letter keyboard from getting in the way.
            "id_number": forms.TextInput(
                attrs={
                    "autocapitalize": "characters",
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "maxlength": 18,
                    "data-id-number": "1",
                    "placeholder": "18位身份证号",
                }
            )
        }

    def __init__(self, *args: Any, actor: Any = None, household: Household | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One member's page (add, edit) asks the service's rules in clean(); the household form asks its rows'.
        self.actor = actor
        self.household = household or (self.instance.household if self.instance.pk else None)
        for name in ("education", "disability_grade", "labour_skill"):
            self.fields[name].choices = [("", "请选择"), *self.fields[name].choices[1:]]
        self.fields["relation"].initial = Relation.HEAD if self.prefix and self.prefix.endswith("-0") else ""
        self.fields["relation"].choices = [("", "请选择"), *Relation.choices]
        # A list, not free text ("汉" beside "汉族" splits every count by 民族). An old record's value that names
        # no group stays a choice, so that editing the member does not force a change.
        current = normalize_ethnicity(self.instance.ethnicity) if self.instance.pk else ETHNIC_GROUPS[0]
        choices = [*ETHNICITY_CHOICES, *([(current, current)] if current not in dict(ETHNICITY_CHOICES) else [])]
        self.fields["ethnicity"] = forms.ChoiceField(
            label="民族", choices=choices, initial=ETHNIC_GROUPS[0], error_messages={"required": "请选择民族。"}
        )
        if self.instance.pk:
            self.initial["ethnicity"] = current
        self.fields["employment_months"].widget.attrs.update({"min": 0, "max": 12})
        add_newborn_fields(self)  # 暂无身份证号: a baby's sex and birth date typed (households.forms_newborn)
        if not self.prefix:
            self.add_confirm_field()  # one member's form; the household form asks for its formset

    # The page's script opens 更多信息 for a child of these school ages (age on 31 August before the school year:
    # households.member_rules.school_age), typed or on file (static/js/idnumber.js): its 在校生情况 defaults to
    # 非在校生, which the service asks about (households.services.school_age).
    school_ages = COMPULSORY_SCHOOL_AGES

    pointed = ""

    def point_to(self, name: str) -> None:
        """The page opened from a data check's finding (?field=): that field has the focus, its section open."""
        if name in self.fields:
            self.pointed = name
            self.fields[name].widget.attrs["autofocus"] = True

    @property
    def more_open(self) -> bool:
        return self.pointed in MORE_FIELDS or any(name in self.errors for name in MORE_FIELDS)

    def validate_unique(self) -> None:
        """ID uniqueness among living members is the service's rule, with a message naming the holder."""

    def clean(self) -> dict[str, Any]:
        """member_add's or member_update's rules over the fields that could be read, so that a wrong ID number or a
        stage that does not fit the age is said with a blank field in one round; the service checks them again."""
        cleaned = super().clean()
        require_number_or_box(self)
        if self.actor is None or self.household is None:
            return cleaned
        errors = member_errors(
            actor=self.actor,
            household=self.household,
            data=self.rule_input(),
            member=self.instance if self.instance.pk else None,
            confirm=bool(cleaned.get(CONFIRM_FIELD)),
        )
        add_rule_errors(self, errors, skip=[MSG_NO_HEAD] if "relation" in self.errors else [])
        return cleaned

    def rule_input(self) -> dict[str, Any]:
        """What the service would be given: the valid input fields (and the 暂无身份证号 box's)."""
        values = {k: v for k, v in self.cleaned_data.items() if k in MEMBER_INPUT_FIELDS}
        return newborn_input(self, values, MEMBER_INPUT_FIELDS)


MemberFormSet = forms.formset_factory(MemberForm, formset=MemberRowsFormSet, extra=0, min_num=1, validate_min=True)
