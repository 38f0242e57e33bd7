"""Forms of self-application: the public form and the status lookup (no login), and the village's forms."""

from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from households import idnumber
from households.choices import MonitoringCategory, RiskType, categories_for
from households.selectors import village_options
from households.services.visits import FINDINGS
from workflow.application_reports import application_report
from workflow.choices_applications import DIFFICULTY_CHOICES, InvalidReason
from workflow.selectors_applications import STATUS_FILTER_CHOICES
from workflow.services import application_decline_review as review
from workflow.services import application_invalid as invalid
from workflow.services import application_public as public
from workflow.services import applications as services
from workflow.services.case_opening import MSG_CATEGORY_REQUIRED, MSG_RISK_REQUIRED

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


SITUATION_MIN = public.SITUATION_MIN
# The counter under 困难情况说明 (static/js/char_count.js fills in {n}).
COUNT_TEXT = f"已写 {{n}} 字（至少 {public.SITUATION_MIN} 字，至多 {public.SITUATION_MAX} 字）"
FILED_PHONE_LABEL = "联系电话"
FILED_PHONE_HELP = (
    "农户有手机的填手机号码；没有手机的可填固定电话（带区号，如0792-1234567），也可不填。"
    "不填的，农户凭身份证号和回执号查询办理进度。"
)
RECEIPT_INPUT_MAX = 24  # 10 characters with the dash and spaces a copied or read-out number carries
ID_INPUT_MAX = 24  # 18 characters with the spaces a pasted or grouped number carries (idnumber.normalize drops them)


def _own_messages(label: str, **messages: str) -> dict[str, str]:
    """Our words for what Django would otherwise say in its own ("不允许是用空字符串。" for a NUL character)."""
    return {"null_characters_not_allowed": public.MSG_BAD_CHARACTER.format(label=label), **messages}


def _id_number_field(label: str, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=ID_INPUT_MAX,
        error_messages=_own_messages("身份证号", required=public.MSG_ID_REQUIRED, max_length=idnumber.MSG_ID_LENGTH),
        widget=forms.TextInput(
            attrs={
                "data-id-number": "",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                **attrs,
            }
        ),
    )


def _phone_field() -> forms.CharField:
    return forms.CharField(
        label="手机号码",
        max_length=20,
        error_messages=_own_messages("手机号码", required=public.MSG_PHONE, max_length=public.MSG_PHONE),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "maxlength": "20"}),
    )


class _IdPhoneMixin:
    """The ID number and phone of the public pages, and the first field with an error focused (autofocus) when the
    page comes back: on a phone the page reloads at the top, far from the field to fix."""

    cleaned_data: dict[str, Any]
    fields: dict[str, forms.Field]
    _errors: Any

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        first = next((name for name in self.fields if self._errors and name in self._errors), None)
        for name, form_field in self.fields.items():
            if name == first:
                form_field.widget.attrs["autofocus"] = True
            else:
                form_field.widget.attrs.pop("autofocus", None)

    def clean_id_number(self) -> str:
        return idnumber.parse(self.cleaned_data["id_number"]).number

    def clean_phone(self) -> str:
        return public.validate_phone(self.cleaned_data["phone"])


