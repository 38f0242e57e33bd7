"""Renaming a region (更名) carries the new name to the accounts scoped to it: User.region_name is what the page
header, the account lists and their search read, so a renamed village was found under its old name only
(households.services.regions.region_rename_apply, from the admin and from import_regions)."""

import pytest

from accounts.models import AuditEvent, User
from households.region_import import region_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_renaming_a_village_renames_its_accounts_scope_and_the_list_finds_them_by_the_new_name(personas, county, login):
    moving = personas.cadre_b
    moving.approval_pending = {"role": moving.role, "region_path": county.village_a.path, "region_name": "城南村"}
    moving.save(update_fields=["approval_pending"])
    client = login(personas.system_admin)

    response = client.post(f"/admin/households/region/{county.village_a.pk}/change/", {"name": "城南社区"})

    assert response.status_code == 302
    personas.cadre_a.refresh_from_db()
    moving.refresh_from_db()
    assert personas.cadre_a.region_name == "城南社区"
    assert moving.approval_pending["region_name"] == "城南社区" and moving.region_name == "城北村"
    assert User.objects.get(username="township").region_name == "涂埠镇"
    listing = client.get("/admin/accounts/user/", {"q": "城南社区"}).content.decode()
    assert "cadre_a" in listing
    event = AuditEvent.objects.get(action="region.rename")
    assert event.after == {"name": "城南社区", "accounts_renamed": 2}
    assert "2 个账号的管辖区划名称随之更新" in event.summary


def test_a_rename_by_import_renames_the_accounts_too(personas, county):
    rows = [{"code": "360425100201", "name": "城南社区", "level": "村", "parent_code": "360425100000"}]

    region_import(actor=None, rows=rows, server_user="root")

    personas.cadre_a.refresh_from_db()
    assert personas.cadre_a.region_name == "城南社区"
    assert AuditEvent.objects.get(action="region.rename").after["accounts_renamed"] == 1
