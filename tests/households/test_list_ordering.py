"""The household list sorts by the columns it shows (村, 户编号, 户主, 人口, 监测类别), with links that say which column
and direction the list is sorted by and keep the filters; the API list takes the same `ordering` parameter (review
freglist finding 1: /households/ had no sorting)."""

import datetime as dt
import re

import pytest

from households.choices import HouseholdType, Relation
from households.services import registry
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(personas, county):
    """城南村: 张大山 (3 persons, 脱贫户), 赵六 (2 persons, 脱贫户); 城北村: 王五 (1 person, 一般农户)."""
    big = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        household_type=HouseholdType.LIFTED_OUT,
        members=[
            member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
            member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
            member_row("张小红", Relation.DAUGHTER, dt.date(1995, 9, 1), 34),
        ],
    )
    one = registry.household_create(
        actor=personas.cadre_b,
        village=county.village_b,
        household_type=HouseholdType.ORDINARY,
        members=[member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45)],
    )
    two = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        household_type=HouseholdType.LIFTED_OUT,
        members=[
            member_row("赵六", Relation.HEAD, dt.date(1980, 4, 6), 57),
            member_row("钱七妹", Relation.SPOUSE, dt.date(1982, 5, 7), 68),
        ],
    )
    return big, one, two


def heads(page: str) -> list[str]:
    return re.findall(r'class="row-link">\s*<strong>(.*?)</strong>', page)


def test_the_list_sorts_by_household_size_either_way(three, personas, login):
    client = login(personas.township)

    ascending = client.get("/households/?ordering=size").content.decode()
    descending = client.get("/households/?ordering=-size").content.decode()

    assert heads(ascending) == ["王五", "赵六", "张大山"]
    assert heads(descending) == ["张大山", "赵六", "王五"]


def test_by_default_the_list_is_by_village_then_number(three, personas, login):
    page = login(personas.township).get("/households/").content.decode()

    assert heads(page) == ["张大山", "赵六", "王五"]  # 城南村 (…201) before 城北村 (…202); numbers ascending


def test_sorting_by_number_descending_and_by_head(three, personas, login):
    client = login(personas.township)
    big, one, two = three
    by_number = sorted([big, one, two], key=lambda h: h.number, reverse=True)

    assert heads(client.get("/households/?ordering=-number").content.decode()) == [h.head_name for h in by_number]
    by_head = heads(client.get("/households/?ordering=head").content.decode())
    assert sorted(by_head) == sorted(["张大山", "赵六", "王五"]) and by_head != heads(
        client.get("/households/?ordering=-head").content.decode()
    )


def test_the_sort_links_say_the_current_order_and_keep_the_filters(three, personas, login):
    page = login(personas.township).get("/households/?household_type=lifted_out&ordering=size").content.decode()
    links = page.split("data-sort-links")[1].split("</nav>")[0]

    assert heads(page) == ["赵六", "张大山"]
    # The current column reads 人口 ↑ and asks for the other direction; the others ask for ascending, with the filter.
    assert re.search(r'ordering=-size"[^>]*aria-current="true"[^>]*>人口 ↑</a>', links)
    assert "household_type=lifted_out&amp;ordering=head" in links and "ordering=size&amp;" not in links
    # The filter form keeps the order when a filter changes (htmx sends the form).
    assert 'type="hidden" name="ordering" value="size"' in page


def test_an_unknown_ordering_lists_in_the_default_order(three, personas, login):
    page = login(personas.township).get("/households/?ordering=bogus").content.decode()

    assert heads(page) == ["张大山", "赵六", "王五"]


def test_the_api_list_takes_the_same_ordering(three, personas, login):
    client = login(personas.township)

    descending = client.get("/api/v1/households/?ordering=-size").json()
    refused = client.get("/api/v1/households/?ordering=bogus")

    assert [h["head_name"] for h in descending["results"]] == ["张大山", "赵六", "王五"]
    assert refused.status_code == 400 and "ordering" in refused.json()
