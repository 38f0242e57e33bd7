"""分配网格: a village's households put in one of its grids at once, by the village cadre, township or county."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from accounts.models import AuditEvent
from households.models import Grid, Household, HouseholdEvent, Region
from households.services.grid_assign import (
    MSG_GRID_LIMITED,
    MSG_GRID_OTHER_VILLAGE,
    MSG_NONE_CHOSEN,
    households_grid_assign,
)
from tests.config.schema_check import assert_matches_schema, openapi
from tests.factories import HouseholdFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/households/grids/assign/"


@pytest.fixture
def village(county):
    """城南村 with two grids and four households in none; 城北村 with one grid and one household."""
    grids = [Grid.objects.create(village=county.village_a, name=n, region_path=county.village_a.path) for n in "甲乙"]
    names = ["赵大", "钱二", "孙三", "李四"]
    households = [
        HouseholdFactory(village=county.village_a, number=f"36042510020100{i:02d}", head_name=name)
        for i, name in enumerate(names, start=1)
    ]
    other_grid = Grid.objects.create(village=county.village_b, name="第一网格", region_path=county.village_b.path)
    other = HouseholdFactory(village=county.village_b, number="3604251002020001", head_name="周五")
    return {"grids": grids, "households": households, "other_grid": other_grid, "other": other}


def grid_worker(grid):
    return UserFactory(role=Role.VILLAGE_CADRE, region_path=grid.village.path, grid=grid)


def test_the_village_cadre_ticks_households_chooses_a_grid_confirms_and_the_grid_worker_then_sees_them(
    personas, village, login
):
    client = login(personas.cadre_a)
    grid = village["grids"][0]
    first, second = village["households"][:2]
    worker = grid_worker(grid)
    assert not Household.objects.visible_to(worker).exists()

    page = client.get(URL).content.decode()
    assert "共 4 户未分配网格" in page and "赵大" in page and "周五" not in page

    confirm = client.post(URL, {"household": [first.pk, second.pk], "grid": grid.pk}).content.decode()
    assert "确认：将 2 户分配到甲" in confirm
    assert not Household.objects.filter(grid=grid).exists()  # nothing written before the confirmation

    done = client.post(URL, {"household": [first.pk, second.pk], "grid": grid.pk, "confirmed": "on"}, follow=True)
    assert "2 户已分配到甲。" in done.content.decode()
    assert set(Household.objects.visible_to(worker)) == {first, second}
    assert "共 2 户未分配网格" in done.content.decode()
    event = HouseholdEvent.objects.get(household=first, summary="分配网格")
    assert event.changes == [{"field": "grid", "label": "网格", "old": "", "new": "城南村 甲"}]
    assert AuditEvent.objects.filter(action="household.grid_assign").count() == 2


def test_households_moved_from_another_grid_say_so_and_those_in_it_already_are_left_alone(personas, village):
    one, two = village["grids"]
    first, second = village["households"][:2]
    Household.objects.filter(pk=first.pk).update(grid=one)
    Household.objects.filter(pk=second.pk).update(grid=two)

    outcome = households_grid_assign(
        actor=personas.township, village=first.village, grid=two, household_ids=[first.pk, second.pk]
    )

    assert outcome.message == "1 户已分配到乙。1 户原已在乙，未作变动。"
    assert HouseholdEvent.objects.get(household=first, summary="分配网格").changes[0]["old"] == "城南村 甲"
    assert not HouseholdEvent.objects.filter(household=second, summary="分配网格").exists()


def test_a_grid_of_another_village_or_a_household_of_another_village_refuses_the_whole_assignment(
    personas, county, village
):
    first = village["households"][0]
    with pytest.raises(ValidationError) as error:
        households_grid_assign(
            actor=personas.township, village=county.village_a, grid=village["other_grid"], household_ids=[first.pk]
        )
    assert error.value.message_dict["grid"] == [MSG_GRID_OTHER_VILLAGE.format(village="城南村")]

    with pytest.raises(ValidationError) as error:
        households_grid_assign(
            actor=personas.township,
            village=county.village_a,
            grid=village["grids"][0],
            household_ids=[first.pk, village["other"].pk],
        )
    assert "1 户已不在城南村" in error.value.message_dict["households"][0]
    assert not Household.objects.filter(grid__isnull=False).exists()


def test_a_grid_limited_cadre_may_not_assign_and_nothing_ticked_is_said(personas, county, village, login):
    grid, first = village["grids"][0], village["households"][0]
    worker = grid_worker(grid)
    with pytest.raises(PermissionDenied, match=MSG_GRID_LIMITED):
        households_grid_assign(actor=worker, village=county.village_a, grid=grid, household_ids=[first.pk])
    assert login(worker).get(URL).status_code == 403
    assert login(personas.clerk).get(URL).status_code == 403

    page = login(personas.cadre_a).post(URL, {"grid": village["grids"][0].pk}).content.decode()
    assert MSG_NONE_CHOSEN in page


def test_the_township_chooses_a_village_of_its_scope_and_searches_by_head_or_number(personas, county, village, login):
    client = login(personas.township)

    assert "请先选择村" in client.get(URL).content.decode()
    page = client.get(URL, {"village": county.village_a.code, "q": "钱二"}).content.decode()
    assert "钱二" in page and "赵大" not in page
    page = client.get(URL, {"village": county.village_a.code, "q": "0003"}).content.decode()
    assert "孙三" in page and "钱二" not in page
    # 张公渡村 is in the other township: not offered, and named in a link it reads as no village.
    assert "请先选择村" in client.get(URL, {"village": county.village_c.code}).content.decode()
    # A retired (撤销) village is not offered either.
    Region.objects.filter(pk=county.village_b.pk).update(is_active=False)
    page = client.get(URL).content.decode()
    assert "涂埠镇城南村" in page and "涂埠镇城北村" not in page


def test_the_household_list_links_to_the_page_while_the_village_has_households_in_no_grid(personas, village, login):
    client = login(personas.cadre_a)

    assert "本村有 4 户未分配网格" in client.get("/households/").content.decode()
    households_grid_assign(
        actor=personas.cadre_a,
        village=village["households"][0].village,
        grid=village["grids"][0],
        household_ids=[h.pk for h in village["households"]],
    )
    assert "未分配网格" not in client.get("/households/").content.decode()
    # A grid worker sees only their grid: no prompt for them.
    worker = grid_worker(village["grids"][1])
    assert "未分配网格" not in login(worker).get("/households/").content.decode()


def test_the_api_assigns_as_the_page_does_and_refuses_in_the_same_words(personas, county, village, login):
    client = login(personas.township)
    grid, (first, second) = village["grids"][1], village["households"][:2]
    url = "/api/v1/households/grid-assign/"
    body = {"village": county.village_a.code, "grid": grid.pk, "households": [first.pk, second.pk]}

    response = client.post(url, body, content_type="application/json")

    assert response.json() == {"grid": grid.pk, "assigned": 2, "unchanged": 0, "message": "2 户已分配到乙。"}
    assert_matches_schema(openapi(client), "/api/v1/households/grid-assign/", "post", response)
    assert set(Household.objects.filter(grid=grid)) == {first, second}
    wrong = client.post(url, {**body, "grid": village["other_grid"].pk}, content_type="application/json")
    assert wrong.status_code == 400
    assert MSG_GRID_OTHER_VILLAGE.format(village="城南村") in wrong.content.decode()
    worker = grid_worker(grid)
    assert login(worker).post(url, body, content_type="application/json").status_code == 403
