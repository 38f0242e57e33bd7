import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Department
from alerts.choices import AlertLevel, AlertOutcome, UnregisteredOutcome
from alerts.ingest.services import MAX_UPLOAD_MB
from alerts.ingest.sniff import FEED_EXTENSIONS, check_format
from alerts.models import FeedType
from alerts.periods import CATCH_UP_DAYS
from alerts.selectors import feed_type_list
from alerts.selectors_periods import (
    MSG_PERIOD_UNKNOWN,
    PeriodOption,
    county_of,
    default_upload_period,
    upload_period_options,
)
from alerts.selectors_unregistered import PENDING
from alerts.selectors_unregistered import STATUS_CHOICES as PERSON_STATUS_CHOICES
from alerts.services.member_health import HEALTH_OUTCOMES, MSG_HEALTH_REQUIRED, health_offer
from alerts.services.verification import (
    MSG_BAD_OUTCOME,
    MSG_NOTE_REQUIRED,
    joins_open_case,
    note_required_message,
)
from config.forms import NamedFieldMessagesMixin
from households.choices import DisabilityGrade, Health, MonitoringCategory, RiskType, categories_for
from households.models import Region
from households.region_filter import NO_REGION, setup_region_filter
from households.selectors import village_options

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DRILL_DOWN_FIELDS = ("department", "outcome", "raised_from", "raised_to")
STATUS_CHOICES = [("pending", "待核实"), ("overdue", "已逾期"), ("verified", "已核实"), ("all", "全部")]


NIL_ACTION = "nil"  # the value of the form's "本期无新增（零报告）" button (name="action")
MSG_FILE_OR_NIL = "数据文件：请选择要上传的文件；本期没有新增人员时，请点“本期无新增（零报告）”。"
MSG_NIL_WITH_FILE = "数据文件：已选了文件，要上传请点“上传”；本期无新增（零报告）不用选文件。"