class PublicApplicationForm(_IdPhoneMixin, forms.Form):
    """Shape checks only (the same rules as the service, which checks again); nothing here reads the registry."""

    name = forms.CharField(
        label="申报人姓名",
        max_length=public.NAME_MAX,
        error_messages=_own_messages("姓名", required=public.MSG_NAME_REQUIRED, max_length=public.MSG_NAME_LONG),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # The age rule said as the number is typed too (static/js/idnumber.js); the server decides.
    id_number = _id_number_field(
        "申报人身份证号",
        **{"data-min-age": str(public.APPLICANT_MIN_AGE), "data-min-age-message": public.MSG_APPLICANT_MINOR},
    )
    phone = _phone_field()
    risk_types = forms.MultipleChoiceField(
        label="遇到了哪些困难（可多选）",
        choices=DIFFICULTY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": public.MSG_DIFFICULTY_REQUIRED,
            "invalid_choice": public.MSG_DIFFICULTY_BAD,
            "invalid_list": public.MSG_DIFFICULTY_BAD,
        },
    )
    situation = forms.CharField(
        label="困难情况说明",
        help_text=f"请写明家里发生了什么、什么时候开始、现在的困难（{public.SITUATION_MIN}～{public.SITUATION_MAX}字）。",
        # The count said as it is typed (static/js/char_count.js), with the bounds the service holds it to.
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "maxlength": str(public.SITUATION_MAX),
                "data-char-count": COUNT_TEXT,
                "data-char-min": str(public.SITUATION_MIN),
                "data-char-max": str(public.SITUATION_MAX),
            }
        ),
        error_messages=_own_messages("困难情况说明", required=public.MSG_SITUATION_SHORT.format(n=SITUATION_MIN)),
    )
    consent = forms.BooleanField(
        label="我已阅读并同意上面的《农户承诺和授权查询书》",
        error_messages={"required": public.MSG_CONSENT_REQUIRED},
    )
    # Honeypot: hidden from people (off-screen, no tab stop); a bot that fills every field gets a receipt that
    # leads nowhere (views_public.apply_form).
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        error_messages=_own_messages("网址"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, filer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filer = filer
        if filer is not None:  # 代为申报: a landline or no phone (services.application_public.validate_filed_phone)
            phone = self.fields["phone"]
            phone.required = False
            phone.label = FILED_PHONE_LABEL
            phone.help_text = FILED_PHONE_HELP

    def clean_phone(self) -> str:
        if self.filer is not None:
            return public.validate_filed_phone(self.cleaned_data["phone"])
        return public.validate_phone(self.cleaned_data["phone"])

    def clean_name(self) -> str:
        return public.validate_name(self.cleaned_data["name"])

    def clean_id_number(self) -> str:
        return public.validate_applicant_id(self.cleaned_data["id_number"])

    def clean_situation(self) -> str:
        return public.validate_situation(self.cleaned_data["situation"])


class StatusLookupForm(_IdPhoneMixin, forms.Form):
    """The ID number and either the phone given with it or a receipt number: a farmer filed for (代为申报) with no
    phone has only the receipt (selectors_application_public.application_status_lookup)."""

    id_number = _id_number_field("申报人身份证号")
    phone = _phone_field()
    receipt_no = forms.CharField(
        label="回执号",
        required=False,
        max_length=RECEIPT_INPUT_MAX,
        help_text="没有留电话的，填回执上的回执号（如 ABCDE-23456），手机号码可不填。",
        error_messages=_own_messages("回执号", max_length=public.MSG_LOOKUP_RECEIPT),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "maxlength": "24"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phone = self.fields["phone"]
        phone.required = False
        phone.help_text = "村干部代为申报时留的是固定电话的，填该固定电话（带区号）。"
        phone.error_messages.update(max_length=public.MSG_LOOKUP_PHONE)

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"]
        return public.validate_lookup_phone(raw) if raw.strip() else ""

    def clean_receipt_no(self) -> str:
        return public.validate_lookup_receipt(self.cleaned_data["receipt_no"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Never the ID number alone: it would tell anyone who knows it whether that person applied.
        if not ({"phone", "receipt_no"} & set(self.errors)) and not (cleaned.get("phone") or cleaned.get("receipt_no")):
            self.add_error("phone", public.MSG_LOOKUP_KEY)
        return cleaned


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), *STATUS_FILTER_CHOICES],
    )
    village = forms.ChoiceField(label="村", required=False)
    date_from = forms.DateField(label="提交日期从", required=False, widget=DATE)
    date_to = forms.DateField(label="至", required=False, widget=DATE)
    q = forms.CharField(label="姓名、回执号、身份证号或手机号", required=False, max_length=50)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = list(village_options(actor=actor))
        self.villages = villages
        self.fields["village"].choices = [("", "全部"), *[(v.code, f"{v.parent.name} {v.name}") for v in villages]]
        if len(villages) <= 1:
            del self.fields["village"]


def _identity_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=services.IDENTITY_CONFIRMED,
        help_text="入户时已核对申报人的身份：是身份证号对应的本人，或是该户的家庭成员。办理结果只告知本人或本户成员。",
        error_messages={"required": services.MSG_IDENTITY_UNCONFIRMED},
    )


