"""农户注销: a household whose members have all died or moved out is closed by the township or the county with its
reason, leaves the lists, the data check and the monitored counts, shows 已注销 on its page, and can be undone."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from households import selectors
from households.choices import LivingStatus, MonitoringCategory, Relation
from households.data_checks import BY_CODE, check_findings
from households.services.closing import MSG_CLOSE_ROLE
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from workflow.choices import CaseKind, CaseStatus, Channel, ProcedureKind
from workflow.models import Case, Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def emptied(county):
    """A monitored 边缘易致贫户 whose only member moved out."""
    household = HouseholdFactory(
        village=county.village_a, head_name="迁出甲", monitoring_category=MonitoringCategory.MARGINAL
    )
    MemberFactory(household=household, name="迁出甲", relation=Relation.HEAD, living_status=LivingStatus.MOVED_OUT)
    return household


def close(client, household, reason="all_moved_out", note=""):
    return client.post(f"/households/{household.pk}/close/", {"reason": reason, "note": note})


def test_the_township_closes_a_household_nobody_is_left_in_with_the_reason_recorded(emptied, personas, login):
    client = login(personas.township)
    assert BY_CODE["no_living_member"] in [c for c in BY_CODE.values() if check_findings(
        actor=personas.township, check=c, today=today()).filter(pk=emptied.pk).exists()]  # fmt: skip
    offered = client.get(f"/households/{emptied.pk}/").content.decode()
    assert "办理农户注销" in offered
    confirm = client.get(f"/households/{emptied.pk}/close/").content.decode()
    assert "全户死亡" in confirm and "全户迁出" in confirm and "不再监测" in confirm

    response = close(client, emptied)

    assert response.status_code == 302
    emptied.refresh_from_db()
    assert (emptied.is_active, emptied.closed_reason) == (False, "全户迁出")
    assert emptied.monitoring_category == MonitoringCategory.MARGINAL  # kept on file for an undo
    audit = AuditEvent.objects.get(action="household.close")
    assert "全户迁出" in audit.summary and "原为监测对象（边缘易致贫户）" in audit.summary
    page = client.get(f"/households/{emptied.pk}/").content.decode()
    assert f"已注销：全户迁出（{today():%Y-%m-%d}注销）" in page and "注销后不再监测" in page
    assert f"/households/{emptied.pk}/edit/" not in page and "添加成员" not in page  # read, not edited
    assert f"/households/{emptied.pk}/reopen/" in page
    assert emptied not in selectors.household_list(actor=personas.township)
    assert not check_findings(actor=personas.township, check=BY_CODE["no_living_member"], today=today()).exists()
    monitored = client.get("/api/v1/households/?monitoring_category=marginal").json()
    assert emptied.pk not in [row["id"] for row in monitored["results"]]


def test_a_household_with_a_member_still_here_is_not_closed(emptied, personas, login):
    MemberFactory(household=emptied, name="在世乙", relation=Relation.SPOUSE, birth_date=dt.date(1980, 3, 1))
    client = login(personas.township)

    page = client.get(f"/households/{emptied.pk}/close/").content.decode()
    refused = close(client, emptied)

    assert "该户仍有1名在册成员（在世乙），不能注销" in page
    assert refused.status_code == 200 and "该户仍有1名在册成员（在世乙），不能注销" in refused.content.decode()
    emptied.refresh_from_db()
    assert emptied.is_active


def test_a_village_cadre_is_told_to_report_to_the_township(emptied, personas, login):
    client = login(personas.cadre_a)

    detail = client.get(f"/households/{emptied.pk}/").content.decode()
    refused = close(client, emptied)
    api = client.post(f"/api/v1/households/{emptied.pk}/close/", {"reason": "all_moved_out"})

    assert "请报乡镇办理农户注销" in detail and f"/households/{emptied.pk}/close/" not in detail
    assert MSG_CLOSE_ROLE in refused.content.decode()
    assert api.status_code == 403
    emptied.refresh_from_db()
    assert emptied.is_active


def test_an_open_case_is_named_and_must_end_first(emptied, personas, login):
    procedure = Procedure.objects.create(
        code="close_exit", name="测试风险消除", kind=ProcedureKind.EXIT, region_prefix="360425", limit_days=15
    )
    Case.objects.create(
        kind=CaseKind.EXIT, household=emptied, procedure=procedure, channel=Channel.CADRE_VISIT,
        discovered_on=dt.date(2026, 11, 2), status=CaseStatus.OPEN, region_path=emptied.region_path,
        opened_by=personas.cadre_a,
    )  # fmt: skip
    client = login(personas.county_officer)

    refused = close(client, emptied)
    api = client.post(f"/api/v1/households/{emptied.pk}/close/", {"reason": "all_moved_out"})

    assert "该户有在办事项“风险消除”（2026-11-02起），请先办结或终止该事项" in refused.content.decode()
    assert api.status_code == 400 and "在办事项" in api.json()["detail"]
    emptied.refresh_from_db()
    assert emptied.is_active


def test_other_needs_a_note(emptied, personas, login):
    refused = close(login(personas.township), emptied, reason="other")

    assert "原因为“其他”时，请填写说明" in refused.content.decode()


def test_the_api_closes_and_a_mistaken_closing_is_undone(emptied, personas, login):
    client = login(personas.county_officer)

    closed = client.post(f"/api/v1/households/{emptied.pk}/close/", {"reason": "all_moved_out"})
    head = emptied.members.get()
    reopened = client.post(
        f"/households/{emptied.pk}/reopen/", {"note": "误将户主标记为迁出", "restore_member": head.pk}
    )

    assert closed.status_code == 200, closed.json()
    assert closed.json() == {
        "id": emptied.pk, "is_active": False, "closed_reason": "全户迁出", "closed_on": today().isoformat(),
    }  # fmt: skip
    assert reopened.status_code == 302
    emptied.refresh_from_db()
    assert emptied.is_active and emptied.closed_reason == ""
    assert emptied in selectors.household_list(actor=personas.county_officer)
    assert AuditEvent.objects.filter(action="household.reopen").exists()
