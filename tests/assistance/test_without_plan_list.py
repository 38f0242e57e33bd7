"""The monitored households without an assistance plan are a list of their own, paged as the app's other lists are,
with its count, a 村 filter and a search (the landing page listed the first 50 and no more: a township with 75 could
not reach the other 25). The landing page keeps the longest waiting few and links to the whole list, as the home
page's tile does."""

import datetime as dt

import pytest

from households.choices import HouseholdType, MonitoringCategory
from households.models import Household
from tests.households.conftest import numbered

pytestmark = pytest.mark.django_db
LIST = "/assistance/?show=without_plan"


@pytest.fixture
def waiting(county):
    """70 monitored households without a plan in 城南村, 5 in its township's other village, 1 in another township;
    the lower the number the earlier it was included."""

    def household(village, index):
        return Household(
            number=f"W-{index:03d}",
            village=village,
            region_path=village.path,
            household_type=HouseholdType.LIFTED_OUT,
            head_name=numbered("户主", index),
            monitoring_category=MonitoringCategory.MARGINAL,
            monitoring_start=dt.date(2025, 1, 1) + dt.timedelta(days=index),
            risk_types=["medical_cost"],
        )

    rows = [household(county.village_a, index) for index in range(1, 71)]
    rows += [household(county.village_b, index) for index in range(71, 76)]
    rows.append(household(county.village_c, 76))
    return Household.objects.bulk_create(rows)


def listed(client, **params):
    response = client.get("/assistance/", {"show": "without_plan", **params})
    assert response.status_code == 200
    return response


def test_a_township_reaches_every_household_without_a_plan_page_by_page(personas, login, waiting):
    client = login(personas.township)

    landing = client.get("/assistance/").content.decode()
    assert "尚未制定帮扶方案的监测户（75）" in landing and 'href="?show=without_plan">查看全部 75 户' in landing

    seen = []
    for number in (1, 2, 3):
        response = listed(client, page=number)
        page = response.content.decode()
        assert "共 75 户" in page and f"第 {number} / 3 页" in page
        seen += [household.head_name for household in response.context["page"]]
    # All 75 of the township, each once, the longest waiting first; none of the other township's.
    assert seen == [numbered("户主", index) for index in range(1, 76)]
    assert "?show=without_plan&page=2" in listed(client).content.decode()


def test_the_list_is_found_by_village_and_by_name(personas, login, county, waiting):
    client = login(personas.township)

    village_b = listed(client, village=county.village_b.code)
    assert "共 5 户" in village_b.content.decode()
    assert [h.head_name for h in village_b.context["page"]] == [numbered("户主", index) for index in range(71, 76)]
    page = listed(client).content.decode()
    assert f'<option value="{county.village_b.code}">' in page and 'name="q"' in page

    by_name = listed(client, q=numbered("户主", 64))
    assert [h.head_name for h in by_name.context["page"]] == [numbered("户主", 64)]
    assert "共 1 户" in by_name.content.decode()
    assert "没有符合条件的农户" in listed(client, q="查无此人").content.decode()


def test_a_cadre_pages_through_their_own_village(personas, login, waiting):
    client = login(personas.cadre_a)

    first, last = listed(client), listed(client, page=3)

    assert first.context["page"].paginator.count == 70 and "第 1 / 3 页" in first.content.decode()
    assert [h.head_name for h in last.context["page"]] == [numbered("户主", index) for index in range(61, 71)]
    assert 'name="village"' not in first.content.decode()  # one village: nothing to choose


def test_the_home_tile_opens_the_whole_list(personas, login, waiting):
    client = login(personas.township)

    tile = next(t for t in client.get("/").context["tiles"] if t["key"] == "assistance_without_plan")

    assert tile["count"] == 75 and tile["url"] == LIST
    assert client.get(tile["url"]).context["page"].paginator.count == 75
