"""Leftovers of Laiyuan's combined 村级评议公示 (Step.with_review) and of a county switching procedures: the API says a
green channel's waiting approval as the case page does; the combined step's form says, itself, that its role passes it
with the minutes once the publicity ends (and that no meeting passes it); the township's summary says its review is
to come rather than a bare dash; 我的任务 offers the steps of a stopped procedure whose open cases it lists."""

import re

import pytest

from config.dates import cn_date
from tests.clock import today
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import act_after_publicity, case_act
from tests.workflow.test_green_channel import open_green
from tests.workflow.test_laiyuan_review_publicity import opened
from tests.workflow.test_task_list import step_options
from workflow.choices import Outcome
from workflow.forms import CaseActForm
from workflow.models import CaseStep, Procedure
from workflow.services.procedures import procedure_switch
from workflow.services.publicity import publicity_posted_record
from workflow.services.review_rules import (
    MSG_REVIEW_PUBLICITY_MINUTES_HELP,
    MSG_REVIEW_PUBLICITY_RUNNING,
    MSG_REVIEW_PUBLICITY_UNPOSTED_RUNNING,
)
from workflow.services.step_waits import WAIT_LABEL

pytestmark = pytest.mark.django_db


def api_steps(client, case) -> dict[str, str]:
    data = client.get(f"/api/v1/cases/{case.pk}/").json()
    return {step["code"]: step["status_display"] for step in data["steps"]}


def test_the_api_says_a_waiting_green_channel_approval_as_the_page_does(personas, login, household_a):
    case = open_green(personas.county_officer, household_a)
    approver = login(personas.approver)

    assert api_steps(approver, case)["county_approval"] == WAIT_LABEL
    listed = approver.get("/api/v1/cases/").json()["results"]
    row = next(item for item in listed if item["id"] == case.pk)
    assert {step["code"]: step["status_display"] for step in row["steps"]}["county_approval"] == WAIT_LABEL
    assert api_steps(approver, case)["township_audit"] == "办理中"

    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)

    assert api_steps(approver, case)["county_approval"] == "办理中"


def test_the_combined_steps_form_says_how_it_passes(personas, login, household_a):
    case = opened(personas, household_a)
    # Not posted yet: the period runs from the posting, and the system will not pass it at the end.
    unposted = CaseActForm(
        running_until=today(), unposted_period="不少于 5 个自然日", review=True, review_publicity=True
    )
    assert unposted.fields["outcome"].help_text == MSG_REVIEW_PUBLICITY_UNPOSTED_RUNNING.format(
        period="不少于 5 个自然日"
    )
    assert "系统自动通过，无需办理" not in unposted.fields["outcome"].help_text

    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_review_publicity")
    ends_on = CaseStep.objects.get(case=case, step__code="village_review_publicity").ends_on
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    form = page.split('id="act-village_review_publicity"')[1].split("</section>")[0]
    assert MSG_REVIEW_PUBLICITY_RUNNING.format(date=f"{ends_on:%Y-%m-%d}") in form
    # The minutes go with the step's own form: no review meeting passes a combined step.
    assert MSG_REVIEW_PUBLICITY_MINUTES_HELP in form
    assert "召开民主评议会议" not in page

    plain = CaseActForm(review=True)
    assert "召开民主评议会议" in plain.fields["attachment"].help_text


def summary_cell(page: str, name: str) -> str:
    row = page.split(name)[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return next(cell for cell in cells if cell.startswith("评议"))


def test_the_township_summary_says_the_combined_review_comes_when_the_publicity_ends(personas, login, household_a):
    case = opened(personas, household_a)  # 村级评议公示 runs beside 乡镇核查初审
    client = login(personas.township)

    cell = summary_cell(client.get("/workflow/township-audit/summary/").content.decode(), "张大山")

    assert cell.startswith("评议公示中（期满后上传记录）<br>") and "评议 —" not in cell

    act_after_publicity(actor=personas.cadre_a, case=case, step_code="village_review_publicity", outcome=Outcome.PASS)
    cell = summary_cell(client.get("/workflow/township-audit/summary/").content.decode(), "张大山")
    assert cell.startswith(f"评议 {cn_date(today())}<br>")


def test_the_task_steps_include_a_stopped_procedure_still_running_open_cases(personas, login, household_a):
    open_case(personas.cadre_a, household_a)  # Yongxiu's: waits at 村级评议
    procedure_switch(
        actor=personas.system_admin,
        procedure=Procedure.objects.get(code="laiyuan_identification"),
        region_prefix="360425",
    )
    client = login(personas.cadre_a)

    options = step_options(client.get("/workflow/").content.decode())

    assert "入户核查核实" in options  # the county's procedure now
    assert "村级评议" in options and "村级公示" in options  # the stopped one's, which the open case runs on
    assert "村民小组评议" not in options  # Taogou's: nothing runs on it here
    assert "张大山" in client.get("/workflow/", {"step": "村级评议"}).content.decode()
    # A cadre with no open case under the stopped procedure is not offered its steps (村级评议 is Yongxiu's exit's
    # too, which still runs).
    other = step_options(login(personas.cadre_b).get("/workflow/").content.decode())
    assert "入户核查核实" in other and "村级公示" not in other
