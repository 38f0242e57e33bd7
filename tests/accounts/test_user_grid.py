"""The system admin limits a village cadre to one grid of the village (User.grid): on the user pages, in the bulk
import (column 网格) and never for another role or another village's grid. A grid is a scope, so a change to it is
audited and, like a change of region, opens the account only after the security admin's approval (三员)."""

import io
import re

import pytest

from accounts.approvals import MSG_CHANGED_SINCE, Pick, accounts_decide, grant_fingerprint
from accounts.choices import Approval, Role
from accounts.models import AuditEvent, User
from accounts.services import MSG_GRID_NOT_IN_VILLAGE, MSG_GRID_ONLY_CADRE, user_update
from accounts.user_import import users_import
from accounts.user_import_places import MSG_GRID_NONE, MSG_GRID_UNKNOWN
from households.models import Grid
from households.selectors import grid_directory, region_directory
from households.services.grids import grid_update
from tests.accounts.approval_helpers import approve
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

APPROVALS = "/accounts/security/approvals/"


@pytest.fixture
def grids(county):
    def make(village, name):
        return Grid.objects.create(village=village, name=name, region_path=village.path)

    return make(county.village_a, "第1网格"), make(county.village_a, "第2网格"), make(county.village_b, "第1网格")


@pytest.fixture
def cadre(county):
    return UserFactory(
        username="chengnan_li",
        last_name="李",
        first_name="四",
        role=Role.VILLAGE_CADRE,
        region_path=county.village_a.path,
        region_name=county.village_a.name,
    )


def _change(client, user, **overrides):
    data = {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "phone": user.phone,
        "role": user.role,
        "region_path": user.region_path,
        "grid": user.grid_id or "",
        "department": user.department,
        "is_active": "on",
    }
    return client.post(f"/admin/accounts/user/{user.pk}/change/", data | overrides)


def _field_errors(html: str) -> str:
    """The errors shown at the 限定网格 field."""
    found = re.search(r'<ul class="errorlist" id="id_grid_error">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def test_the_system_admin_limits_a_cadre_to_a_grid_and_the_change_waits_for_the_security_admin(
    personas, grids, cadre, login
):
    response = _change(login(personas.system_admin), cadre, grid=grids[1].pk)

    assert response.status_code == 302
    cadre.refresh_from_db()
    # Kept apart until approved: the cadre works in the whole village meanwhile.
    assert (cadre.grid, cadre.approval, cadre.approval_pending["grid"]) == (None, Approval.CHANGE, grids[1].pk)
    event = AuditEvent.objects.filter(action="user.update", object_id=str(cadre.pk)).latest("id")
    assert (event.before, event.after) == ({"grid": ""}, {"grid": "城南村 第2网格"})
    assert "限定网格改为 第2网格" in event.summary and "待安全管理员审核" in event.summary
    assert login(personas.security_admin).get(APPROVALS).content.decode().count("限定网格：<strong>第2网格</strong>")

    approve(personas.security_admin, cadre)

    cadre.refresh_from_db()
    assert (cadre.grid, cadre.approval) == (grids[1], Approval.APPROVED)
    decided = AuditEvent.objects.get(action="user.approve", object_id=str(cadre.pk))
    assert decided.after["grid"] == "城南村 第2网格" and "城南村 第2网格" in decided.summary


