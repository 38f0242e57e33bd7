"""Review finding (approver's day #1): the printed 提请审批名单 the leading group approves from left out what
the batch page warns of (申报风险与档案信息不符, 有未核实异议 and its 暂不能批准, an exit's 纳入仅 1 个月). It now
carries, in its 提示 column, every flag the batch page shows of the row, from the same rows
(selectors_batches.annotate_rows)."""

import pytest

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act_after_publicity, exit_ready
from tests.workflow.test_batch_approval_rules import LATE, late_objection
from tests.workflow.test_exit_advisories import included
from tests.workflow.test_risk_flags import MEDICAL_WORDS, ill
from workflow import selectors_batches
from workflow.choices import CaseKind, Channel, Outcome
from workflow.selectors_risks import RISK_FLAG
from workflow.services.cases import case_open
from workflow.services.pass_rules import FLAG_OBJECTION_OPEN

pytestmark = pytest.mark.django_db
SUBMISSION = "/workflow/batches/submission/"


def printed_rows(page: str) -> dict[str, str]:
    """The list's rows by the head's name, each with its 提示 cell last."""
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split('<tr class="nw">')[1:]
    return {name: row for row in rows for name in ("张大山", "王五") if name in row}


def notes(row: str) -> str:
    return row.split("data-notes>", 1)[1]


def test_the_printed_list_carries_the_risk_flag_the_objection_and_the_refusal(
    personas, login, household_a, household_b
):
    # Given 张大山 proposed for a medical cost with nobody ill, and 王五 (ill) with an objection still unverified
    ill(household_b)
    at_approval(personas, household_a, personas.cadre_a)
    objected = at_approval(personas, household_b, personas.cadre_b)
    late_objection(personas, objected)
    client = login(personas.approver)
    screen = client.get("/workflow/batches/").content.decode()
    assert MEDICAL_WORDS in screen and FLAG_OBJECTION_OPEN in screen and LATE in screen

    # When the county prints the list for the leading group
    page = client.get(SUBMISSION).content.decode()

    # Then each row's 提示 says what the screen says of it, and nothing of the other's
    assert "<th>提示</th>" in page
    rows = printed_rows(page)
    zhang, wang = notes(rows["张大山"]), notes(rows["王五"])
    assert RISK_FLAG in zhang and MEDICAL_WORDS in zhang
    assert FLAG_OBJECTION_OPEN not in zhang and "暂不能批准" not in zhang
    assert FLAG_OBJECTION_OPEN in wang and "※暂不能批准：" in wang and LATE in wang
    assert RISK_FLAG not in wang


def test_the_printed_list_carries_an_exits_advisories(personas, login, monitored_a):
    # Given an exit of a household included a month ago, at the county approval
    household = exit_ready(included(monitored_a, 1))
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    for actor, code in (
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_audit"),
    ):
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)

    # When it is printed, then the advisory the batch page lists is on paper too
    page = login(personas.approver).get(SUBMISSION).content.decode()
    row = notes(printed_rows(page)["张大山"])
    assert "※风险消除提示：" in row and "纳入监测仅 1 个月" in row


def test_a_row_without_flags_prints_a_dash_and_the_list_reads_the_batch_pages_rows(
    personas, login, household_a, monkeypatch
):
    household_a.members.update(health="serious")
    at_approval(personas, household_a, personas.cadre_a)
    read = []
    annotate = selectors_batches.annotate_rows
    monkeypatch.setattr(selectors_batches, "annotate_rows", lambda cases: read.append(1) or annotate(cases))

    page = login(personas.approver).get(SUBMISSION).content.decode()

    # One computation for screen and paper: the list is built from annotate_rows, not a second reading of flags.
    assert read == [1]
    assert notes(printed_rows(page)["张大山"]).split("</td>", 1)[0].strip() == "—"
