"""The 帮扶 pages a link may narrow to a place (the plans, 帮扶措施 and 部门帮扶任务) name it at their top (范围：…,
清除范围，查看全部) and list only it; a place outside the user's scope is said there and lists nothing (the plans and
the measures listed the whole scope; none of the three read a township; the department's said no place)."""

import pytest

from accounts.choices import Department, Role
from assistance.choices import MeasureStatus
from assistance.models import MeasureType, Plan, PlanMeasure
from households.choices import MonitoringCategory
from households.place_filter import MSG_PLACE_REFUSED
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory, UserFactory
from tests.households.conftest import numbered

pytestmark = pytest.mark.django_db

PLANS, MEASURES, DEPARTMENT = "/assistance/", "/assistance/measures/", "/assistance/department/"


@pytest.fixture
def helped(personas, county):
    """A plan with a measure the 卫健委 carries out in each of the three villages."""
    measure_type = MeasureType.objects.order_by("pk").first()
    for number, village in enumerate((county.village_a, county.village_b, county.village_c), start=1):
        household = HouseholdFactory(
            village=village, head_name=numbered("户主", number), monitoring_category=MonitoringCategory.MARGINAL
        )
        MemberFactory(household=household, name=household.head_name)
        plan = Plan.objects.create(
            household=household, region_path=village.path, next_return_due=today(), created_by=personas.cadre_a
        )
        PlanMeasure.objects.create(
            plan=plan,
            household=household,
            region_path=village.path,
            measure_type=measure_type,
            responsible_department=Department.HEALTH,
            responsible_unit="县卫健委",
            responsible_person="刘干部",
            starts_on=today(),
            status=MeasureStatus.PLANNED,
            created_by=personas.cadre_a,
        )


@pytest.fixture
def clerk_of_tubu(county):
    """A 卫健委 clerk for 涂埠镇 only: 虬津镇 is not theirs."""
    return UserFactory(
        username="clerk_tubu",
        role=Role.DEPARTMENT_CLERK,
        department=Department.HEALTH,
        region_path=county.township.path,
        region_name=county.township.name,
    )


def villages(response) -> set[str]:
    return {row.household.village.name for row in response.context["page"].object_list}


def reader(path, personas, clerk_of_tubu):
    """Who reads the page as 涂埠镇: its officer, or for 部门帮扶任务 the township's clerk."""
    return clerk_of_tubu if path == DEPARTMENT else personas.township


@pytest.mark.parametrize("path", [PLANS, MEASURES, DEPARTMENT])
def test_a_village_in_scope_is_named_at_the_top_and_only_it_is_listed(
    personas, county, helped, clerk_of_tubu, login, path
):
    client = login(reader(path, personas, clerk_of_tubu))
    assert villages(client.get(path)) == {"城南村", "城北村"}

    response = client.get(f"{path}?village={county.village_a.code}")

    page = response.content.decode()
    assert "范围：<strong>涂埠镇城南村</strong>" in page and "data-place-refused" not in page
    assert page.find("data-place-filter=") < page.find('class="filters'), "the 范围 line comes above the filters"
    assert villages(response) == {"城南村"}


@pytest.mark.parametrize("path", [PLANS, MEASURES, DEPARTMENT])
@pytest.mark.parametrize("param", ["village", "township"])
def test_a_place_out_of_scope_is_said_and_lists_nothing(personas, county, helped, clerk_of_tubu, login, path, param):
    client = login(reader(path, personas, clerk_of_tubu))
    other = county.village_c if param == "village" else county.township2

    response = client.get(f"{path}?{param}={other.code}")

    page = response.content.decode()
    assert page.count("data-place-refused") == 1 and MSG_PLACE_REFUSED in page and "data-place-clear" in page
    assert response.context["page"].paginator.count == 0
    assert "张公渡村" not in page.split("data-place-refused")[1].split("<select")[0]


@pytest.mark.parametrize("path", [PLANS, MEASURES, DEPARTMENT])
def test_a_township_named_by_a_link_narrows_a_county_readers_list_to_it(personas, county, helped, login, path):
    client = login(personas.clerk if path == DEPARTMENT else personas.county_officer)

    response = client.get(f"{path}?township={county.township2.code}")

    assert "范围：<strong>虬津镇</strong>" in response.content.decode()
    assert villages(response) == {"张公渡村"}


def test_the_return_visits_list_narrows_to_the_village_or_township_named(helped, personas, county, client):
    """帮扶回访 read only a township (as a path): opened for a village, its 范围 line named the village while it
    listed the whole scope (review of the status tabs, 2026-12-06)."""
    client.force_login(personas.county_officer)
    url = "/assistance/return-visits/?show=due"

    assert villages(client.get(url)) == {county.village_a.name, county.village_b.name, county.village_c.name}
    assert villages(client.get(f"{url}&village={county.village_a.code}")) == {county.village_a.name}
    assert villages(client.get(f"{url}&township={county.township.code}")) == {
        county.village_a.name,
        county.village_b.name,
    }
    assert villages(client.get(f"{url}&township={county.township.path}")) == {
        county.village_a.name,
        county.village_b.name,
    }
    client.force_login(personas.township)
    refused = client.get(f"{url}&village={county.village_c.code}")
    assert villages(refused) == set() and MSG_PLACE_REFUSED in refused.content.decode()
