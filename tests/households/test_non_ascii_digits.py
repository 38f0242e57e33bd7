"""An id or a number typed or pasted as a superscript or another script's digit ("²", "٣") passes str.isdigit() but
not int(): every such input is read as "not a number" (a Chinese message, or nothing filled in), never a 500 or an
import that crashes."""

import datetime as dt

import pytest

from households.registry_import.income import parse_year
from tests.households.test_household_head_change import _members, family  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
ODD = ("²", "٣", "2⁰")


def test_an_income_year_in_other_digits_is_an_error_not_a_crash():
    for text in ODD:
        year, problem = parse_year(text, dt.date(2026, 12, 4))
        assert year is None and problem and "年份" in problem


def test_the_head_change_page_and_api_read_odd_digits_as_no_choice(family, personas, login):  # noqa: F811
    client = login(personas.cadre_a)
    m = _members(family)
    for text in ODD:
        page = client.post(f"/households/{family.pk}/change-head/", {"new_head": text})
        assert page.status_code == 200
        api = client.post(
            f"/api/v1/households/{family.pk}/change-head/",
            {"new_head": m["李秀英"].pk, "relations": {text: "spouse"}},
            content_type="application/json",
        )
        assert api.status_code == 400 and "relations 的键应为家庭成员ID（整数）" in api.content.decode()


def test_prefill_parameters_in_odd_digits_fill_nothing(family, personas, login):  # noqa: F811
    client = login(personas.cadre_a)
    for text in ODD:
        assert client.get("/households/new/", {"from_unregistered": text}).status_code == 200
        assert client.get(f"/workflow/households/{family.pk}/cases/new/", {"from_visit": text}).status_code == 200
        assert client.get(f"/households/{family.pk}/income/", {"year": text}).status_code == 200
