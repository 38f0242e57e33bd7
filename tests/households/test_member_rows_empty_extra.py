"""A member row added on the new-household form and left empty is not a member: the form saves the others, as a
Django formset leaves an untouched extra form out, instead of refusing the page with 请填写姓名/请填写身份证号
(review freglist finding 2: the only way out was reloading and losing what was typed)."""

import datetime as dt

import pytest
from django import forms

from households.forms import MemberFormSet
from households.models import Household
from tests.households.conftest import make_id
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db


def untouched_row(index: int) -> dict:
    """What the browser sends for a row added with ＋ 添加成员 and left as it came: the template's defaults."""
    data = {}
    for field in MemberFormSet(prefix="members").empty_form:
        if field.field.disabled:
            continue
        value = field.value()
        name = field.html_name.replace("__prefix__", str(index))
        if isinstance(field.field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            if value:
                data[name] = list(value)
        elif value not in (None, ""):
            data[name] = str(value)
    return data


def test_an_untouched_added_row_is_left_out_and_the_household_saved(personas, county, login):
    data = _household_post(
        county,
        [_member_post(0, "赵铁柱", make_id(dt.date(1972, 4, 4), 15), "head"), untouched_row(1)],
    )
    data["members-TOTAL_FORMS"] = "2"

    response = login(personas.cadre_a).post("/households/new/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    household = Household.objects.get(head_name="赵铁柱")
    assert [m.name for m in household.members.all()] == ["赵铁柱"]


def test_an_added_row_with_something_typed_is_still_checked(personas, county, login):
    row = untouched_row(1) | {"members-1-name": "钱桂花"}
    data = _household_post(county, [_member_post(0, "赵铁柱", make_id(dt.date(1972, 4, 4), 15), "head"), row])
    data["members-TOTAL_FORMS"] = "2"

    response = login(personas.cadre_a).post("/households/new/", data)

    assert response.status_code == 200 and not Household.objects.filter(head_name="赵铁柱").exists()
    assert "请填写身份证号" in response.content.decode()


def test_the_first_row_may_not_be_left_empty(personas, county, login):
    data = _household_post(county, [untouched_row(0)])

    response = login(personas.cadre_a).post("/households/new/", data)

    assert response.status_code == 200 and "请填写姓名" in response.content.decode()
