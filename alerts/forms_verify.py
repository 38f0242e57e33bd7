"""The verification form of an alert (alerts.views.alert_detail): the outcome, the visit, the cadre's note and the
note for the department, the category and risk types for 纳入监测, the date of death or moving out for 已故 and
已迁出 (the member is marked so in the registry: alerts.services.member_gone), and the named member's health update."""

from typing import Any

from django import forms
from django.utils import timezone

from alerts.choices import AlertOutcome
from alerts.services.department_note import DEPARTMENT_NOTE_RULE, department_note_problem
from alerts.services.member_gone import GONE_STATUS, member_gone_problems, member_to_mark
from alerts.services.member_health import HEALTH_OUTCOMES, MSG_HEALTH_REQUIRED, MSG_OUTCOME, health_offer
from alerts.services.verification import (
    MSG_ALREADY_MONITORED,
    MSG_BAD_OUTCOME,
    MSG_NOTE_REQUIRED,
    MSG_WRONG_DATA_NOTE,
    joins_open_case,
    note_required_message,
)
from config.forms import NamedFieldMessagesMixin
from households.choices import DisabilityGrade, Health, MonitoringCategory, RiskType, categories_for
from households.member_reasons import LEAVE_CHOICES, NOTE_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# What a monitored household's verification cannot find (services.verification refuses them): not offered.
MONITORED_RULED_OUT = (AlertOutcome.INCLUDE, AlertOutcome.NOT_AT_RISK)

# The fields of the member's health update, which the page shows apart (templates/alerts/alert_detail.html).
HEALTH_FIELD_NAMES = ["update_member_health", "member_health", "member_disability_grade", "member_disability_type"]


