"""The member form's 暂无身份证号 box (households.services.newborn): ticked, the cadre types the baby's 性别 and
出生日期, which are otherwise read from the ID number. The page shows the two fields only while the box is ticked
(static/js/shown_for.js); without script they are always shown, and read only when it is ticked."""

from typing import Any

from django import forms
from django.utils import timezone

from households.choices import Sex
from households.services.newborn import MSG_ID_REQUIRED, NO_ID_FIELD, NO_ID_LABEL, TYPED_FIELDS, member_input

HELP_NO_ID = "出生不久尚未办理户口登记、没有身份证号的婴儿（一周岁以下）：身份证号留空，填写性别和出生日期。"


def add_newborn_fields(form: forms.BaseForm) -> None:
    """The box and the two fields it opens, filled from a member on file without a number."""
    today = f"{timezone.localdate():%Y-%m-%d}"
    form.fields[NO_ID_FIELD] = forms.BooleanField(label=NO_ID_LABEL, required=False, help_text=HELP_NO_ID)
    form.fields["sex"] = forms.ChoiceField(label="性别", required=False, choices=[("", "请选择"), *Sex.choices])
    form.fields["birth_date"] = forms.DateField(
        label="出生日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "max": today}, format="%Y-%m-%d"),
    )
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk and not instance.id_number:
        form.initial.update({NO_ID_FIELD: True, "sex": instance.sex, "birth_date": instance.birth_date})


def newborn_input(form: forms.BaseForm, values: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """`values` (the input fields the service is given) with the box, and the sex and birth date when it is ticked."""
    data = form.cleaned_data
    given = {name: data[name] for name in (NO_ID_FIELD, *TYPED_FIELDS) if name in data}
    return member_input(values | given, fields)


def require_number_or_box(form: forms.BaseForm) -> None:
    """A blank 身份证号 with the box not ticked: said at the field with the form's other blank fields, the box named
    (the service says the same: households.services.newborn MSG_ID_REQUIRED)."""
    data = form.cleaned_data
    if "id_number" in data and not data["id_number"] and not data.get(NO_ID_FIELD):
        form.add_error("id_number", MSG_ID_REQUIRED)