class DeclineForm(NamedFieldMessagesMixin, forms.Form):
    visited_on = forms.DateField(
        label="入户核实日期", widget=DATE, error_messages={"required": services.MSG_VISIT_DATE_REQUIRED}
    )
    visit_notes = forms.CharField(
        label="入户核实情况",
        max_length=1000,
        help_text="写明上户看到、核实的家庭情况（仅村、乡镇、县工作人员可见）。",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": services.MSG_NOTES_REQUIRED},
    )
    reason = forms.CharField(
        label="不予纳入的理由",
        max_length=500,
        help_text="记入申报档案，仅工作人员可见；申报人查询时只看到“已办结”，请把结果和理由当面或电话告知本人或本户成员。",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": services.MSG_REASON_REQUIRED},
    )
    # Seed 003 §二(4): the 村两委 review the decline rests on, which the township reads (application_decline_review).
    review_on = forms.DateField(
        label="村两委评议日期",
        widget=DATE,
        help_text="不予纳入须经村两委核实和评议（村两委成员、驻村工作队、村监督委员会成员及村民代表参加）；"
        "先入户核实，再评议：评议日期不早于入户核实日期。",
        error_messages={"required": review.MSG_REVIEW_DATE_REQUIRED},
    )
    review_opinion = forms.CharField(
        label="村两委评议意见",
        max_length=review.REVIEW_OPINION_MAX,
        help_text="写明评议的结论和依据；乡镇可查看并标记已阅。",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": review.MSG_REVIEW_OPINION_REQUIRED,
            "max_length": review.MSG_REVIEW_OPINION_LONG,
        },
    )
    identity_confirmed = _identity_field()

    def __init__(self, *args: Any, application: Any, monitored: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        started = getattr(application, "verification_started_at", None)
        if started is not None:  # the visit follows the start (services.applications.visit_date_error)
            self.fields["visited_on"].help_text = f"不早于开始核实的日期（{timezone.localtime(started):%Y-%m-%d}）。"
        if monitored:  # closed as 已是监测对象 (services.applications.closes_as_monitored): what is done, not why not
            del self.fields["review_on"], self.fields["review_opinion"]
            reason = self.fields["reason"]
            reason.label = "处理情况"
            reason.help_text = "村里将怎样跟进反映的困难（仅工作人员可见；申报人查询时只看到“已办结”，请当面告知）。"
            reason.error_messages["required"] = services.MSG_OUTCOME_REQUIRED

    def clean_visited_on(self) -> Any:
        return _visit_date(self.application, self.cleaned_data["visited_on"])

    def clean_review_on(self) -> Any:
        """The service's date rule (review_errors), said with the form's other errors: after the visit date when that
        one stands (clean_visited_on ran first: the fields are cleaned in order)."""
        review_on, visited_on = self.cleaned_data["review_on"], self.cleaned_data.get("visited_on")
        if message := review.review_errors(self.application, review_on, "-", visited_on=visited_on).get("review_on"):
            raise forms.ValidationError(message)
        return review_on


def _visit_date(application: Any, visited_on: Any) -> Any:
    """The service's date rule (services.applications.visit_date_error) said with the form's other errors, in one
    round: not only once the other fields are right and the service is reached."""
    if application is not None and (message := services.visit_date_error(application, visited_on)):
        raise forms.ValidationError(message)
    return visited_on


class ToCaseForm(NamedFieldMessagesMixin, forms.Form):
    visited_on = forms.DateField(label="入户核实日期", widget=DATE)
    visit_notes = forms.CharField(
        label="入户核实情况",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": services.MSG_NOTES_REQUIRED},
    )
    food_clothing_ok = forms.BooleanField(label="不愁吃穿", required=False)
    education_ok = forms.BooleanField(label="义务教育有保障", required=False)
    medical_ok = forms.BooleanField(label="基本医疗有保障", required=False)
    housing_ok = forms.BooleanField(label="住房安全有保障", required=False)
    water_ok = forms.BooleanField(label="饮水安全有保障", required=False)
    risk_types = forms.MultipleChoiceField(
        label="核实的风险类型",
        choices=RiskType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": MSG_RISK_REQUIRED},
    )
    category = forms.ChoiceField(
        label="拟纳入监测类别",
        choices=[("", "请选择"), *MonitoringCategory.choices],
        error_messages={"required": MSG_CATEGORY_REQUIRED},
    )
    identity_confirmed = _identity_field()

    def __init__(self, *args: Any, household: Any = None, application: Any = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("visited_on", timezone.localdate())
        # What the farmer reported (supplements too), marked "来自申报" on the page: a starting point to verify.
        self.application = application
        self.reported = application_report(application) if application is not None else None
        if self.reported is not None:
            initial.setdefault("risk_types", self.reported.risk_types())
        if household is not None:
            # The household's current 两不愁三保障, except where the application says one is not secured.
            reported = self.reported.findings() if self.reported is not None else {}
            for name in FINDINGS:
                initial.setdefault(name, reported.get(name, getattr(household, name)))
        super().__init__(*args, **kwargs)
        if household is not None:
            # Only the categories this household may be monitored under, as the case form offers them.
            self.fields["category"].choices = [("", "请选择"), *categories_for(household.household_type)]

    def clean_visited_on(self) -> Any:
        return _visit_date(self.application, self.cleaned_data["visited_on"])

    def findings(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in FINDINGS}


class InvalidForm(NamedFieldMessagesMixin, forms.Form):
    """无效申报 (services.application_invalid): a reason and a note, no visit."""

    reason = forms.ChoiceField(
        label="无效原因",
        choices=InvalidReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": invalid.MSG_INVALID_REASON_REQUIRED,
            "invalid_choice": invalid.MSG_INVALID_REASON_REQUIRED,
        },
    )
    note = forms.CharField(
        label="说明",
        max_length=invalid.INVALID_NOTE_MAX,
        help_text="写明如何联系、核查的（时间、方式）和发现的情况，如“3次拨打申报电话均为空号”“与回执号××重复”（仅工作人员可见）。",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": invalid.MSG_INVALID_NOTE_REQUIRED, "max_length": invalid.MSG_INVALID_NOTE_LONG},
    )
