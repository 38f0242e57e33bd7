"""A grid worker must be able to sign in and do the work: the grid form offers only active accounts the security
admin has approved, of a village role and covering the grid's village, and the service refuses the others (a
refused, a new or a reset account awaiting approval), in Chinese at the field. An account whose change of scope
awaits approval but was approved before keeps working and may be named."""

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Approval, Role
from households.models import Grid
from households.services.grids import MSG_WORKER_NOT_APPROVED, grid_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def cadre(county, username: str, approval: str = Approval.APPROVED, pending: dict | None = None):
    user = UserFactory(username=username, role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    user.approval, user.approval_pending = approval, pending
    user.save(update_fields=["approval", "approval_pending"])
    return user


@pytest.mark.parametrize("approval", [Approval.REFUSED, Approval.NEW, Approval.RESET])
def test_an_account_not_approved_is_refused_as_grid_worker_at_the_field(personas, county, login, approval):
    worker = cadre(county, "waiting", approval)

    response = login(personas.system_admin).post(
        "/admin/households/grid/add/", {"village": county.village_a.pk, "name": "第一网格", "worker": worker.pk}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["worker"] == ["所选的值不在可选范围内，请重新选择。"]
    assert not Grid.objects.exists()
    with pytest.raises(ValidationError) as refused:
        grid_create(actor=personas.system_admin, village=county.village_a, name="第一网格", worker=worker)
    label = Approval(approval).label
    assert refused.value.message_dict["worker"] == [MSG_WORKER_NOT_APPROVED.format(user="waiting", state=label)]


def test_the_drop_down_offers_only_approved_active_accounts_and_on_a_grid_those_of_its_village(personas, county, login):
    refused, new = cadre(county, "refused", Approval.REFUSED), cadre(county, "new", Approval.NEW)
    moving = cadre(county, "moving", Approval.CHANGE, {"role": Role.VILLAGE_CADRE, "approval": Approval.APPROVED})
    client = login(personas.system_admin)

    offered = set(client.get("/admin/households/grid/add/").context["adminform"].form.fields["worker"].queryset)
    grid = grid_create(actor=personas.system_admin, village=county.village_a, name="第一网格", worker=moving)
    on_grid = client.get(f"/admin/households/grid/{grid.pk}/change/").context["adminform"].form.fields["worker"]

    assert offered == {personas.cadre_a, personas.cadre_b, moving}
    assert refused not in offered and new not in offered
    assert set(on_grid.queryset) == {personas.cadre_a, moving}  # cadre_b is another village's


def test_a_grid_whose_worker_awaits_a_password_reset_can_still_be_renamed(personas, county, login):
    worker = cadre(county, "resetting")
    grid = grid_create(actor=personas.system_admin, village=county.village_a, name="第一网格", worker=worker)
    worker.approval = Approval.RESET
    worker.save(update_fields=["approval"])

    client = login(personas.system_admin)
    assert "（重置密码待审核）</option>" in client.get(f"/admin/households/grid/{grid.pk}/change/").content.decode()
    data = {"village": county.village_a.pk, "name": "一组网格", "worker": worker.pk}
    response = client.post(f"/admin/households/grid/{grid.pk}/change/", data)

    assert response.status_code == 302
    grid.refresh_from_db()
    assert (grid.name, grid.worker) == ("一组网格", worker)
