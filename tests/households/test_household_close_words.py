"""The closing's words name the household by its 户编号: the audit rows said 农户 2 (a database id) and, once no head
was left, the confirmation and the message said 确认注销户（…） and 户已注销 with no name."""

import pytest

from households.choices import LivingStatus, MonitoringCategory, Relation
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def headless(county):
    """A household whose only member moved out and whose head's name was cleared with it."""
    household = HouseholdFactory(
        village=county.village_a, head_name="", monitoring_category=MonitoringCategory.MARGINAL
    )
    MemberFactory(household=household, name="迁出甲", relation=Relation.SON, living_status=LivingStatus.MOVED_OUT)
    return household


def test_the_closing_and_its_audit_rows_name_the_household_by_its_number(headless, personas, login):
    client = login(personas.township)
    named = f"户编号 {headless.number} 的农户"

    confirm = client.get(f"/households/{headless.pk}/close/").content.decode()
    closed = client.post(f"/households/{headless.pk}/close/", {"reason": "all_moved_out"}, follow=True)
    reopen = client.get(f"/households/{headless.pk}/reopen/").content.decode()

    assert f"确认注销{named}？" in confirm and "确认注销户（" not in confirm
    assert f"{named}已注销（全户迁出）。" in closed.content.decode()
    assert f"恢复{named}为在册农户？" in reopen

    auditor = login(personas.audit_admin)
    rows = auditor.get("/api/v1/audit-events/", {"category": "registry"}).json()["results"]
    shown = {row["object_display"] for row in rows if row["action"] == "household.close"}
    page = auditor.get("/accounts/audit/", {"category": "registry"}).content.decode()

    assert shown == {f"农户 {headless.number}"}
    assert f"农户 {headless.number}" in page and f"农户 {headless.pk}<" not in page
