"""config.stale: what the user changed is judged against what their page showed, and a field someone else changed
meanwhile is refused with its current value."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.http import QueryDict

from config.stale import SEEN_FIELD, StaleEdit, StaleFormMixin, same, stale_check

HEALTH = [("healthy", "健康"), ("ill", "患有大病")]


class ThingForm(StaleFormMixin, forms.Form):
    phone = forms.CharField(label="联系电话", required=False)
    address = forms.CharField(label="住址", required=False)
    health = forms.ChoiceField(label="健康状况", choices=HEALTH)
    medical_ok = forms.BooleanField(label="基本医疗有保障", required=False)
    months = forms.IntegerField(label="务工月数", required=False, min_value=0, max_value=12)
    amount = forms.DecimalField(label="医疗支出", required=False, decimal_places=2)
    since = forms.DateField(label="日期", required=False)
    kinds = forms.MultipleChoiceField(
        label="风险类型", required=False, choices=[("a", "因病"), ("b", "因学")], widget=forms.CheckboxSelectMultiple
    )


SHOWN = {
    "phone": "13800000000",
    "address": "城南村3号",
    "health": "healthy",
    "medical_ok": True,
    "months": 6,
    "amount": Decimal("20000.00"),
    "since": dt.date(2026, 1, 5),
    "kinds": ["a"],
}


def rendered_seen(initial: dict) -> str:
    """The hidden copy the page carries, as a browser would post it back."""
    form = ThingForm(initial=initial)
    return form[SEEN_FIELD].value()


def post(seen: str, **changes) -> QueryDict:
    """The page as it was shown, with the user's changes."""
    values = {**SHOWN, **changes}
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = "" if value is None else str(value)
    data[SEEN_FIELD] = seen
    return data


def test_the_fields_changed_are_those_the_user_changed_against_the_page_not_the_record_now():
    # given a page shown with SHOWN, and the record changed since (the form's initial is the record now)
    seen = rendered_seen(SHOWN)
    now = {**SHOWN, "phone": "13900000000", "medical_ok": False}
    # when the user changes only the months
    form = ThingForm(post(seen, months=8), initial=now)
    assert form.is_valid(), form.errors
    # then only the months are to be written, with the seen value expected
    assert form.edited() == {"months": 8}
    assert form.expected() == {"months": 6}
    # (Django's changed_data compares with the record now, and would write back the phone and medical_ok)
    assert {"phone", "medical_ok"} <= set(form.changed_data)


def test_every_kind_of_field_unchanged_counts_as_unchanged():
    form = ThingForm(post(rendered_seen(SHOWN)), initial=SHOWN)
    assert form.is_valid(), form.errors
    assert form.edited() == {}


def test_a_box_unticked_a_choice_a_list_a_date_and_an_amount_changed_are_each_seen_as_changes():
    seen = rendered_seen(SHOWN)
    changes = {
        "medical_ok": False,
        "health": "ill",
        "kinds": ["a", "b"],
        "since": dt.date(2026, 2, 1),
        "amount": Decimal("35000"),
    }
    form = ThingForm(post(seen, **changes), initial=SHOWN)
    assert form.is_valid(), form.errors
    assert set(form.edited()) == set(changes)
    assert form.expected()["amount"] == Decimal("20000.00")
    assert form.expected()["medical_ok"] is True


def test_a_post_without_the_copy_falls_back_to_the_initial_values():
    data = post("")
    data[SEEN_FIELD] = "tampered"
    form = ThingForm(data, initial={**SHOWN, "phone": "13900000000"})
    assert form.is_valid()
    assert form.edited() == {"phone": "13800000000"}


def test_an_error_re_render_keeps_the_values_originally_seen():
    # given a page shown with SHOWN, submitted with an error and a change of the phone
    seen = rendered_seen(SHOWN)
    first = ThingForm(post(seen, phone="13700000000", months=13), initial=SHOWN)
    assert not first.is_valid()
    # when the re-rendered page (its hidden copy as rendered) is corrected and submitted
    html = first.as_div()
    assert seen in html
    second = ThingForm(post(first[SEEN_FIELD].value(), phone="13700000000", months=7), initial=SHOWN)
    # then both changes count against what was first shown, not against the first post
    assert second.is_valid(), second.errors
    assert second.edited() == {"phone": "13700000000", "months": 7}


