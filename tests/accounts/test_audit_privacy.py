"""The audit admin reads who did what, not the registry: the log's page, API and export show ID numbers and
phones masked, birth dates by year and health changes only as changed. The stored rows keep the values."""

import io

import pytest
from openpyxl import load_workbook

from accounts.audit import audit_record
from accounts.audit_labels import HEALTH_HIDDEN
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD_ID, NEW_ID = "360425199001025552", "360425202508220028"
MASKED_OLD, MASKED_NEW = "3604**********5552", "3604**********0028"


@pytest.fixture
def member_changes(personas):
    """A cadre's corrections of a member, as the registry services record them."""
    audit_record(
        actor=personas.cadre_a,
        action="member.update",
        summary="H0001：修改家庭成员 张小明 的信息",
        before={"sex": "男", "id_number": OLD_ID, "birth_date": "1990-01-02"},
        after={"sex": "女", "id_number": NEW_ID, "birth_date": "2025-08-22"},
    )
    audit_record(
        actor=personas.cadre_a,
        action="household.update",
        summary="H0001：修改农户信息（户主电话 13358167934）",
        before={"phone": "13358167934"},
        after={"phone": "13358167933"},
    )
    audit_record(
        actor=personas.cadre_a,
        action="member.update",
        summary="H0001：修改家庭成员 张小明 的信息",
        before={"health": "患有大病"},
        after={"health": "健康"},
    )


FULL_VALUES = [OLD_ID, NEW_ID, "1990-01-02", "2025-08-22", "13358167934", "13358167933", "患有大病"]


def test_the_audit_page_masks_id_numbers_phones_birth_dates_and_health(personas, login, member_changes):
    page = login(personas.audit_admin).get("/accounts/audit/").content.decode()

    assert not [value for value in FULL_VALUES if value in page]
    # No object type recorded: the field is named by a project model's field of that name, never by its code.
    assert f"身份证号：{MASKED_OLD} → {MASKED_NEW}" in page
    assert "出生日期：1990年 → 2025年" in page and "联系电话：133****7934 → 133****7933" in page
    assert "户主电话 133****7934" in page  # a number inside the summary too
    assert f"健康状况：{HEALTH_HIDDEN} → {HEALTH_HIDDEN}" in page
    assert "修改家庭成员 张小明 的信息" in page and "性别：男 → 女" in page  # who did what stays readable
    assert "id_number：" not in page and "birth_date：" not in page


def test_the_audit_api_masks_the_same_values(personas, login, member_changes):
    rows = login(personas.audit_admin).get("/api/v1/audit-events/").json()["results"]
    body = str(rows)

    assert not [value for value in FULL_VALUES if value in body]
    member = next(row for row in rows if row["before"] and "id_number" in row["before"])
    assert member["before"] == {"sex": "男", "id_number": MASKED_OLD, "birth_date": "1990年"}
    assert member["after"] == {"sex": "女", "id_number": MASKED_NEW, "birth_date": "2025年"}
    phone = next(row for row in rows if row["before"] and "phone" in row["before"])
    assert phone["after"] == {"phone": "133****7933"} and "133****7934" in phone["summary"]


def test_the_audit_export_masks_the_same_values(personas, login, member_changes):
    response = login(personas.audit_admin).get("/accounts/audit/", {"category": "registry", "export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
    assert not [value for value in FULL_VALUES if value in cells]
    assert MASKED_OLD in cells and "133****7933" in cells and HEALTH_HIDDEN in cells


def test_the_stored_audit_rows_keep_the_full_values(personas, login, member_changes):
    login(personas.audit_admin).get("/api/v1/audit-events/")

    stored = AuditEvent.objects.filter(action="member.update").values_list("before", flat=True)
    assert {"sex": "男", "id_number": OLD_ID, "birth_date": "1990-01-02"} in list(stored)


def test_a_keyword_of_digits_finds_no_number_the_admin_sees_masked(personas, login):
    """The keyword matched the stored summary: eight digits found the person born that day, seventeen confirmed all
    of a number but its check character, none of it recorded (the whole number is the recorded search)."""
    audit_record(
        actor=personas.cadre_a,
        action="workflow.withdraw",
        summary=f"H0001：撤回：身份证号 {OLD_ID} 录错，联系 13358167934",
    )
    client = login(personas.audit_admin)

    def found(keyword: str) -> bool:
        page = client.post("/accounts/audit/", {"q": keyword}, follow=True).content.decode()
        api = client.get("/api/v1/audit-events/", {"q": keyword}).json()["count"]
        return ("录错" in page.split("共 ", 1)[1]) and api == 1

    assert not found("19900102")  # the birth date inside the number
    assert not found(OLD_ID[:17])
    assert not found("58167")  # the middle of the mobile
    assert found(MASKED_OLD) and found("5552") and found("3604") and found("133****7934")
    assert found("录错") and found("H0001")
    assert found(OLD_ID)  # the whole number: the recorded search
    assert AuditEvent.objects.filter(action="member.search_id_number").count() == 2  # page and API
