"""The search help text (SEARCH_HELP) said a name, an ID number or a 户编号 finds a household, not that a number
the household gave up (原户编号: 整户迁移, 修改户编号; RetiredNumber) does, though both searches that show it find
one by it: the household list (under its box) and 我的任务 / 全部案件 (under an empty result), each through
household_match."""

import pytest

from households.selectors_search import SEARCH_HELP
from households.services import registry
from tests.workflow.batch_helpers import open_case

pytestmark = pytest.mark.django_db


def test_the_help_text_says_a_former_number_finds_the_household():
    assert "原户编号" in SEARCH_HELP
    assert "户编号（完整或后4位以上）" in SEARCH_HELP  # the household's own number, as before


def test_the_household_list_says_it_and_finds_the_household_by_a_number_typed_over(
    personas, county, login, household_a
):
    old = household_a.number
    registry.household_update(
        actor=personas.cadre_a, household=household_a, number=county.village_a.code + "0555", confirm_unusual=True
    )
    client = login(personas.cadre_a)

    page = client.get("/households/").content.decode()
    found = client.get("/households/", {"q": old}).content.decode()

    assert SEARCH_HELP in page
    assert "共 1 户" in found and f"原户编号 {old}" in found


def test_the_case_search_finds_a_case_by_the_number_its_household_gave_up(personas, county, login, household_a):
    open_case(personas.cadre_a, household_a)
    old = household_a.number
    registry.household_update(
        actor=personas.cadre_a, household=household_a, number=county.village_a.code + "0555", confirm_unusual=True
    )
    client = login(personas.township)

    for q in (old, old[-6:]):
        listing = client.get("/workflow/cases/", {"q": q})
        assert [case.household.head_name for case in listing.context["page"]] == ["张大山"], q
    empty = client.get("/workflow/cases/", {"q": "无此人"}).content.decode()
    assert f"<span data-search-hint>{SEARCH_HELP}。</span>" in empty