def test_the_check_refuses_a_field_changed_by_someone_else_and_passes_the_others():
    current = {"phone": "13900000000", "months": 6, "kinds": ["b", "a"], "amount": Decimal("20000")}
    stale_check(current=current, expected={"months": 6, "kinds": ["a", "b"], "amount": Decimal("20000.00")})
    with pytest.raises(StaleEdit) as refused:
        stale_check(current=current, expected={"phone": "13800000000", "months": 6})
    assert refused.value.conflicts == {"phone": "13900000000"}
    assert "13900000000" in refused.value.message


def test_same_treats_empty_and_pk_forms_alike():
    assert same(None, "")
    assert same(3, "3")
    assert not same(True, False)
    assert same(["x", "y"], ("y", "x"))


def test_a_refusal_names_the_fields_keeps_the_input_and_lets_a_second_submit_through():
    # given the page shown with SHOWN; someone since set the phone, health and address
    seen = rendered_seen(SHOWN)
    now = {**SHOWN, "phone": "13900000000", "health": "ill", "address": "城北村1号"}
    # when the user's post changes the phone and the months, and the service refuses the phone
    form = ThingForm(post(seen, phone="13700000000", months=8), initial=now)
    assert form.is_valid()
    edited = form.edited()
    with pytest.raises(StaleEdit) as refused:
        stale_check(current=now, expected=form.expected())
    form.refuse_stale(refused.value)
    # then the message names the phone and its value now, in Chinese
    assert form.non_field_errors() == ["您打开页面后，他人已修改了：联系电话（现为 13900000000）。请核对后再提交。"]
    assert edited == {"phone": "13700000000", "months": 8}
    # and the page keeps the user's input, and shows the others' changes where the user changed nothing
    assert form["phone"].value() == "13700000000"
    assert form["months"].value() == "8"
    assert form["health"].value() == "ill"
    assert form["address"].value() == "城北村1号"
    # and the re-rendered page submitted again writes the user's changes only, against the values now
    again = ThingForm(form.data, initial=now)
    assert again.is_valid()
    assert again.edited() == {"phone": "13700000000", "months": 8}
    stale_check(current=now, expected=again.expected())


def test_a_refused_box_the_user_left_is_shown_as_it_is_now():
    seen = rendered_seen(SHOWN)
    now = {**SHOWN, "medical_ok": False, "phone": "13900000000"}
    form = ThingForm(post(seen, phone="13700000000"), initial=now)
    assert form.is_valid()
    with pytest.raises(StaleEdit) as refused:
        stale_check(current=now, expected=form.expected())
    form.refuse_stale(refused.value)
    assert form["medical_ok"].value() is False
    again = ThingForm(form.data, initial=now)
    assert again.is_valid()
    assert again.edited() == {"phone": "13700000000"}


def test_a_choice_is_named_by_its_label_in_the_refusal():
    seen = rendered_seen(SHOWN)
    now = {**SHOWN, "health": "ill"}
    form = ThingForm(post(seen, health="healthy", months=1), initial=now)
    form.is_valid()
    # the user "changed" nothing of health (it was healthy when shown): only the months
    assert form.edited() == {"months": 1}
    form = ThingForm(post(seen, health="ill"), initial={**SHOWN, "health": "ill"})
    form.is_valid()
    with pytest.raises(StaleEdit) as refused:
        stale_check(current={"health": "ill"}, expected={"health": "x"})
    form.refuse_stale(refused.value)
    assert "健康状况（现为 患有大病）" in form.non_field_errors()[0]


def test_the_copy_is_not_among_the_values_a_view_passes_to_a_service():
    form = ThingForm(post(rendered_seen(SHOWN)), initial=SHOWN)
    assert form.is_valid()
    assert SEEN_FIELD not in form.cleaned_data


def test_the_copy_is_no_change_of_the_form():
    assert not ThingForm(post(rendered_seen(SHOWN)), initial=SHOWN).has_changed()
