"""An inclusion's 公告并标识 records its national marking as an exit's 公告并标注风险消除 does (000 §三(三)6: 乡镇对县级
批复的名单在乡村两级公告，在国家系统对监测对象相关数据信息进行录入、标识): the case is marked by whoever passed the
step, audited, off the 待标注 list, and the household reads 已标注 in its API and the 监测对象台账. A 风险再标注 is
marked the same way; an inclusion announced by another role (Taogou's district filing) is not."""

import pytest

from accounts.models import AuditEvent
from reports.models import ExportMark
from reports.services.national import national_mark_announced
from tests.clock import today
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from tests.workflow.township_helpers import refs
from workflow.choices import CaseKind, CaseStatus, Outcome
from workflow.models import Case, Step
from workflow.services.batch_announce import batch_announce

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(personas, household_a):
    """张大山 (城南村): his inclusion approved by the county, waiting at the township's 公告并标识."""
    case = at_approval(personas, household_a, personas.cadre_a)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    case.refresh_from_db()
    return case


def pending(client):
    return [row["case"] for row in client.get("/api/v1/reports/national/").json()["results"]]


def ledger_marking(client, head):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": "monitored_households"})))
    header, body = ledger_table(rows)
    return {row[header.index("户主姓名")]: row[header.index("国家系统标注")] for row in body}[head]


def test_the_announcement_that_closes_an_inclusion_records_its_national_marking(
    personas, login, household_a, approved, django_capture_on_commit_callbacks
):
    client = login(personas.township)
    assert pending(client) == [approved.pk]

    with django_capture_on_commit_callbacks(execute=True):
        case = act(actor=personas.township, case=approved, step_code="announcement", outcome=Outcome.PASS)

    assert case.status == CaseStatus.APPROVED
    mark = ExportMark.objects.get(case=case)
    assert (mark.marked_by, mark.region_path) == (personas.township, case.region_path)
    assert pending(client) == []
    audit = AuditEvent.objects.get(action="reports.national_mark", object_id=str(case.pk))
    assert audit.actor == personas.township
    assert audit.summary == f"国家系统已标注：张大山（纳入，案件{case.pk}，随“公告并标识”办理）"
    assert client.get(f"/api/v1/households/{household_a.pk}/").json()["national_marking"] == "marked"
    assert ledger_marking(client, "张大山") == "已标注"
    recent = client.get("/reports/national/").content.decode()
    assert "最近标注" in recent and "张大山" in recent


def test_a_batch_announcement_marks_each_inclusion_it_closes(
    personas, login, approved, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = batch_announce(actor=personas.township, refs=refs([approved]), announced_on=today())

    assert [case.pk for case in result.done] == [approved.pk]
    assert ExportMark.objects.get(case=approved).marked_by == personas.township
    assert pending(login(personas.county_officer)) == []


def test_a_remark_closed_by_its_announcement_is_marked_too(personas, approved):
    act(actor=personas.township, case=approved, step_code="announcement", outcome=Outcome.PASS)
    Case.objects.filter(pk=approved.pk).update(kind=CaseKind.REMARK)

    mark = national_mark_announced(case_id=approved.pk)

    assert mark is not None and mark.marked_by == personas.township
    assert AuditEvent.objects.filter(summary__contains="（风险再标注，案件").exists()


def test_an_inclusion_announced_by_another_role_is_left_to_the_township_to_mark(personas, approved):
    # Taogou: 003 §二2(4) has the township enter and mark the household after the district's 区级备案公告.
    act(actor=personas.township, case=approved, step_code="announcement", outcome=Outcome.PASS)
    Step.objects.filter(procedure=approved.procedure, code="announcement").update(role="county_officer")

    assert national_mark_announced(case_id=approved.pk) is None
    assert not ExportMark.objects.filter(case=approved).exists()


def test_an_inclusion_still_at_its_announcement_is_not_marked(personas, approved):
    assert national_mark_announced(case_id=approved.pk) is None
    assert not ExportMark.objects.exists()