def test_a_cadre_whose_grid_limit_waits_signs_in_with_the_scope_approved_before(personas, grids, cadre, client):
    user_update(actor=personas.system_admin, user=cadre, grid=grids[0])

    response = client.post("/accounts/login/", {"username": cadre.username, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(pk=cadre.pk).grid is None


def test_an_approval_of_the_account_as_it_was_before_the_grid_was_set_is_refused(personas, grids, cadre):
    user_update(actor=personas.system_admin, user=cadre, role=Role.WORK_TEAM)
    shown = grant_fingerprint(User.objects.get(pk=cadre.pk))  # what the security admin's page showed
    cadre.refresh_from_db()
    user_update(actor=personas.system_admin, user=cadre, role=Role.VILLAGE_CADRE, grid=grids[0])

    stale = accounts_decide(actor=personas.security_admin, picks=[Pick.parse(shown)], approve=True)
    # A page of before this change, whose picks carry no grid at all, is as stale.
    old_page = f"{cadre.pk}:{Role.VILLAGE_CADRE}:{cadre.region_path}:"
    older = accounts_decide(actor=personas.security_admin, picks=[Pick.parse(old_page)], approve=True)

    assert stale.refused == [MSG_CHANGED_SINCE.format(username=cadre.username)]
    assert older.refused == [MSG_CHANGED_SINCE.format(username=cadre.username)]
    assert User.objects.get(pk=cadre.pk).approval == Approval.CHANGE


def test_the_approval_api_takes_the_grid_as_the_security_admin_read_it(personas, grids, cadre, login):
    user_update(actor=personas.system_admin, user=cadre, grid=grids[0])
    client = login(personas.security_admin)
    listed = {row["username"]: row for row in client.get("/api/v1/account-approvals/").json()["results"]}
    seen = {"role": cadre.role, "region_path": cadre.region_path}

    without = client.post(f"/api/v1/account-approvals/{cadre.pk}/approve/", seen, content_type="application/json")
    right = client.post(
        f"/api/v1/account-approvals/{cadre.pk}/approve/", seen | {"grid": grids[0].pk}, content_type="application/json"
    )

    assert (listed[cadre.username]["grid"], listed[cadre.username]["grid_name"]) == (grids[0].pk, "第1网格")
    assert without.status_code == 409
    assert right.status_code == 200 and right.json()["approval"] == ""


def test_a_grid_is_refused_to_another_role_and_from_another_village_at_the_field(personas, grids, cadre, login):
    client = login(personas.system_admin)

    other_village = _change(client, cadre, grid=grids[2].pk).content.decode()
    township = _change(client, cadre, role=Role.TOWNSHIP_OFFICER, region_path="360425100", grid=grids[0].pk)

    assert MSG_GRID_NOT_IN_VILLAGE.format(grid="城北村 第1网格", village="城南村") in _field_errors(other_village)
    assert MSG_GRID_ONLY_CADRE in _field_errors(township.content.decode())
    cadre.refresh_from_db()
    assert (cadre.grid, cadre.role, cadre.approval) == (None, Role.VILLAGE_CADRE, Approval.APPROVED)


def test_the_add_page_creates_a_cadre_limited_to_a_grid(personas, county, grids, login):
    page = login(personas.system_admin).get("/admin/accounts/user/add/").content.decode()
    response = login(personas.system_admin).post(
        "/admin/accounts/user/add/",
        {
            "username": "grid_new",
            "last_name": "王",
            "first_name": "网",
            "role": Role.VILLAGE_CADRE,
            "region_path": county.village_a.path,
            "grid": grids[0].pk,
            "password": "Init@Pass2026",
            "password_confirm": "Init@Pass2026",
        },
    )

    assert '<optgroup label="涂埠镇城南村（360425100201）">' in page and "不限网格（管辖全村）" in page
    assert response.status_code == 302
    user = User.objects.get(username="grid_new")
    assert (user.grid, user.approval) == (grids[0], Approval.NEW)
    assert AuditEvent.objects.get(action="user.create", object_id=str(user.pk)).after["grid"] == "城南村 第1网格"
    listing = login(personas.system_admin).get("/admin/accounts/user/?q=grid_new").content.decode()
    assert "城南村 第1网格" in listing


def _import(actor, *rows):
    header = ["用户名", "姓名", "角色", "管辖区划", "网格"]
    return users_import(
        actor=actor,
        rows=[(line, list(row)) for line, row in enumerate(rows, start=2)],
        columns={"username": 0, "name": 1, "role": 2, "region": 3, "grid": 4},
        regions=region_directory(),
        grids=grid_directory(),
        file_name=f"{'、'.join(header)}.xlsx",
    )


def test_the_bulk_import_limits_cadres_to_the_grid_its_column_names(personas, county, grids):
    outcome = _import(
        personas.system_admin,
        ["cn_wang", "王一", "村干部", "城南村", "第2网格"],
        ["cn_zhao", "赵二", "网格员", "涂埠镇城南村", "城南村 第1网格"],
        ["cn_qian", "钱三", "村干部", "城南村", ""],
        ["cn_sun", "孙四", "村干部", "城南村", "第9网格"],
        ["cn_zhou", "周五", "乡镇工作人员", "涂埠镇", "第1网格"],
        ["zgd_wu", "吴六", "村干部", "张公渡村", "第1网格"],
    )

    created = {a.user.username: a.user for a in outcome.created}
    assert (created["cn_wang"].grid, created["cn_zhao"].grid, created["cn_qian"].grid) == (grids[1], grids[0], None)
    reasons = {error.line: error.reason for error in outcome.errors}
    assert reasons == {
        5: "网格：" + MSG_GRID_UNKNOWN.format(village="城南村", value="第9网格", allowed="第1网格、第2网格"),
        6: "网格：" + MSG_GRID_ONLY_CADRE.rstrip("。"),
        7: "网格：" + MSG_GRID_NONE.format(village="张公渡村"),
    }


def test_the_import_page_and_template_name_the_grid_column(personas, login):
    client = login(personas.system_admin)

    page = client.get("/admin/accounts/user/import/").content.decode()
    template = client.get("/admin/accounts/user/import/template/")

    assert "网格可选" in page
    assert template.status_code == 200 and io.BytesIO(template.content).read(2) == b"PK"


def test_a_grid_worker_limited_to_another_grid_leaves_the_grid_they_were_responsible_for(personas, grids, cadre):
    grid_update(actor=personas.system_admin, grid=grids[1], village=grids[1].village, name="第2网格", worker=cadre)

    user_update(actor=personas.system_admin, user=cadre, grid=grids[0])
    grids[1].refresh_from_db()
    assert grids[1].worker == cadre  # still theirs until the security admin approves the change
    approve(personas.security_admin, cadre)

    grids[1].refresh_from_db()
    assert grids[1].worker is None
    assert AuditEvent.objects.filter(action="grid.worker_released", object_id=str(grids[1].pk)).exists()
