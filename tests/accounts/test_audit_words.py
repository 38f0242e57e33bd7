"""The auditor reads the log in words, not codes (review finding 8): fields by their names (角色、所属部门、是否有效、
管辖区划), choices by their labels, objects by their type's name with their number, and places by their names down
to the villager group, on the page, in the export and in the API's added fields (the API keeps the raw codes)."""

import io

import pytest
from openpyxl import load_workbook

from accounts.audit import audit_record
from accounts.audit_labels import place_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(personas, county):
    """A clerk's account made a health department clerk, a member's edit in a group, a grid moved to a village."""
    clerk = personas.clerk
    audit_record(
        actor=personas.system_admin,
        action="user.update",
        summary=f"修改用户 {clerk.username}",
        target=clerk,
        before={"role": "village_cadre", "department": "", "region_path": county.village_a.path, "is_active": False},
        after={
            "role": "department_clerk",
            "department": "health",
            "region_path": county.county.path,
            "is_active": True,
        },
    )
    audit_record(
        actor=personas.cadre_a,
        action="member.update",
        summary="H0001：修改家庭成员 张小明 的信息",
        object_type="households.member",
        object_id="1",
        region_path=county.group_a.path,
        before={"employment_months": "10"},
        after={"employment_months": "9"},
    )
    audit_record(
        actor=personas.cadre_a,
        action="grid.update",
        summary="修改网格 第一网格",
        object_type="households.grid",
        object_id="5",
        region_path=county.village_b.path,
        before={"village": county.village_a.path, "name": "第一网格"},
        after={"village": county.village_b.path, "name": "第一网格"},
    )
    return clerk


def test_the_audit_page_names_fields_values_objects_and_places(personas, login, events):
    page = login(personas.audit_admin).get("/accounts/audit/").content.decode()

    assert "角色：村干部/网格员 → 行业部门" in page
    assert "所属部门：（空） → 卫生健康委员会" in page
    assert "管辖区划：涂埠镇城南村 → 永修县" in page and "是否有效：否 → 是" in page
    assert f"用户 {events.username}" in page and "家庭成员 1" in page and "网格 5" in page
    assert "务工时间（月）：10 → 9" in page
    assert "涂埠镇城南村一组" in page  # the member's group: the village is not named twice
    assert "所属村：涂埠镇城南村 → 涂埠镇城北村" in page
    for code in ("department_clerk", "accounts.user", "households.member", "region_path", "is_active"):
        assert code not in page


def test_the_audit_api_adds_the_words_and_keeps_the_codes(personas, login, events):
    rows = login(personas.audit_admin).get("/api/v1/audit-events/", {"category": "users"}).json()["results"]

    row = rows[0]
    assert row["after"]["role"] == "department_clerk" and row["object_type"] == "accounts.user"
    assert row["object_type_display"] == "用户" and row["object_display"] == f"用户 {events.username}"
    assert row["category_display"] == "用户账号与密码" and row["region_name"] == "永修县"
    assert {"field": "role", "label": "角色", "old": "村干部/网格员", "new": "行业部门"} in row["changes"]
    assert {"field": "region_path", "label": "管辖区划", "old": "涂埠镇城南村", "new": "永修县"} in row["changes"]


def test_the_audit_api_names_an_account_as_the_page_does(personas, login, events):
    """The API said 用户 28 where the page said 用户 clerk（周明）: one helper names both (accounts.audit_objects)."""
    events.last_name, events.first_name = "周", "明"
    events.save(update_fields=["last_name", "first_name"])
    audit_record(actor=personas.system_admin, action="user.update", summary="修改用户 clerk：姓名", target=events)
    client = login(personas.audit_admin)

    rows = client.get("/api/v1/audit-events/", {"category": "users"}).json()["results"]
    page = client.get("/accounts/audit/", {"category": "users"}).content.decode()

    named = f"用户 {events.username}（周明）"
    shown = {row["object_display"] for row in rows if row["object_id"] == str(events.pk)}
    # The events recorded before the account had a name read as they were (accounts.models.AuditEvent.object_name).
    assert shown == {named, f"用户 {events.username}"} and named in page
    assert f"用户 {events.pk}" not in {row["object_display"] for row in rows}


def test_the_audit_api_names_a_group_as_the_place_of_a_member_event(personas, login, events):
    rows = login(personas.audit_admin).get("/api/v1/audit-events/", {"category": "registry"}).json()["results"]

    member = next(row for row in rows if row["action"] == "member.update")
    assert member["region_path"] == "360425100201001" and member["region_name"] == "涂埠镇城南村一组"
    assert member["object_display"] == "家庭成员 1"


def test_the_audit_export_names_object_types_groups_and_changes(personas, login, events):
    response = login(personas.audit_admin).get("/accounts/audit/", {"export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    header = rows[2]
    by_action = {row[header.index("操作")]: dict(zip(header, row, strict=True)) for row in rows[3:]}
    user = by_action["修改用户"]
    assert user["对象类型"] == "用户" and user["区划"] == "永修县"
    assert "角色：行业部门" in user["变更后"] and "所属部门：卫生健康委员会" in user["变更后"]
    assert "是否有效：否" in user["变更前"] and "管辖区划：涂埠镇城南村" in user["变更前"]
    member = by_action["修改家庭成员"]
    assert member["对象类型"] == "家庭成员" and member["区划"] == "涂埠镇城南村一组"


def test_place_names_keep_a_path_that_names_no_region(county):
    assert place_names({"360425100201001", "999999"}) == {
        "360425": "永修县",
        "360425100": "涂埠镇",
        "360425100201": "涂埠镇城南村",
        "360425100201001": "涂埠镇城南村一组",
    }


def test_the_audit_page_names_a_help_contact_change_and_the_account_it_is_about(personas, login, events):
    audit_record(
        actor=personas.township,
        action="assistance.help_contact",
        summary="H0001：调整帮扶联系人：李红梅 → 王丽",
        object_type="assistance.helpcontactassignment",
        object_id="3",
        before={"help_contact": "李红梅"},
        after={"help_contact": "王丽"},
    )
    events.last_name, events.first_name = "王", "丽"
    events.save(update_fields=["last_name", "first_name"])
    audit_record(actor=personas.system_admin, action="user.update", summary="修改用户 clerk：姓名", target=events)

    page = login(personas.audit_admin).get("/accounts/audit/").content.decode()

    assert "帮扶联系人：李红梅 → 王丽" in page and "help_contact：" not in page
    assert f"用户 {events.username}（王丽）" in page
