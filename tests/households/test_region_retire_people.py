"""Retiring (撤销) a village reaches past its households: an account scoped to it would still sign in to a retired
village, a grid worker keep its grid, and a household closed there be reopened into it (households.services.regions,
households.services.closing)."""

import pytest
from django.core.exceptions import ValidationError

from config.errors import ApplicationError
from households.models import Grid
from households.selectors import grid_options
from households.services import regions as region_services
from households.services.closing import household_reopen
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _vacate(personas):
    """The village cadres moved away: nobody is scoped to 城南村 or 城北村 any more."""
    for user in (personas.cadre_a, personas.cadre_b):
        user.is_active = False
        user.save(update_fields=["is_active"])


def test_a_village_with_an_active_account_scoped_to_it_is_not_retired_and_the_account_is_named(personas, county):
    personas.cadre_a.last_name = "李村官"
    personas.cadre_a.save(update_fields=["last_name"])

    check = region_services.region_retire_check(county.village_a)
    with pytest.raises(ValidationError) as refused:
        region_services.region_retire(actor=personas.system_admin, region=county.village_a)

    assert not check.allowed
    assert "cadre_a（李村官）" in str(refused.value) and "调整账号管辖范围" in str(refused.value)
    county.village_a.refresh_from_db()
    assert county.village_a.is_active


def test_a_village_whose_grid_has_a_worker_is_not_retired_until_the_worker_is_released(personas, county):
    worker = personas.cadre_a
    grid = Grid.objects.create(
        village=county.village_a, name="第一网格", region_path=county.village_a.path, worker=worker
    )
    _vacate(personas)

    check = region_services.region_retire_check(county.village_a)
    assert not check.allowed and any("第一网格" in r and "释放网格员" in r for r in check.reasons)

    grid.worker = None
    grid.save(update_fields=["worker"])
    region_services.region_retire(actor=personas.system_admin, region=county.village_a)
    county.village_a.refresh_from_db()
    assert not county.village_a.is_active


def test_the_retire_page_names_the_accounts_in_the_way(personas, county, login):
    page = login(personas.system_admin).get(f"/admin/households/region/{county.village_a.pk}/retire/")

    text = page.content.decode()
    assert "cadre_a" in text and "调整账号管辖范围" in text and "网格员在“网格”中释放" in text


def test_a_retired_villages_grids_are_kept_but_not_offered(personas, county):
    grid = Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)
    _vacate(personas)

    region_services.region_retire(actor=personas.system_admin, region=county.village_a)

    assert Grid.objects.filter(pk=grid.pk).exists()
    assert grid not in grid_options(actor=personas.township)


def test_a_household_closed_in_a_village_since_retired_is_not_reopened(personas, county, login):
    household = HouseholdFactory(village=county.village_a, head_name="赵甲")
    MemberFactory(household=household, name="赵甲", relation="head", living_status="deceased")
    household.is_active, household.closed_reason = False, "全户死亡"
    household.save(update_fields=["is_active", "closed_reason"])
    _vacate(personas)
    region_services.region_retire(actor=personas.system_admin, region=county.village_a)
    county.village_a.refresh_from_db()
    household.refresh_from_db()

    with pytest.raises(ApplicationError) as refused:
        household_reopen(
            actor=personas.township, household=household, note="误注销", restore_member=household.members.get()
        )
    page = login(personas.township).post(
        f"/households/{household.pk}/reopen/", {"note": "误注销", "restore_member": household.members.get().pk}
    )

    day = f"{county.village_a.retired_on:%Y-%m-%d}"
    assert f"城南村已于{day}撤销" in str(refused.value) and "联系系统管理员" in str(refused.value)
    assert f"城南村已于{day}撤销" in page.content.decode()
    household.refresh_from_db()
    assert not household.is_active


def test_a_grid_of_a_retired_village_is_still_edited_with_its_village_marked(personas, county, login):
    grid = Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)
    _vacate(personas)
    region_services.region_retire(actor=personas.system_admin, region=county.village_a)
    client = login(personas.system_admin)

    page = client.get(f"/admin/households/grid/{grid.pk}/change/").content.decode()
    added = client.get("/admin/households/grid/add/").content.decode()
    saved = client.post(f"/admin/households/grid/{grid.pk}/change/", {"village": county.village_a.pk, "name": "一网格"})

    assert "涂埠镇 城南村（已撤销）" in page and "城南村" not in added
    assert saved.status_code == 302
    grid.refresh_from_db()
    assert grid.name == "一网格" and grid.village == county.village_a


def test_the_grid_assign_api_refuses_a_retired_village_in_words(personas, county, login):
    grid = Grid.objects.create(village=county.village_c, name="第一网格", region_path=county.village_c.path)
    household = HouseholdFactory(village=county.village_c, head_name="钱丙")
    type(county.village_c).objects.filter(pk=county.village_c.pk).update(is_active=False)

    response = login(personas.county_officer).post(
        "/api/v1/households/grid-assign/",
        {"village": county.village_c.code, "grid": grid.pk, "households": [household.pk]},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "张公渡村（360425101201）已撤销，不能再分配网格。" in response.content.decode()
    household.refresh_from_db()
    assert household.grid is None


def test_the_grid_assign_service_refuses_a_retired_village_whoever_calls_it(personas, county):
    """The rule stands in the service (households.services.grid_assign), not only in the API's serializer."""
    from django.core.exceptions import ValidationError

    from households.services.grid_assign import households_grid_assign

    grid = Grid.objects.create(village=county.village_c, name="第一网格", region_path=county.village_c.path)
    household = HouseholdFactory(village=county.village_c, head_name="钱丙")
    type(county.village_c).objects.filter(pk=county.village_c.pk).update(is_active=False)
    county.village_c.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        households_grid_assign(
            actor=personas.county_officer, village=county.village_c, grid=grid, household_ids=[household.pk]
        )

    assert refused.value.message_dict["village"] == ["张公渡村（360425101201）已撤销，不能再分配网格。"]
    household.refresh_from_db()
    assert household.grid is None
