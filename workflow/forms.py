from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from households.choices import MonitoringCategory, NationalRiskType, RiskType, categories_for
from households.forms_confirm import confirm_box
from households.models import Household
from workflow.choices import CaseKind, Channel, Outcome
from workflow.forms_cases import CaseFilterMixin
from workflow.models import Step
from workflow.roles import acting_roles
from workflow.selectors_batches import household_income_flag
from workflow.selectors_procedures import task_procedures
from workflow.services.approval_records import DOCUMENT_NUMBER_LIMIT, MSG_TOO_LONG, NUMBER_EXAMPLE
from workflow.services.case_opening import (
    CONFIRM_ADVISORIES_LABEL,
    MSG_CHANNEL_REQUIRED,
    RISK_GUARANTEE_HELP,
    chosen_national,
    open_errors,
    unconfirmed_advisories,
)
from workflow.services.cases import NOTE_LIMIT, WITHDRAW_REASON_LIMIT
from workflow.services.exit_rules import NO_MEASURE_REASON_LABEL, NO_MEASURE_REASON_LIMIT, without_measure
from workflow.services.pass_rules import (
    AFTER_OBJECTION_AUTO,
    AFTER_OBJECTION_REVIEW,
    MSG_POST_FIRST,
    MSG_PUBLICITY_OBJECTION_OPEN,
    MSG_PUBLICITY_OBJECTION_UPHELD,
)
from workflow.services.review_rules import (
    MSG_REVIEW_MINUTES_HELP,
    MSG_REVIEW_PUBLICITY_MINUTES_HELP,
    MSG_REVIEW_PUBLICITY_RUNNING,
    MSG_REVIEW_PUBLICITY_UNPOSTED_RUNNING,
)

MSG_PUBLICITY_RUNNING = (
    "公示期至 {date}，期满无异议由系统自动通过，无需办理。如需终止本案（例如异议经核实成立），选择“不通过”并填写意见。"
)
# Not posted yet: the period counts from the posting day (services.publicity), so no end is known.
MSG_PUBLICITY_UNPOSTED_RUNNING = (
    "公示期自张贴之日起{period}，请张贴后登记张贴日期；期满无异议由系统自动通过，无需办理。"
    "如需终止本案（例如异议经核实成立），选择“不通过”并填写意见。"
)


MSG_COMPARISON_ELSEWHERE = (
    "比对通过须点上方“录入部门比对结果”逐人录入，本环节随比对结果办理。这里只用于终止本案（不通过）{skip}。"
)
MSG_SKIP_CLAUSE = "，或风险明确、公示无异议时免于比对"
MSG_DOCUMENT_NUMBER_EXAMPLE = f"按县级批复文件填写，如：{NUMBER_EXAMPLE}"


NATIONAL_RISK_LABEL = "国家系统风险类型（有多种对应时选择）"
NATIONAL_RISK_HELP = (
    "不选时按常见对应：医疗支出记“因病”（家中只有残疾、没有患病成员的记“因残”），灾害损失记“因自然灾害”，"
    "劳动力死亡记“缺劳动力”。只申报“人均纯收入低于监测范围”的，国家系统没有对应类型，须按入户核实的原因选择"
    "（如家中没有能劳动的成员的选“缺劳动力”）。"
)


# 发现渠道 feeds the statistics by channel: it starts unchosen unless the way in says it (a visit's finding, a
# screening hit), so that a cadre never submits the first option unread.
CHANNEL_CHOICES = [("", "请选择"), *Channel.choices]
# The township and the county see such a case flagged (selectors_batches.FLAG_INCOME_ABOVE) and often return it.
MSG_INCOME_ABOVE_ASK = (
    "该户{flag}以“人均纯收入低于监测范围”申报的，乡镇审核和县级审批时会标注“以收入低于监测范围申报但收入高于标准”。"
    "请先核实收入（收入有变化的先更新收支），或改选实际的风险类型；确认无误的，勾选本项后再发起。"
)
CONFIRM_INCOME_LABEL = "已核实，仍按“人均纯收入低于监测范围”申报"
# The advisories are listed above the box (如发起风险消除，请注意); the service's message, naming them, is the API's.
MSG_CONFIRM_ADVISORIES_ASK = "该户有上方所列风险消除前需核实的情况：逐项核实后仍提出风险消除的，请勾选本项再发起。"