class VerifyForm(NamedFieldMessagesMixin, forms.Form):
    health_field_names = HEALTH_FIELD_NAMES
    # Shown for the outcomes they apply to only (static/js/shown_for.js; all of them without script): the
    # category and risk types for 纳入监测 (services.verification), the health update for HEALTH_OUTCOMES.
    include_field_names = ["category", "risk_types"]
    include_outcomes = AlertOutcome.INCLUDE.value
    health_outcomes = " ".join(HEALTH_OUTCOMES)
    gone_field_names = ["left_on"]
    gone_outcomes = " ".join(GONE_STATUS)
    # 迁出原因, for 已迁出 only, when there is a member to mark (services.member_gone): 已故 is 死亡.
    moved_field_names = ["left_reason", "left_note"]
    moved_outcomes = AlertOutcome.MOVED.value
    # Never preselected: the cadre chooses what the visit found (alerts.views.alert_detail).
    outcome = forms.ChoiceField(
        label="核实结果",
        choices=AlertOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_BAD_OUTCOME},
    )
    visited_on = forms.DateField(label="入户核实日期", widget=DATE)
    # Required for 已故 and 已迁出 (clean, and the service): the day the member is marked so in the registry.
    left_on = forms.DateField(
        label="去世或迁出日期",
        required=False,
        widget=DATE,
        help_text="已故填去世日期，已迁出填迁出日期。提交后同时在农户档案中将该成员标记为已故或迁出，不再计入家庭人口。",
    )
    left_reason = forms.ChoiceField(
        label="迁出原因（迁出时必填）", required=False, choices=[("", "请选择"), *LEAVE_CHOICES]
    )
    left_note = forms.CharField(
        label="其他原因", required=False, max_length=NOTE_MAX, help_text="迁出原因选“其他”时填写，如“投靠子女”。"
    )
    # Required for every outcome (each records a visit); the outcome's own words when it is missing (clean).
    note = forms.CharField(
        label="核实情况（仅系统内可见）",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": MSG_NOTE_REQUIRED},
        help_text="写明入户看到的情况，记入走访记录，不反馈给报送部门。无返贫致贫风险时写明理由；迁出请注明去向。",
    )
    # Review rev-clerk 4: the department reads only the outcome and this note, never the cadre's 核实情况.
    department_note = forms.CharField(
        label="反馈报送部门的说明",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"{DEPARTMENT_NOTE_RULE}。报送部门能看到核实结果和这条说明；“部门数据有误”时必填，"
        "写明哪里有误（如：身份证号与姓名不符，请核对）。",
    )
    category = forms.ChoiceField(
        label="拟纳入的监测对象类别（纳入监测时填写）",
        required=False,
        choices=[("", "请选择"), *MonitoringCategory.choices],
    )
    risk_types = forms.MultipleChoiceField(
        label="风险类型（纳入监测时填写）",
        required=False,
        choices=RiskType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, alert: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"visited_on": timezone.localdate(), "risk_types": [alert.rule.risk_type]})
        super().__init__(*args, **kwargs)
        self.alert = alert
        if member_to_mark(alert) is None:  # already marked, or in another household: nobody is marked, no reason
            self.moved_field_names = []
            del self.fields["left_reason"], self.fields["left_note"]
        if alert.household_id and alert.household.monitoring_category:
            # A monitored household is 已是监测对象: 纳入监测 and 无返贫致贫风险 are not offered (the hint says why).
            # Only the buttons go: the field still takes them, so a page opened before the household was included
            # is told the service's refusal in its words (clean), not a bare "invalid choice".
            outcome = self.fields["outcome"]
            outcome.widget.choices = [c for c in outcome.choices if c[0] not in MONITORED_RULED_OUT]
            self.include_field_names = []
            del self.fields["category"], self.fields["risk_types"]
        elif alert.household_id and joins_open_case(alert.household):
            # 纳入监测 joins the open identification case, which keeps its category and risk types: not asked.
            self.include_field_names = []
            del self.fields["category"], self.fields["risk_types"]
        elif alert.household_id:
            household_type = alert.household.household_type
            self.fields["category"].choices = [("", "请选择"), *categories_for(household_type)]
        # A health or disability alert about a living member: its verification may update the member's health
        # (alerts.services.member_health); the page shows these fields together, with the current value.
        self.health_offer = health_offer(alert)
        self.health_suggestion = ""
        if self.health_offer is not None:
            self.fields.update(member_health_fields())
            offer = self.health_offer
            # Nothing is chosen for the cadre (review fx_verify 4): a box ticked with 患有大病 preselected changed the
            # registry's health of a member found 无返贫致贫风险 without anyone choosing it. The feed's suggestion is
            # said beside the box (health_suggestion); the grade and type the row gave wait for a choice of 残疾.
            proposed = offer.health if offer.health and offer.health != offer.member.health else ""
            self.health_suggestion = str(Health(proposed).label) if proposed else ""
            self.initial.update(
                update_member_health=False,
                member_health="",
                member_disability_grade=offer.disability_grade,
                member_disability_type=offer.disability_type,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_error("note", "required") and data.get("outcome"):
            self.errors["note"] = self.error_class([note_required_message(data["outcome"])])
        # 纳入监测 of a monitored household (a page opened before it was included): its category is not asked here,
        # and the service would ask for it before refusing the outcome. 无返贫致贫风险 the service refuses with the
        # form's other errors (services.verification._validate).
        monitored = self.alert.household_id and self.alert.household.monitoring_category
        if monitored and data.get("outcome") == AlertOutcome.INCLUDE:
            self.add_error("outcome", MSG_ALREADY_MONITORED)
        # The note to the department is checked in this round with the others (services.verification asks the same):
        # a phone user told of a number in it only after correcting the rest corrected the form twice.
        department_note = (data.get("department_note") or "").strip()
        if data.get("outcome") == AlertOutcome.WRONG_DATA and not department_note:
            self.add_error("department_note", MSG_WRONG_DATA_NOTE)
        elif problem := department_note_problem(
            department_note, alert=self.alert, outcome=data.get("outcome") or "", visited_on=data.get("visited_on")
        ):
            self.add_error("department_note", problem)
        if self.health_offer is not None and data.get("update_member_health"):
            self._clean_health(data)
        # 已故, 已迁出: the date, and a 户主 to be marked on the member's own form first, said in this round (last:
        # an error at the outcome takes it out of the cleaned data the checks above read).
        gone = member_gone_problems(
            self.alert,
            data.get("outcome") or "",
            data.get("left_on"),
            data.get("visited_on"),
            data.get("left_reason") or "",
            data.get("left_note") or "",
        )
        for field, message in gone.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def _clean_health(self, data: dict[str, Any]) -> None:
        """The health update ticked: a status, for an outcome that confirms the person (services.member_health)."""
        outcome = data.get("outcome") or ""
        if not data.get("member_health"):
            self.add_error("member_health", MSG_HEALTH_REQUIRED)
        elif outcome in AlertOutcome.values and outcome not in HEALTH_OUTCOMES:
            self.add_error("member_health", MSG_OUTCOME.format(outcome=AlertOutcome(outcome).label))
        elif data["member_health"] != Health.DISABLED:
            # The grade and type the alert suggested belong to 残疾 only; another choice leaves them out.
            data["member_disability_grade"] = data["member_disability_type"] = ""

    def member_health_args(self) -> dict[str, str]:
        """alert_verify's arguments for the member's health: none unless the cadre ticked the update."""
        data = self.cleaned_data
        if self.health_offer is None or not data.get("update_member_health"):
            return {}
        return {name: data.get(name) or "" for name in HEALTH_FIELD_NAMES[1:]}


def member_health_fields() -> dict[str, forms.Field]:
    """The verification form's fields for the member's health update (VerifyForm)."""
    return {
        "update_member_health": forms.BooleanField(label="同时更新该成员的健康状况", required=False),
        "member_health": forms.ChoiceField(label="更新为", required=False, choices=[("", "请选择"), *Health.choices]),
        "member_disability_grade": forms.ChoiceField(
            label="残疾等级（更新为“残疾”时必填）", required=False, choices=[("", "请选择"), *DisabilityGrade.choices]
        ),
        "member_disability_type": forms.CharField(
            label="残疾类别（更新为“残疾”时填写）",
            required=False,
            max_length=20,
            widget=forms.TextInput(attrs={"placeholder": "如：肢体残疾"}),
        ),
    }
