"""The 乡镇审核汇总名单's 评议 as the printed page and its XLSX (reports ledger township_audit) say it: while Laiyuan's
combined 村级评议公示 runs, both say 评议公示中 (the XLSX left the cell blank, as for a review never held); once it
passes, both give its day; a village review done gives its day and one still owed (a green channel's) is a dash on
the page and an empty cell in the XLSX. Read back with openpyxl and, for the running review, with LibreOffice."""

import io
import re

import pytest
from openpyxl import load_workbook

from reports.sheets import cn_date
from tests.clock import today
from tests.reports.conftest import libreoffice_csv
from tests.workflow.batch_helpers import new_household
from tests.workflow.helpers import act_after_publicity, household_checked, sign_consent
from tests.workflow.test_green_channel import open_green
from tests.workflow.township_helpers import at_township
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import Procedure
from workflow.selectors_township_summary import REVIEW_RUNNING
from workflow.services.cases import case_act, case_open
from workflow.services.procedures import procedure_switch

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/summary/"
REVIEW = "村级评议日期"


def page_cell(client, head: str) -> str:
    """The page's 村级评议/公示日期 cell of the household's row, its first line (评议)."""
    row = client.get(URL).content.decode().split(f"<td>{head}</td>")[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    cell = next(cell for cell in cells if "<br>公示" in cell)
    return cell.split("<br>")[0]


def xlsx(client) -> bytes:
    response = client.post(
        "/reports/export/",
        {"ledger": "township_audit", "date_from": today().replace(day=1).isoformat(), "date_to": today().isoformat()},
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def xlsx_cell(rows: list, head: str):
    header = next(row for row in rows if row and row[0] == "序号")
    row = next(row for row in rows if len(row) > 2 and row[2] == head)
    return row[list(header).index(REVIEW)]


def openpyxl_rows(client) -> list:
    return [list(row) for row in load_workbook(io.BytesIO(xlsx(client))).active.iter_rows(values_only=True)]


def laiyuan_case(personas, household):
    """Laiyuan's procedure made the county's (Yongxiu's open cases carry on) and a case of it past 入户核查: its
    村级评议公示 runs beside 乡镇核查初审."""
    procedure_switch(
        actor=personas.system_admin,
        procedure=Procedure.objects.get(code="laiyuan_identification"),
        region_prefix="360425",
    )
    sign_consent(actor=personas.cadre_a, household=household)
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["disaster_loss"],
        national_risk_types=["natural_disaster"],
        category="sudden_hardship",
    )
    household_checked(actor=personas.cadre_a, case=case)  # 入户核查核实 passes on a recorded visit (Step.needs_visit)
    return case_act(actor=personas.cadre_a, case=case, step_code="household_check", outcome=Outcome.PASS)


def test_the_review_reads_the_same_on_the_page_and_in_the_excel_whatever_its_state(
    personas, login, county, household_a, household_b
):
    at_township(personas, household_b, personas.cadre_b)  # Yongxiu's: 村级评议 and 村级公示 passed
    owed = new_household(personas.cadre_a, county.village_a, "赵六", 77)
    open_green(personas.township, owed)  # helped first: its review and publicity are still owed
    running = laiyuan_case(personas, household_a)
    client = login(personas.township)

    assert page_cell(client, "张大山") == f"{REVIEW_RUNNING}（期满后上传记录）"
    assert page_cell(client, "王五") == f"评议 {cn_date(today())}"
    assert page_cell(client, "赵六") == "评议 —"
    rows = openpyxl_rows(client)
    assert xlsx_cell(rows, "张大山") == REVIEW_RUNNING == "评议公示中"
    assert xlsx_cell(rows, "王五").date() == today()
    assert xlsx_cell(rows, "赵六") is None
    # As an office PC opens it: the words, the day as a date, the empty cell.
    csv_rows = libreoffice_csv(xlsx(client))
    assert xlsx_cell(csv_rows, "张大山") == REVIEW_RUNNING
    assert xlsx_cell(csv_rows, "王五") == cn_date(today())
    assert xlsx_cell(csv_rows, "赵六") == ""

    act_after_publicity(
        actor=personas.cadre_a, case=running, step_code="village_review_publicity", outcome=Outcome.PASS
    )

    assert page_cell(client, "张大山") == f"评议 {cn_date(today())}"
    assert xlsx_cell(openpyxl_rows(client), "张大山").date() == today()