class CaseOpenForm(NamedFieldMessagesMixin, forms.Form):
    """Shape here; the rules are services.case_opening.open_errors's, asked in clean() too so that every field's
    error shows in one round. A household whose latest income is above the line, proposed for 人均纯收入低于监测范围,
    is asked about once (selectors_batches.household_income_flag: what the township and county see flagged): advice,
    not a refusal, so the cadre ticks 仍按此申报 to go on."""

    kind = forms.ChoiceField(label="案件类别", choices=CaseKind.choices)
    # An exit's: on the form only when the household has advisories (services.case_opening.unconfirmed_advisories),
    # shown under them while 风险消除 is chosen.
    confirm_advisories = forms.BooleanField(
        label=CONFIRM_ADVISORIES_LABEL, required=False, widget=confirm_box(counted=True)
    )
    channel = forms.ChoiceField(
        label="发现渠道", choices=CHANNEL_CHOICES, error_messages={"required": MSG_CHANNEL_REQUIRED}
    )
    risk_types = forms.MultipleChoiceField(
        label="风险类型",
        choices=RiskType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=RISK_GUARANTEE_HELP,
    )
    # Shown under the risk types only once asked (income_asked) or ticked. Its question is said at the box alone,
    # so the error banner counts it among the items marked red (confirm_box(counted=True)).
    confirm_income = forms.BooleanField(label=CONFIRM_INCOME_LABEL, required=False, widget=confirm_box(counted=True))
    national_risk_types = forms.MultipleChoiceField(
        label=NATIONAL_RISK_LABEL,
        choices=NationalRiskType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=NATIONAL_RISK_HELP,
    )
    category = forms.ChoiceField(
        label="拟纳入监测类别", choices=[("", "（风险消除不填）"), *MonitoringCategory.choices], required=False
    )
    discovered_on = forms.DateField(label="发现日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    # An exit's, on the form only when the household has no measure in place (services.exit_rules).
    no_measure_reason = forms.CharField(
        label=NO_MEASURE_REASON_LABEL,
        required=False,
        max_length=NO_MEASURE_REASON_LIMIT,
        help_text="该户帮扶方案中没有实施中或已完成的帮扶措施：确未落实措施而风险已消除的，写明原因（如“风险自然消除："
        "家庭成员已稳定务工”），乡镇审核、县级审批时可见。",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # An inclusion's fields: an exit is about the risks the household was included for, is proposed rather than
    # discovered (no channel, services.case_opening), so the page hides them while 风险消除 is chosen (js/shown_for.js;
    # without script they are shown, and the service ignores them for an exit).
    inclusion_only = ("channel", "risk_types", "confirm_income", "national_risk_types", "category")
    exit_only = ("confirm_advisories", "no_measure_reason")

    def __init__(
        self,
        *args: Any,
        household_type: str = "",
        household: Household | None = None,
        exit_refused: bool = False,
        proposes_exit: bool = True,
        **kwargs: Any,
    ) -> None:
        """`exit_refused`: the household may not have a 风险消除 (services.exit_rules.exit_refusal, said above the
        form): the exit's own fields are not asked, and the page offers no 发起 for it. `proposes_exit`: the user may
        propose one (services.proposers: the village); else it is not among the kinds."""
        super().__init__(*args, **kwargs)
        if not proposes_exit:
            self.fields["kind"].choices = [choice for choice in CaseKind.choices if choice[0] != CaseKind.EXIT]
        self.household = household
        self.exit_refused = exit_refused
        kind = self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        self.fields["channel"].required = kind != CaseKind.EXIT
        if kind == CaseKind.EXIT:
            self.fields["discovered_on"].label = "提出日期"
        # Only the categories this household may be monitored under (脱贫不稳定户 for a lifted-out household, ...).
        self.fields["category"].choices = [("", "（风险消除不填）"), *categories_for(household_type)]
        if exit_refused or household is None or not unconfirmed_advisories(household, CaseKind.EXIT, confirmed=False):
            del self.fields["confirm_advisories"]
        if exit_refused or household is None or household.pk not in without_measure([household], timezone.localdate()):
            del self.fields["no_measure_reason"]

    def __iter__(self) -> Iterator[forms.BoundField]:
        for bound in super().__iter__():
            if bound.name != "confirm_income" or self.income_asked:
                yield bound

    @property
    def income_asked(self) -> bool:
        return "confirm_income" in self.errors or bool(self.data.get(self.add_prefix("confirm_income")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.household is None:
            return cleaned
        # Nothing chosen: the usual codes, but for income below the line alone (services.case_opening).
        cleaned["national_risk_types"] = chosen_national(
            self.household, cleaned.get("risk_types") or [], cleaned.get("national_risk_types")
        )
        errors, _ = open_errors(
            household=self.household,
            kind=cleaned.get("kind"),
            channel=cleaned.get("channel"),
            risk_types=cleaned.get("risk_types") or [],
            category=cleaned.get("category") or "",
            discovered_on=cleaned.get("discovered_on"),
            national_risk_types=cleaned.get("national_risk_types"),
            no_measure_reason=cleaned.get("no_measure_reason") or "",
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        confirmed = bool(cleaned.get("confirm_advisories"))
        asked = "confirm_advisories" in self.fields
        if asked and unconfirmed_advisories(self.household, cleaned.get("kind"), confirmed):
            self.add_error("confirm_advisories", MSG_CONFIRM_ADVISORIES_ASK)
        if cleaned.get("kind") != CaseKind.EXIT and not cleaned.get("confirm_income"):
            flag = household_income_flag(self.household, cleaned.get("risk_types") or [], timezone.localdate())
            if flag:
                self.add_error("confirm_income", MSG_INCOME_ABOVE_ASK.format(flag=flag))
        return cleaned

    def open_arguments(self) -> dict[str, Any]:
        """The valid form as services.cases.case_open's arguments."""
        return {name: value for name, value in self.cleaned_data.items() if name != "confirm_income"}


class CaseActForm(NamedFieldMessagesMixin, forms.Form):
    step_code = forms.CharField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="办理结果", choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="意见",
        required=False,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=NOTE_LIMIT)},
        help_text=f"不超过 {NOTE_LIMIT} 字。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document_number = forms.CharField(
        label="批复文号（通过、不通过时必填）",
        required=False,
        max_length=DOCUMENT_NUMBER_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=DOCUMENT_NUMBER_LIMIT)},
        help_text=MSG_DOCUMENT_NUMBER_EXAMPLE,
    )
    attachment = forms.FileField(
        label="附件（会议记录、公示照片等）",
        required=False,
        help_text="PDF、JPG 或 PNG，不超过 10 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(
        self,
        *args,
        skippable: bool = False,
        running_until: Any = None,
        unposted_period: str = "",
        passes_elsewhere: bool = False,
        approval: bool = False,
        numbered: bool = True,
        review: bool = False,
        review_publicity: bool = False,
        held: list | None = None,
        **kwargs,
    ) -> None:
        """`review`: passing the step passes a village review (services.review_rules.reviews_in), so it needs the
        minutes; `review_publicity`: the step is a publicity that is the review too (Step.with_review), which no
        meeting passes and the system never passes at the end of its period; `numbered`: a county approval that
        passes with a 批复文号 (Step.needs_approval_number), else the county bureau's 审定 without one."""
        super().__init__(*args, **kwargs)
        self.running_until = running_until
        # The objections holding a running publicity: the page says they must be verified first, not 期满自动通过.
        self.held = held or []
        self.to_verify = [objection for objection in self.held if objection.resolved_at is None]
        self.held_open = bool(self.to_verify)
        if review or review_publicity:
            self.fields["attachment"].label = "评议会议记录（通过时必传）"
            self.fields["attachment"].help_text = (
                MSG_REVIEW_PUBLICITY_MINUTES_HELP if review_publicity else MSG_REVIEW_MINUTES_HELP
            )
        if not (approval and numbered):
            del self.fields["document_number"]
        if not skippable:
            self.fields["outcome"].choices = [c for c in Outcome.choices if c[0] != Outcome.SKIP]
        if passes_elsewhere:
            # A department comparison passes with the findings recorded per member (their own page), never here.
            self.fields["outcome"].choices = [c for c in self.fields["outcome"].choices if c[0] != Outcome.PASS]
            self.fields["outcome"].help_text = MSG_COMPARISON_ELSEWHERE.format(
                skip=MSG_SKIP_CLAUSE if skippable else ""
            )
        if running_until is not None:
            # A publicity within its period can only be ended early, by a refusal (an objection found true, say):
            # it passes by itself once the period is over (services.cases.case_act refuses an early pass).
            self.fields["outcome"].choices = [c for c in Outcome.choices if c[0] == Outcome.REJECT]
            unposted, running = MSG_PUBLICITY_UNPOSTED_RUNNING, MSG_PUBLICITY_RUNNING
            if review_publicity:  # passed by its role with the minutes, never by the system (services.deadlines)
                unposted, running = MSG_REVIEW_PUBLICITY_UNPOSTED_RUNNING, MSG_REVIEW_PUBLICITY_RUNNING
            self.fields["outcome"].help_text = (
                unposted.format(period=unposted_period)
                if unposted_period
                else running.format(date=f"{running_until:%Y-%m-%d}")
            )
            if self.held:
                after = AFTER_OBJECTION_REVIEW if review_publicity else AFTER_OBJECTION_AUTO
                self.fields["outcome"].help_text = (MSG_POST_FIRST if unposted_period else "") + (
                    MSG_PUBLICITY_OBJECTION_OPEN.format(after=after)
                    if self.held_open
                    else MSG_PUBLICITY_OBJECTION_UPHELD
                )


