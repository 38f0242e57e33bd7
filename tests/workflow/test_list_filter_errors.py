"""An invalid or out-of-scope filter on 全部案件 and 我的任务 is said at its field and above the list, and the list
then shows nothing (review township finding 9): never every case of the scope under a 清空条件 link, as if the
filter the user typed or followed were on."""

import pytest

from tests.workflow.batch_helpers import new_household, open_case
from workflow.forms_cases import MSG_PLACE_NOT_IN_SCOPE

pytestmark = pytest.mark.django_db

NOTICE = "筛选条件有误，未列出"


@pytest.fixture
def township_cases(personas, county, household_a, household_b):
    """张大山 (城南村) and 王五 (城北村) just opened, at the village review (the township's cases, not its tasks);
    钱七 (张公渡村 of 虬津镇) is another township's."""
    open_case(personas.cadre_a, household_a)
    open_case(personas.cadre_b, household_b)
    open_case(personas.county_officer, new_household(personas.county_officer, county.village_c, "钱七", 82))


def shown(response) -> list[str]:
    return [case.household.head_name for case in response.context["page"]]


@pytest.mark.parametrize(
    "query, error",
    [
        ("village={village_c}", MSG_PLACE_NOT_IN_SCOPE),  # a 虬津镇 village, for the 涂埠镇 officer
        ("discovered_from=2026-13-01", "输入一个有效的日期"),
        ("status=finished", "不在可选范围内，请重新选择"),
    ],
)
def test_an_invalid_case_list_filter_lists_nothing_and_says_why(personas, login, county, township_cases, query, error):
    client = login(personas.township)
    assert set(shown(client.get("/workflow/cases/"))) == {"张大山", "王五"}

    response = client.get("/workflow/cases/?" + query.format(village_c=county.village_c.code))

    page = response.content.decode()
    assert response.status_code == 200 and shown(response) == []
    assert f"{NOTICE}案件" in page and error in page and 'class="field-error"' in page
    assert "data-case-count" not in page  # no "共 N 件" over a list the filter did not make


def test_an_out_of_scope_place_on_my_tasks_lists_nothing_and_says_why(personas, login, county, township_cases):
    client = login(personas.cadre_a)
    assert shown(client.get("/workflow/")) == ["张大山"]

    # A cadre of one village has no place field: a link carrying another village is still said, not ignored.
    response = client.get(f"/workflow/?village={county.village_b.code}")

    page = response.content.decode()
    assert shown(response) == [] and f"{NOTICE}待办任务" in page and MSG_PLACE_NOT_IN_SCOPE in page
    dated = client.get("/workflow/?village=999999999999&q=张")
    assert shown(dated) == [] and MSG_PLACE_NOT_IN_SCOPE in dated.content.decode()


def test_the_township_s_my_tasks_refuses_another_township_s_village(personas, login, county, township_cases):
    response = login(personas.township).get(f"/workflow/?village={county.village_c.code}")

    page = response.content.decode()
    assert shown(response) == [] and f"{NOTICE}待办任务" in page and MSG_PLACE_NOT_IN_SCOPE in page


def test_a_valid_place_still_filters(personas, login, county, township_cases):
    client = login(personas.township)

    response = client.get(f"/workflow/cases/?village={county.village_b.code}")

    assert shown(response) == ["王五"] and NOTICE not in response.content.decode()
