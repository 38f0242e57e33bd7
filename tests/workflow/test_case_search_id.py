"""我的任务 and 全部案件 search as the household list does (review ux1, item 2): by a member's ID number, whole or its
last 4+ digits, and by a member's name, besides the head's name and the household number; only in the user's scope.
An empty result under a search says what the box takes, or why the number cannot be found."""

import datetime as dt

import pytest

from households.choices import Relation
from households.selectors_search import MSG_ID_HINT, SEARCH_HELP
from tests.households.conftest import make_id
from tests.workflow.batch_helpers import open_case
from tests.workflow.steps_helpers import open_case as open_identification
from tests.workflow.steps_helpers import walk_to

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [case.household.head_name for case in response.context["page"]]


@pytest.fixture
def cases(personas, household_a, household_b):
    """张大山's case (城南村, at the village review) and 王五's (城北村)."""
    return open_case(personas.cadre_a, household_a), open_case(personas.cadre_b, household_b)


def test_the_case_list_finds_a_case_by_a_members_id_number_or_name(personas, login, household_a, cases):
    spouse = household_a.members.get(relation=Relation.SPOUSE)
    client = login(personas.township)

    for q in (spouse.id_number, spouse.id_number[-4:], spouse.id_number.lower(), spouse.name):
        assert names(client.get("/workflow/cases/", {"q": q})) == ["张大山"], q


def test_my_tasks_finds_a_case_by_a_members_id_number(personas, login, household_a, cases):
    spouse = household_a.members.get(relation=Relation.SPOUSE)
    client = login(personas.cadre_a)

    assert names(client.get("/workflow/", {"q": spouse.id_number})) == ["张大山"]
    assert names(client.get("/workflow/", {"q": spouse.id_number[-6:]})) == ["张大山"]


def test_a_number_outside_the_users_area_finds_nothing_and_the_list_says_what_to_type(
    personas, login, household_b, cases
):
    client = login(personas.cadre_a)
    elsewhere = household_b.members.get().id_number

    listing = client.get("/workflow/cases/", {"q": elsewhere})
    tasks = client.get("/workflow/", {"q": elsewhere})

    assert names(listing) == [] and names(tasks) == []
    assert f"没有符合条件的案件。<span data-search-hint>{SEARCH_HELP}。</span>" in listing.content.decode()
    assert f"没有符合条件的待办任务。<span data-search-hint>{SEARCH_HELP}。</span>" in tasks.content.decode()
    assert f"{MSG_ID_HINT}。" in client.get("/workflow/cases/", {"q": "123"}).content.decode()


def test_the_api_searches_alike_and_refuses_a_masked_roles_partial_number(personas, login, household_a, cases):
    spouse = household_a.members.get(relation=Relation.SPOUSE)

    found = login(personas.township).get("/api/v1/cases/", {"q": spouse.id_number[-4:]}).json()
    refused = login(personas.official).get("/api/v1/cases/", {"q": spouse.id_number[-8:]})

    assert [row["household"] for row in found.get("results", found)] == [household_a.pk]
    assert refused.status_code == 400 and "q" in refused.json()
    nobody = make_id(dt.date(1960, 3, 3), 321)
    assert login(personas.township).get("/api/v1/cases/", {"q": nobody}).json().get("count", 0) == 0


def test_my_tasks_says_when_the_households_case_waits_on_someone_else(personas, login, household_a, household_b):
    case = open_identification(personas, household_a)
    at = walk_to(personas, case, "township_audit")
    spouse = household_a.members.get(relation=Relation.SPOUSE)
    client = login(personas.cadre_a)

    response = client.get("/workflow/", {"q": spouse.id_number})

    page = response.content.decode()
    assert names(response) == [] and SEARCH_HELP not in page
    assert f"该户案件不在您的待办中（当前环节：{at.step.name}），可到" in page
    assert f'href="/workflow/cases/?q={spouse.id_number}"' in page
    assert names(client.get("/workflow/cases/", {"q": spouse.id_number})) == ["张大山"]
    # A number of no household in scope still gets the hint for what to type.
    elsewhere = household_b.members.get().id_number
    other = client.get("/workflow/", {"q": elsewhere}).content.decode()
    assert f"<span data-search-hint>{SEARCH_HELP}。</span>" in other
