"""筛查结果 names the place a link narrows it to at its top (范围：…, 清除范围，查看全部), lists and exports only it;
a place outside the user's scope is said there and lists nothing (it listed every result of the scope, took no
township, and its button exported the whole scope)."""

import pytest

from households.place_filter import MSG_PLACE_REFUSED
from screening.choices import ResultStatus
from screening.models import ScreeningResult
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import numbered

pytestmark = pytest.mark.django_db

URL = "/screening/"


@pytest.fixture
def results(county):
    """A result to act on in each of the three villages."""
    for number, village in enumerate((county.village_a, county.village_b, county.village_c), start=1):
        household = HouseholdFactory(village=village, head_name=numbered("户主", number))
        MemberFactory(household=household, name=household.head_name)
        ScreeningResult.objects.create(
            household=household,
            region_path=household.region_path,
            status=ResultStatus.HIT,
            reasons=["人均纯收入低于监测标准"],
            first_hit_on=today(),
        )


def villages(response) -> set[str]:
    return {result.household.village.name for result in response.context["page"].object_list}


def test_a_village_in_scope_is_named_at_the_top_listed_and_exported_alone(personas, county, results, login):
    client = login(personas.township)  # 涂埠镇
    assert villages(client.get(URL)) == {"城南村", "城北村"}

    response = client.get(f"{URL}?village={county.village_a.code}")

    page = response.content.decode()
    assert "范围：<strong>涂埠镇城南村</strong>" in page and "data-place-refused" not in page
    assert page.find("data-place-filter=") < page.find('class="filters')
    assert villages(response) == {"城南村"}
    assert f'name="region" value="{county.village_a.code}"' in page and "导出城南村筛查结果台账" in page


def test_a_township_named_by_a_link_narrows_the_list_and_its_export(personas, county, results, login):
    client = login(personas.county_officer)

    response = client.get(f"{URL}?township={county.township2.code}")

    page = response.content.decode()
    assert "范围：<strong>虬津镇</strong>" in page
    assert villages(response) == {"张公渡村"}
    assert f'name="region" value="{county.township2.code}"' in page and "导出虬津镇筛查结果台账" in page


@pytest.mark.parametrize("param", ["village", "township"])
def test_a_place_out_of_scope_is_said_and_lists_and_exports_nothing(personas, county, results, login, param):
    client = login(personas.township)
    other = county.village_c if param == "village" else county.township2

    response = client.get(f"{URL}?{param}={other.code}")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("data-place-refused") == 1 and MSG_PLACE_REFUSED in page and "data-place-clear" in page
    assert response.context["page"].paginator.count == 0
    assert "data-export-scope" not in page and "没有该状态的筛查结果" not in page
