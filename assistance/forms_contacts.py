"""安排帮扶联系人: an account of the system, or a person without one (包保单位人员, 003 §二3(2)). The rules are the
service's (assistance.services.contacts); the form asks which of the two is meant and shows only that one's fields
(static/js/shown_for.js; without script both are shown, and the kind chosen says which are read)."""

from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

KIND_ACCOUNT = "account"
KIND_PERSON = "person"
KINDS = [(KIND_ACCOUNT, "系统用户"), (KIND_PERSON, "包保单位人员（无账号）")]
PERSON_FIELDS = ("person_name", "person_unit", "person_title", "person_phone")
MSG_CHOOSE_ACCOUNT = "请选择帮扶联系人。"


class ContactForm(NamedFieldMessagesMixin, forms.Form):
    # Not required: a form sent without it (a page of before the choice) names an account, as it always did.
    kind = forms.ChoiceField(
        label="帮扶联系人是", choices=KINDS, initial=KIND_ACCOUNT, required=False, widget=forms.RadioSelect
    )
    contact = forms.ModelChoiceField(label="系统用户", required=False, queryset=None, empty_label="请选择")  # type: ignore[arg-type]
    person_name = forms.CharField(label="姓名", required=False, max_length=50)
    person_unit = forms.CharField(
        label="包保单位/工作单位", required=False, max_length=100, help_text="如：县农业农村局、县人民医院"
    )
    person_title = forms.CharField(label="职务（选填）", required=False, max_length=50)
    person_phone = forms.CharField(
        label="联系电话",
        required=False,
        max_length=20,
        help_text="手机号或带区号的座机",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    starts_on = forms.DateField(label="开始日期", widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(
        label="调整原因（更换联系人时必填）",
        required=False,
        max_length=200,
        help_text="同一包保单位人员（姓名不变）只更正单位、职务或电话的，不必填写，也不另起一条联系人安排",
    )

    def __init__(self, *args: Any, candidates: Any, person: Any = None, **kwargs: Any) -> None:
        """`person`: the household's current 包保单位人员 (an open HelpContactAssignment), whose fields the form shows
        filled in, so that a new phone, title or unit is typed over the old (the service corrects it in place)."""
        if person is not None:
            kwargs["initial"] = {"kind": KIND_PERSON, **{name: getattr(person, name) for name in PERSON_FIELDS}}
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = candidates
        self.fields["contact"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username}（{u.get_role_display()}，{u.region_name or u.region_path}）"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["kind"] = data.get("kind") or KIND_ACCOUNT
        if data["kind"] == KIND_ACCOUNT:
            if data.get("contact") is None and "contact" not in self.errors:
                self.add_error("contact", MSG_CHOOSE_ACCOUNT)
            for name in PERSON_FIELDS:  # typed before the kind was changed back: not this answer's
                data[name] = ""
        else:
            data["contact"] = None
        return data

    def assign_kwargs(self) -> dict[str, Any]:
        """What assistance.services.contacts.help_contact_assign takes."""
        return {name: value for name, value in self.cleaned_data.items() if name != "kind"}

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PERSON_FIELDS]
