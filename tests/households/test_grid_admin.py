"""The system admin reads the region tree and configures grids in /admin/, through households.services.grids."""

import pytest

from accounts.audit import UNCHANGED
from accounts.choices import Role
from accounts.models import AuditEvent
from households.models import Grid, Household
from households.services.grids import MSG_GRID_MOVE, MSG_WORKER_INACTIVE, MSG_WORKER_SCOPE
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


def test_regions_are_listed_and_searched(personas, county, login):
    # Adding, renaming and retiring them: tests/households/test_region_admin.py.
    found = login(personas.system_admin).get("/admin/households/region/", {"q": "城南"})

    assert "城南村" in found.content.decode()
    assert "张公渡村" not in found.content.decode()


def test_a_township_officer_cannot_configure_grids(personas, county, login):
    response = login(personas.township).post(
        "/admin/households/grid/add/", {"village": county.village_a.pk, "name": "第一网格"}
    )

    assert response.status_code == 403
    assert not Grid.objects.exists()


def test_deactivating_a_grid_worker_leaves_their_grid_without_a_worker_and_audits_why(personas, county, login):
    grid = Grid.objects.create(
        village=county.village_a, name="第一网格", region_path=county.village_a.path, worker=personas.cadre_a
    )

    response = login(personas.system_admin).post(
        "/admin/accounts/user/",
        {"action": "deactivate_users", "confirmed": "yes", "_selected_action": [personas.cadre_a.pk]},
    )

    assert response.status_code == 302
    grid.refresh_from_db()
    assert grid.worker is None
    event = AuditEvent.objects.get(action="grid.worker_released")
    assert event.actor == personas.system_admin
    assert event.summary == f"网格 城南村第一网格 的网格员 {personas.cadre_a.username} 已解除：{MSG_WORKER_INACTIVE}"
    assert (event.before["worker"], event.after["worker"]) == (personas.cadre_a.username, "")


def test_a_worker_moved_to_another_village_leaves_only_the_grids_outside_their_new_scope(personas, county):
    from accounts.services import user_update
    from tests.accounts.approval_helpers import approve

    worker = UserFactory(username="wangge", role=Role.VILLAGE_CADRE, region_path=county.township.path)
    in_a = Grid.objects.create(village=county.village_a, name="一", region_path=county.village_a.path, worker=worker)
    in_b = Grid.objects.create(village=county.village_b, name="二", region_path=county.village_b.path, worker=worker)

    user_update(actor=personas.system_admin, user=worker, region_path=county.village_b.path)
    approve(personas.security_admin, worker)  # the move applies once approved (accounts.approvals)

    in_a.refresh_from_db()
    in_b.refresh_from_db()
    assert (in_a.worker, in_b.worker) == (None, worker)
    assert AuditEvent.objects.filter(action="grid.worker_released").count() == 1


def test_a_phone_number_change_keeps_the_grid_worker(personas, county):
    from accounts.services import user_update

    grid = Grid.objects.create(
        village=county.village_a, name="第一网格", region_path=county.village_a.path, worker=personas.cadre_a
    )

    user_update(actor=personas.system_admin, user=personas.cadre_a, phone="13800000000")

    grid.refresh_from_db()
    assert grid.worker == personas.cadre_a
    assert not AuditEvent.objects.filter(action="grid.worker_released").exists()


def test_a_grid_with_households_or_accounts_stays_in_its_village(personas, county, login, household_a):
    grid = Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)
    Household.objects.filter(pk=household_a.pk).update(grid=grid)
    UserFactory(username="wanggeyuan", role=Role.VILLAGE_CADRE, region_path=county.village_a.path, grid=grid)
    client = login(personas.system_admin)

    moved = client.post(
        f"/admin/households/grid/{grid.pk}/change/", {"village": county.village_b.pk, "name": "第一网格", "worker": ""}
    )
    renamed = client.post(
        f"/admin/households/grid/{grid.pk}/change/", {"village": county.village_a.pk, "name": "一网格", "worker": ""}
    )

    assert moved.context["adminform"].form.errors["village"] == [MSG_GRID_MOVE.format(households=1, users=1)]
    assert renamed.status_code == 302
    grid.refresh_from_db()
    assert (grid.village, grid.region_path, grid.name) == (county.village_a, county.village_a.path, "一网格")


def test_a_grid_edit_records_only_what_changed(personas, county, login):
    grid = Grid.objects.create(
        village=county.village_a, name="第二网格", region_path=county.village_a.path, worker=personas.cadre_a
    )
    client = login(personas.system_admin)
    data = {"village": county.village_a.pk, "name": "第二网格", "worker": personas.cadre_a.pk}

    client.post(f"/admin/households/grid/{grid.pk}/change/", data)
    client.post(f"/admin/households/grid/{grid.pk}/change/", data | {"worker": ""})

    unchanged, released = AuditEvent.objects.filter(action="grid.update").order_by("pk")
    assert unchanged.summary == f"修改网格 城南村第二网格{UNCHANGED}"
    assert (unchanged.before, unchanged.after) == (None, None)
    assert (released.before, released.after) == ({"worker": personas.cadre_a.username}, {"worker": ""})


def test_villages_are_offered_with_their_township_and_workers_with_their_village(personas, county, login):
    form = login(personas.system_admin).get("/admin/households/grid/add/").context["adminform"].form

    villages = {label for value, label in form.fields["village"].choices if value}
    workers = {label for value, label in form.fields["worker"].choices if value}

    assert villages == {"涂埠镇 城南村", "涂埠镇 城北村", "虬津镇 张公渡村"}
    assert workers == {f"{personas.cadre_a} 涂埠镇 城南村", f"{personas.cadre_b} 涂埠镇 城北村"}
