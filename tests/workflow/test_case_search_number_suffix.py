"""我的任务 and 全部案件 (page and API) find a case by the last 4+ digits of its household's 户编号, as the household
list does (households.selectors_search.household_match), through the same index on the reversed number (households
migration 0025); 1–3 digits find nothing, and a search by a name or an ID number finds what it found before."""

import pytest
from django.db import connection

from households.choices import Relation
from households.models import Household, Member
from households.selectors_search import MSG_ID_HINT, SEARCH_HELP
from tests.workflow.batch_helpers import open_case
from workflow.selectors import case_filter

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [case.household.head_name for case in response.context["page"]]


@pytest.fixture
def cases(personas, household_a, household_b):
    """张大山's case (城南村, at the village review) and 王五's (城北村)."""
    return open_case(personas.cadre_a, household_a), open_case(personas.cadre_b, household_b)


def test_the_case_list_finds_a_case_by_the_last_digits_of_its_household_number(personas, login, household_a, cases):
    number = household_a.number
    client = login(personas.cadre_a)

    for q in (number[-4:], number[-7:], number, f" {number[-5:]} "):
        assert names(client.get("/workflow/cases/", {"q": q})) == ["张大山"], q
    assert names(client.get("/workflow/", {"q": number[-4:]})) == ["张大山"]  # 我的任务 searches alike
    too_short = client.get("/workflow/cases/", {"q": number[-3:]})
    assert names(too_short) == [] and f"{MSG_ID_HINT}。" in too_short.content.decode()


def test_the_tail_finds_only_the_cases_in_the_users_scope(personas, login, household_a, household_b, cases):
    assert household_a.number[-4:] == household_b.number[-4:]  # each village's first household
    tail = household_a.number[-4:]

    assert names(login(personas.cadre_a).get("/workflow/cases/", {"q": tail})) == ["张大山"]
    assert sorted(names(login(personas.township).get("/workflow/cases/", {"q": tail}))) == ["张大山", "王五"]
    assert names(login(personas.cadre_a).get("/workflow/cases/", {"q": household_b.number[-8:]})) == []


def test_the_api_finds_a_case_by_the_tail_of_its_household_number(personas, login, household_a, cases):
    found = login(personas.township).get("/api/v1/cases/", {"q": household_a.number[-8:]}).json()

    assert [row["household"] for row in found.get("results", found)] == [household_a.pk]


def test_a_name_or_an_id_number_still_finds_the_case(personas, login, household_a, cases):
    spouse = household_a.members.get(relation=Relation.SPOUSE)
    client = login(personas.township)

    for q in ("张大", spouse.name, spouse.id_number, spouse.id_number[-4:]):
        assert names(client.get("/workflow/cases/", {"q": q})) == ["张大山"], q


def test_the_empty_list_says_a_household_numbers_tail_finds_it(personas, login, cases):
    page = login(personas.cadre_a).get("/workflow/cases/", {"q": "无此人"}).content.decode()

    assert f"<span data-search-hint>{SEARCH_HELP}。</span>" in page
    assert "户编号（完整或后4位以上）" in SEARCH_HELP


def test_the_case_search_reads_the_reversed_number_index(personas, household_a, cases):
    """The case list's own query, as the household list's suffix test (tests/households/test_list_number_suffix):
    plain index scans off, so that only an index whose condition is the prefix of the reversed number serves the
    household's part of the search (a bitmap scan needs an index condition). The household is a subquery, so that
    the OR with the members' does not turn it into a filter. Each subquery also carries the scope's region prefix,
    which the region indexes serve as well: on a county's data the reversed number's is the selective one, but on a
    test table of a few rows the two tie, and the full suite's statistics once tipped it to the region index. So the
    region indexes of the two tables are dropped for this test's transaction (rolled back with it)."""
    sql, params = case_filter(actor=personas.township, filters={"q": "0001"}).values("pk").query.sql_with_params()
    tables = [Household._meta.db_table, Member._meta.db_table]

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef LIKE %s",
            [tables, "%(region_path%"],
        )
        region_indexes = [name for (name,) in cursor.fetchall()]
        assert region_indexes  # the ones that tie with the reversed numbers' on a few rows
        for name in region_indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Bitmap Index Scan on household_number_reversed" in plan
    assert "Bitmap Index Scan on member_id_number_reversed" in plan
