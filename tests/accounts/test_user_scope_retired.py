"""A retired (撤销) village is no new account's scope: the 管辖区划 list of a new account leaves it out, the bulk import
refuses it by code or name with a Chinese row error, and an account already scoped there keeps it on its change page
(households.selectors.region_directory, accounts.admin_forms, accounts.user_import_places)."""

import pytest

from accounts import user_import
from accounts.models import User
from accounts.user_import import users_import
from households.selectors import region_directory
from households.services import regions as region_services

pytestmark = pytest.mark.django_db

HEADER = ["用户名", "姓名", "角色", "管辖区划", "所属部门", "手机号"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def retired(personas, county):
    """城南村 retired once its cadre left (deactivated, still scoped there)."""
    personas.cadre_a.is_active = False
    personas.cadre_a.save(update_fields=["is_active"])
    region_services.region_retire(actor=personas.system_admin, region=county.village_a)
    return county.village_a


def _import(actor, *rows):
    keys = {c.header: c.key for c in user_import.COLUMNS}
    columns = {keys[h]: i for i, h in enumerate(HEADER)}
    lines = [(line, list(row)) for line, row in enumerate(rows, start=2)]
    return users_import(actor=actor, rows=lines, columns=columns, regions=region_directory())


def test_the_new_account_form_offers_no_retired_village_and_refuses_it(personas, county, retired, login):
    client = login(personas.system_admin)
    page = client.get("/admin/accounts/user/add/").content.decode()
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcadre",
            "last_name": "新村官",
            "role": "village_cadre",
            "region_path": retired.path,
            "password": "Xq9!vLr2#Tm8",
            "password_confirm": "Xq9!vLr2#Tm8",
        },
    )

    assert retired.code not in page and county.village_b.code in page
    assert response.status_code == 200 and not User.objects.filter(username="newcadre").exists()
    assert "管辖区划" in response.content.decode()


def test_an_account_scoped_to_a_retired_village_keeps_it_on_its_change_page(personas, retired, login):
    page = login(personas.system_admin).get(f"/admin/accounts/user/{personas.cadre_a.pk}/change/").content.decode()

    assert f'value="{retired.path}" selected' in page and "城南村（360425100201）（已撤销）" in page


@pytest.mark.parametrize("scope", ["360425100201", "城南村", "涂埠镇城南村"])
def test_the_user_import_refuses_a_retired_village_with_a_row_error(personas, retired, scope):
    outcome = _import(personas.system_admin, ["newcadre", "新村官", "村干部", scope, "", ""])

    assert not User.objects.filter(username="newcadre").exists()
    assert len(outcome.errors) == 1
    assert "已撤销" in outcome.errors[0].reason and "请填写现用的区划" in outcome.errors[0].reason


def test_a_name_passed_from_a_retired_village_to_a_new_one_finds_the_new_one(personas, county, retired):
    region_services.region_create(
        actor=personas.system_admin, parent=county.township, code="360425100203", name="城南村"
    )

    outcome = _import(personas.system_admin, ["newcadre", "新村官", "村干部", "城南村", "", ""])

    assert not outcome.errors
    assert User.objects.get(username="newcadre").region_path == "360425100203"
