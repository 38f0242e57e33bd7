"""The system admin reads the region tree and configures grids in /admin/, through households.services.grids."""

import pytest

from accounts.choices import Role
from accounts.models import AuditEvent
from households.models import Grid
from households.services.grids import MSG_WORKER_SCOPE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Persona passwords are hashed; PBKDF2's million rounds would be most of each test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_system_admin_adds_a_grid_and_its_scope_path_comes_from_the_village(personas, county, login):
    response = login(personas.system_admin).post(
        "/admin/households/grid/add/",
        {"village": county.village_a.pk, "name": "第一网格", "worker": personas.cadre_a.pk},
    )

    assert response.status_code == 302
    grid = Grid.objects.get(name="第一网格")
    assert (grid.village, grid.worker, grid.region_path) == (county.village_a, personas.cadre_a, county.village_a.path)
    event = AuditEvent.objects.get(action="grid.create")
    assert event.actor == personas.system_admin
    assert event.region_path == county.village_a.path


def test_moving_a_grid_to_another_village_moves_its_scope_path(personas, county, login):
    grid = Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)

    response = login(personas.system_admin).post(
        f"/admin/households/grid/{grid.pk}/change/", {"village": county.village_b.pk, "name": "第一网格", "worker": ""}
    )

    assert response.status_code == 302
    grid.refresh_from_db()
    assert grid.region_path == county.village_b.path
    event = AuditEvent.objects.get(action="grid.update")
    assert (event.before["village"], event.after["village"]) == (county.village_a.path, county.village_b.path)


def test_a_grid_worker_from_another_village_is_refused_at_the_field(personas, county, login):
    response = login(personas.system_admin).post(
        "/admin/households/grid/add/",
        {"village": county.village_a.pk, "name": "第一网格", "worker": personas.cadre_b.pk},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["worker"] == [MSG_WORKER_SCOPE]
    assert not Grid.objects.exists()


def test_only_villages_and_active_village_cadres_are_offered(personas, county, login):
    UserFactory(username="gone", role=Role.VILLAGE_CADRE, region_path=county.village_a.path, is_active=False)

    form = login(personas.system_admin).get("/admin/households/grid/add/").context["adminform"].form

    assert set(form.fields["village"].queryset) == {county.village_a, county.village_b, county.village_c}
    assert set(form.fields["worker"].queryset) == {personas.cadre_a, personas.cadre_b}


def test_regions_are_listed_and_searched_but_not_edited(personas, county, login):
    client = login(personas.system_admin)

    found = client.get("/admin/households/region/", {"q": "城南"})
    add = client.get("/admin/households/region/add/")
    change = client.post(f"/admin/households/region/{county.village_a.pk}/change/", {"name": "改名"})

    assert "城南村" in found.content.decode()
    assert "张公渡村" not in found.content.decode()
    assert add.status_code == 403
    assert change.status_code == 403
    county.village_a.refresh_from_db()
    assert county.village_a.name == "城南村"


def test_a_township_officer_cannot_configure_grids(personas, county, login):
    response = login(personas.township).post(
        "/admin/households/grid/add/", {"village": county.village_a.pk, "name": "第一网格"}
    )

    assert response.status_code == 403
    assert not Grid.objects.exists()
