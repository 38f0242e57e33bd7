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
from alerts.privacy import MSG_FEED_TYPE_HIDDEN, masked_feed_ids
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
from config.forms import NamedFieldMessagesMixin
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
        "超过截止日期补报的，计为迟报。已报送过的期次仍可再传文件：更正核实为“部门数据有误”的行（改正的行会重新"
        "生成预警），或补充漏报的人员；已预警过的人员不重复生成预警。该期是否按时以第一次报送为准。",
        # An expired or unknown period (a late-notice link opened after the catch-up window, a page left open
        # across a deadline) gets the service's own message, not Django's generic one.
        error_messages={"invalid_choice": MSG_PERIOD_UNKNOWN.format(key="%(value)s", days=CATCH_UP_DAYS)},
    )
    file = forms.FileField(
        label="数据文件",
        required=False,
        help_text=f".xlsx 或 .csv（UTF-8 或 GBK 编码），不超过 {MAX_UPLOAD_MB} MB；表头上方可以有标题行。"
        "只有表头、没有数据行的文件不予接收：本期没有新增人员的，请点“本期无新增（零报告）”。",
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


def mask_feed_choices(form: forms.Form, actor: Any) -> set[int]:
    """A role that reads health alerts under their department's label (alerts.privacy) is neither offered nor
    allowed their feed types one by one: ?feed_type= of 新增大病患者 would list exactly the persons ill."""
    masked = masked_feed_ids(actor)
    if masked:
        form.fields["feed_type"].queryset = FeedType.objects.exclude(pk__in=masked)  # type: ignore[attr-defined]
    return masked


def say_feed_hidden(form: Any) -> None:
    """A masked feed type asked for is refused in words (mask_feed_choices), not as an unknown choice."""
    chosen = str(form.data.get("feed_type") or "")
    if form.has_error("feed_type") and chosen.isascii() and chosen.isdigit() and int(chosen) in form.masked_feeds:
        form.errors["feed_type"] = form.error_class([MSG_FEED_TYPE_HIDDEN])


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
        self.masked_feeds = mask_feed_choices(self, actor)
        self.village_paths = setup_region_filter(self, actor)
        for name in DRILL_DOWN_FIELDS:
            if not self.data.get(name):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        say_feed_hidden(self)
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters; one refused (said above the list, templates/alerts/worklist.html) is left out."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))  # an unbound form has none
        if data.get("status") == "all":
            data["status"] = ""
        elif not data.get("status"):
            data["status"] = "pending"
        if data.get("village"):
            data["village"] = self.village_paths.get(data["village"], NO_REGION)
        return data


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

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feed_type"].empty_label = "全部"
        self.masked_feeds = mask_feed_choices(self, actor)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        say_feed_hidden(self)
        return data

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