WITHDRAW_EXIT_HELP = (
    "如：误选农户，或经核实该户收入尚不稳定、风险尚未稳定消除，需继续帮扶。撤回后本案终止，该户仍为监测对象，"
    "记入农户变更记录；需要时可重新提出。"
)


class CaseWithdrawForm(NamedFieldMessagesMixin, forms.Form):
    note = forms.CharField(
        label="撤回理由",
        max_length=WITHDRAW_REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "请填写撤回理由。",
            "max_length": MSG_TOO_LONG.format(limit=WITHDRAW_REASON_LIMIT),
        },
        help_text="如：误选农户或类别、风险已即时消除。撤回后本案终止，记入农户变更记录；需要时可重新发起。",
    )

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == CaseKind.EXIT:  # an exit's risk is not "eliminated at once": its own reasons
            self.fields["note"].help_text = WITHDRAW_EXIT_HELP


class ObjectionForm(NamedFieldMessagesMixin, forms.Form):
    step_code = forms.CharField(widget=forms.HiddenInput)
    raised_by_name = forms.CharField(label="异议人", max_length=50)
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionResolveForm(NamedFieldMessagesMixin, forms.Form):
    upheld = forms.TypedChoiceField(
        label="核实结论",
        choices=[("0", "异议不成立"), ("1", "异议成立")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(label="核实情况", widget=forms.Textarea(attrs={"rows": 3}))
    refuse_step = forms.BooleanField(
        label="异议成立的，同时将本公示环节办理为“不通过”（本案终止）",
        required=False,
        initial=True,
        help_text="核实情况即作为不通过的理由记入案件。不勾选的，本环节须另行办理。",
    )

    def __init__(self, *args: Any, step_open: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not step_open:  # a late objection: the publicity already passed, nothing to refuse here
            del self.fields["refuse_step"]


class TaskFilterForm(CaseFilterMixin):
    """我的任务's filters: where, which step, which kind of case, only the overdue, a household."""

    village = forms.ChoiceField(label="村", required=False)
    step = forms.ChoiceField(label="待办环节", required=False)
    kind = forms.ChoiceField(label="案件类别", required=False, choices=[("", "全部"), *CaseKind.choices])
    overdue = forms.BooleanField(label="只看超期", required=False)
    q = forms.CharField(
        label="姓名、身份证号或户编号",
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "户主或成员姓名、身份证号或户编号（后4位以上）"}
        ),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_place(actor)
        # No other county's or province's steps, which no task of the actor's can be at (task_procedures).
        procedures = [procedure.pk for procedure in task_procedures(actor)]
        names = (
            Step.objects.filter(role__in=acting_roles(actor), procedure__in=procedures)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
        self.fields["step"].choices = [("", "全部"), *[(name, name) for name in names]]