class UploadForm(NamedFieldMessagesMixin, forms.Form):
    """A file, or a nil return (零报告), for a feed type and the period it reports. The period's choices are
    the chosen feed type's (alerts.selectors_periods); the page reloads them when the feed type changes."""

    feed_type = forms.ModelChoiceField(label="数据类型", queryset=FeedType.objects.none(), empty_label="请选择")
    period = forms.ChoiceField(
        label="报送期",
        required=False,
        help_text="选这份数据所属的报送期。默认是本期（本期还在进行、上一期还没报的，默认上一期）；"
        "超过截止日期补报的，计为迟报。已报送过的期次仍可再传一个文件（更正或补充漏报的人员），"
        "该期是否按时以第一次报送为准。",
        # An expired or unknown period (a late-notice link opened after the catch-up window, a page left open
        # across a deadline) gets the service's own message, not Django's generic one.
        error_messages={"invalid_choice": MSG_PERIOD_UNKNOWN.format(key="%(value)s", days=CATCH_UP_DAYS)},
    )
    file = forms.FileField(
        label="数据文件",
        required=False,
        help_text=f".xlsx 或 .csv（UTF-8 或 GBK 编码），不超过 {MAX_UPLOAD_MB} MB；表头上方可以有标题行。"
        "只有表头、没有数据行的文件按零报告登记。",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(FEED_EXTENSIONS))}),
    )

    def __init__(self, *args: Any, actor: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        feeds = feed_type_list(actor=actor)
        self.fields["feed_type"].queryset = feeds
        self.fields["feed_type"].label_from_instance = lambda f: f"{f.name}（{f.cadence_text()}）"
        # Another feed type has other periods: the page's own GET (?feed_type=) brings its choices.
        self.fields["feed_type"].widget.attrs.update(
            {"hx-get": reverse("alerts:uploads"), "hx-trigger": "change", "hx-target": "#period-field",
             "hx-select": "#period-field", "hx-swap": "outerHTML"}
        )  # fmt: skip
        # The chosen period's state is shown as text under the select (a phone cuts the option text off): a
        # change reloads the field with it, as a change of feed type does.
        self.fields["period"].widget.attrs.update(
            {"hx-get": reverse("alerts:uploads"), "hx-trigger": "change", "hx-target": "#period-field",
             "hx-select": "#period-field", "hx-swap": "outerHTML", "hx-include": "[name=feed_type]"}
        )  # fmt: skip
        self.period_options: list[PeriodOption] = []
        feed = self._chosen_feed(feeds)
        if feed is None:
            self.fields["period"].choices = [("", "选择数据类型后显示（默认本期）")]
            return
        today = today or timezone.localdate()
        options = upload_period_options(feed=feed, region_path=county_of(actor), today=today)
        self.period_options = options
        self.fields["period"].choices = [(o.period.key, o.label) for o in options]
        if not self.is_bound and self.initial.get("period") not in {o.period.key for o in options}:
            self.initial["period"] = default_upload_period(options, today).key
        self.initial.setdefault("feed_type", feed.pk)

    @property
    def period_state(self) -> str:
        """The chosen period's state as a line of text: "2026年11月下半月 · 截止 2026-11-30 · 逾期未报，补报计迟报"."""
        key = self.data.get("period") if self.is_bound else self.initial.get("period")
        option = next((o for o in self.period_options if o.period.key == key), None)
        if option is None:
            return ""
        return f"{option.period.label} · {option.deadline_text} · {option.state}"

    def _chosen_feed(self, feeds: Any) -> FeedType | None:
        """The feed type the form is for: posted, asked for in the link (?feed_type=), or the only one."""
        chosen = self.data.get("feed_type") if self.is_bound else self.initial.get("feed_type")
        if chosen:
            return feeds.filter(pk=chosen).first() if str(chosen).isascii() and str(chosen).isdigit() else None
        return feeds.first() if len(feeds) == 1 else None

    @property
    def nil_return(self) -> bool:
        return self.data.get("action") == NIL_ACTION

    @property
    def nil_confirmed(self) -> bool:
        """The second POST of a nil return, from its confirmation (alerts.ingest.nil_return.NilReturnDraft)."""
        return self.nil_return and self.data.get("confirmed") == "1"

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_format(upload, upload.name or "")  # as the upload service refuses it (a .txt, a renamed PDF)
            except ValidationError as error:
                raise ValidationError(error.message_dict["file"]) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "file" in self.errors:
            return data
        if self.nil_return and data.get("file"):
            self.add_error("file", MSG_NIL_WITH_FILE)  # a file sent as "nothing new" would be silently dropped
        elif not self.nil_return and not data.get("file"):
            self.add_error("file", MSG_FILE_OR_NIL)
        return data


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    feed_type = forms.ModelChoiceField(label="数据类型", required=False, queryset=FeedType.objects.all())
    level = forms.ChoiceField(label="核实层级", required=False, choices=[("", "全部"), *AlertLevel.choices])
    village = forms.ChoiceField(label="村", required=False)
    q = forms.CharField(label="姓名或身份证号", required=False)
    # The 预警汇总's links (alerts.views_summary) narrow the list further; shown only when a link set them.
    department = forms.ChoiceField(label="报送部门", required=False, choices=[("", "全部"), *Department.choices])
    outcome = forms.ChoiceField(label="核实结果", required=False, choices=[("", "全部"), *AlertOutcome.choices])
    raised_from = forms.DateField(label="预警日期从", required=False, widget=DATE)
    raised_to = forms.DateField(label="预警日期至", required=False, widget=DATE)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feed_type"].empty_label = "全部"
        self.village_paths = setup_region_filter(self, actor)
        for name in DRILL_DOWN_FIELDS:
            if not self.data.get(name):
                del self.fields[name]

    def filters(self) -> dict[str, Any]:
        data = dict(self.cleaned_data) if self.is_valid() else {}
        if data.get("status") == "all":
            data["status"] = ""
        elif not data.get("status"):
            data["status"] = "pending"
        if data.get("village"):
            data["village"] = self.village_paths.get(data["village"], NO_REGION)
        return data


# The fields of the member's health update, which the page shows apart (templates/alerts/alert_detail.html).
HEALTH_FIELD_NAMES = ["update_member_health", "member_health", "member_disability_grade", "member_disability_type"]


class VerifyForm(NamedFieldMessagesMixin, forms.Form):
    health_field_names = HEALTH_FIELD_NAMES
    # Shown for the outcomes they apply to only (static/js/shown_for.js; all of them without script): the
    # category and risk types for 纳入监测 (services.verification), the health update for HEALTH_OUTCOMES.
    include_field_names = ["category", "risk_types"]
    include_outcomes = AlertOutcome.INCLUDE.value
    health_outcomes = " ".join(HEALTH_OUTCOMES)
    # Never preselected: the cadre chooses what the visit found (alerts.views.alert_detail).
    outcome = forms.ChoiceField(
        label="核实结果",
        choices=AlertOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_BAD_OUTCOME},
    )
    visited_on = forms.DateField(label="入户核实日期", widget=DATE)
    # Required for every outcome (each records a visit); the outcome's own words when it is missing (clean).
    note = forms.CharField(
        label="核实情况（仅系统内可见）",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": MSG_NOTE_REQUIRED},
        help_text="写明入户看到的情况，记入走访记录，不反馈给报送部门。无返贫致贫风险时写明理由；"
        "迁出、已故请注明去向或日期。",
    )
    # Review rev-clerk 4: the department reads only the outcome and this note, never the cadre's 核实情况.
    department_note = forms.CharField(
        label="反馈报送部门的说明",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="报送部门能看到核实结果和这条说明。“部门数据有误”时必填，写明哪里有误（如：身份证号与姓名不符，请核对）；"
        "请勿填写档案中的姓名、收入、低保、家庭成员、病情等档案信息。",
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
        if alert.household_id and joins_open_case(alert.household):
            # 纳入监测 joins the open identification case, which keeps its category and risk types: not asked.
            self.include_field_names = []
            del self.fields["category"], self.fields["risk_types"]
        elif alert.household_id:
            household_type = alert.household.household_type
            self.fields["category"].choices = [("", "请选择"), *categories_for(household_type)]
        # A health or disability alert about a living member: its verification may update the member's health
        # (alerts.services.member_health); the page shows these fields together, with the current value.
        self.health_offer = health_offer(alert)
        if self.health_offer is not None:
            self.fields.update(member_health_fields())
            offer = self.health_offer
            # Tick and value agree: a change the feed suggests is proposed ticked; nothing to change, both empty.
            proposed = offer.health if offer.health and offer.health != offer.member.health else ""
            self.initial.update(
                update_member_health=bool(proposed),
                member_health=proposed,
                member_disability_grade=offer.disability_grade,
                member_disability_type=offer.disability_type,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_error("note", "required") and data.get("outcome"):
            self.errors["note"] = self.error_class([note_required_message(data["outcome"])])
        if self.health_offer is None or not data.get("update_member_health"):
            return data
        if not data.get("member_health"):
            self.add_error("member_health", MSG_HEALTH_REQUIRED)
        elif data["member_health"] != Health.DISABLED:
            # The grade and type the alert suggested belong to 残疾 only; another choice leaves them out.
            data["member_disability_grade"] = data["member_disability_type"] = ""
        return data

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


MSG_RANGE_REVERSED = "“至”的日期不能早于“截止日期从”的日期。"


class PeriodForm(NamedFieldMessagesMixin, forms.Form):
    """The punctuality range (the page and the API): a bad date or a reversed range is said at its field, never
    replaced by the default range (DESIGN.md "forms show errors at the field")."""

    start = forms.DateField(label="截止日期从", required=False, widget=DATE)
    end = forms.DateField(label="至", required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The date inputs show the range counted (this year up to today), not an empty mm/dd/yyyy.
        today = timezone.localdate()
        kwargs.setdefault("initial", {"start": dt.date(today.year, 1, 1), "end": today})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", MSG_RANGE_REVERSED)
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or today
        return start, end


class OutcomeFilterForm(forms.Form):
    """The department's own alerts (alerts.selectors.department_outcomes): by feed type, outcome, or the name or
    ID number the department's file gave."""

    feed_type = forms.ModelChoiceField(label="数据类型", required=False, queryset=FeedType.objects.none())
    outcome = forms.ChoiceField(label="核实结果", required=False, choices=[("", "全部"), *AlertOutcome.choices])
    q = forms.CharField(label="姓名或身份证号", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feed_type"].queryset = feed_type_list(actor=actor)
        self.fields["feed_type"].empty_label = "全部"

    def filters(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class UnregisteredFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=PERSON_STATUS_CHOICES)
    feed_type = forms.ModelChoiceField(label="数据类型", required=False, queryset=FeedType.objects.all())
    q = forms.CharField(label="姓名或身份证号", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feed_type"].empty_label = "全部"

    def filters(self) -> dict[str, Any]:
        data = dict(self.cleaned_data) if self.is_valid() else {}
        data["status"] = data.get("status") or PENDING
        return data


class UnregisteredBulkCheckForm(NamedFieldMessagesMixin, forms.Form):
    """One finding for the persons ticked on the list (alerts.services.unregistered.unregistered_check_many).
    Handing a person to a village to register needs that person's village, so it is not offered here."""

    outcome = forms.ChoiceField(
        label="核查结果",
        choices=[c for c in UnregisteredOutcome.choices if c[0] != UnregisteredOutcome.REGISTER],
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(label="核查日期", widget=DATE)
    note = forms.CharField(
        label="核查情况",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="所选人员共用这条核查情况，如：经公安户籍系统比对，以上人员户籍均不在本县。"
        "核查结果为“部门数据有误”时，报送部门能看到这条核查情况。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"checked_on": timezone.localdate(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)


class UnregisteredCheckForm(UnregisteredBulkCheckForm):
    """The finding for one person: any outcome, and the village that registers them when they should be."""

    outcome = forms.ChoiceField(label="核查结果", choices=UnregisteredOutcome.choices, widget=forms.RadioSelect)
    village = forms.ModelChoiceField(
        label="建档村（应纳入档案时选择）",
        required=False,
        queryset=Region.objects.none(),
        empty_label="请选择",
    )
    field_order = ["outcome", "village", "checked_on", "note"]

    def __init__(self, *args: Any, actor: Any, gone: str = "", **kwargs: Any) -> None:
        """`gone`: the registry holds the person as deceased or moved away (alerts.selectors_unregistered.gone_label):
        registering them again is not offered."""
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = village_options(actor=actor)
        self.fields["village"].label_from_instance = lambda v: f"{v.parent.name} {v.name}"
        self.fields["note"].widget.attrs["rows"] = 3
        self.fields["note"].help_text = (
            "写明核查方式和依据，如：经公安户籍系统比对，户籍在某村，长期外出务工，未录入农户档案。"
            "核查结果为“部门数据有误”时，报送部门能看到这条核查情况，请勿填写档案中的其他信息。"
        )
        if gone:
            self.fields["outcome"].choices = [
                c for c in UnregisteredOutcome.choices if c[0] != UnregisteredOutcome.REGISTER
            ]
            del self.fields["village"]
