"""The audit admin reads who did what to which case, never the words villagers and cadres typed about a household
(review admins finding 2): an objection's text, its verification and a step's opinion are kept out of the audit
summary, recorded apart and shown as （内容不显示）, on the page, in the API and in the export. The events are written
by the real services (workflow.services.objections and .cases), not typed into the test; the case's own record
keeps the full text for those who handle the case."""

import io

import pytest
from openpyxl import load_workbook

from accounts.audit import audit_record
from accounts.audit_labels import NOTE_HIDDEN
from tests.workflow.conftest import household_a, presets  # noqa: F401 (fixtures)
from tests.workflow.helpers import act
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import Outcome
from workflow.models import CaseEvent
from workflow.services.objections import objection_add, objection_resolve

pytestmark = pytest.mark.django_db

OBJECTION = "户主说自己患尿毒症长期透析，村民反映不属实"
RESOLUTION = "经核实透析记录属实"
OPINION = "已补充住院发票，白血病化疗中"
SECRETS = ["尿毒症", "透析", "白血病", "住院发票"]


@pytest.fixture
def written(personas, household_a):  # noqa: F811
    """A village review passed with an opinion, an objection during the publicity, and its verification."""
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_review")
    act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, note=OPINION)
    walk_to(personas, case, "village_publicity")
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", content=OBJECTION, raised_by_name="李四"
    )
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution=RESOLUTION)
    return case


def _leaks(text: str) -> list[str]:
    return [word for word in SECRETS if word in text]


def test_the_audit_page_names_the_act_and_the_case_but_not_the_text(personas, login, written):
    number = written.household.number

    page = login(personas.audit_admin).get("/accounts/audit/", {"category": "workflow"}).content.decode()

    assert _leaks(page) == []
    # what kind of act, on which household's case, by whom; the text only as hidden
    assert f"{number}：村级评议：通过<" in page
    assert f"{number}：村级公示收到异议（" in page
    assert f"{number}：异议核实：异议不成立<" in page
    assert f"说明：{NOTE_HIDDEN}" in page
    assert "cadre_a" in page
    assert f"案件 {written.pk}<" in page


def test_the_audit_api_and_export_hide_the_same_text(personas, login, written):
    client = login(personas.audit_admin)

    rows = client.get("/api/v1/audit-events/", {"category": "workflow", "page_size": 100}).json()["results"]
    response = client.get("/accounts/audit/", {"category": "workflow", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)

    assert _leaks(str(rows)) == [] and _leaks(cells) == []
    objection = next(row for row in rows if row["action"] == "workflow.objection_add")
    assert objection["summary"].startswith(f"{written.household.number}：")
    assert "收到异议（" in objection["summary"]
    assert objection["after"] == {"note": NOTE_HIDDEN}
    opinion = next(row for row in rows if row["action"] == "workflow.case_act" and "评议" in row["summary"])
    assert opinion["after"] == {"note": NOTE_HIDDEN}


def test_the_case_record_keeps_the_full_text_for_the_people_on_the_case(personas, login, written):
    summaries = " ".join(CaseEvent.objects.filter(case=written).values_list("summary", flat=True))
    page = login(personas.township).get(f"/workflow/cases/{written.pk}/").content.decode()

    assert OBJECTION in summaries and RESOLUTION in summaries and OPINION in summaries
    assert OPINION in page


def test_rows_written_in_the_old_wording_are_redacted_too(personas, login):
    """Rows already in the append-only log, as the services wrote them before: text inline after the date."""
    for action, summary in [
        ("workflow.objection_add", "3604251002010004：村级公示收到异议（2026-12-04）：（审查测试）户主患尿毒症"),
        ("workflow.objection_add", "3604251002010004：村级公示公示期满后补登异议（2026-12-01收到）：透析多年"),
        ("workflow.objection_resolve", "3604251002010004：异议核实：异议成立，白血病属实"),
        ("workflow.case_act", "3604251002010004：村级评议：通过，已补充住院发票"),
        ("workflow.case_act", "3604251002010004：系统自动：村级公示：通过，透析"),
        ("workflow.case_act", "3604251002010004：县级审批：退回乡镇补正，白血病发票未附"),
        ("workflow.case_note", "3604251002010004：撤回：户主白血病去世"),
    ]:
        audit_record(actor=personas.cadre_a, action=action, summary=summary)

    page = login(personas.audit_admin).get("/accounts/audit/").content.decode()

    assert _leaks(page) == []
    assert f"村级公示收到异议（2026-12-04）：{NOTE_HIDDEN}" in page
    assert f"补登异议（2026-12-01收到）：{NOTE_HIDDEN}" in page
    assert f"异议核实：异议成立，{NOTE_HIDDEN}" in page
    assert f"村级评议：通过，{NOTE_HIDDEN}" in page
    assert f"县级审批：退回乡镇补正，{NOTE_HIDDEN}" in page
    assert f"撤回：{NOTE_HIDDEN}" in page
