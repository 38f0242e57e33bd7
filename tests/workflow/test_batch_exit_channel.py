"""An exit has no discovery channel (services.case_opening): the batch pages' 渠道 cell was blank for it and now
reads "—", as the other empty cells do; the queue's line leaves the channel out instead of a dangling "·"."""

import re

import pytest
from django.utils import timezone

from tests.workflow.helpers import act_after_publicity, exit_ready
from tests.workflow.test_exit_advisories import included
from workflow.choices import CaseKind, Outcome
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def test_an_exits_channel_reads_a_dash_on_the_batch_pages(personas, login, monitored_a):
    household = exit_ready(included(monitored_a, 7))
    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, confirm_advisories=True)
    for actor, code in (
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_audit"),
    ):
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    case.refresh_from_db()
    assert case.channel == ""
    client = login(personas.approver)

    queue = client.get("/workflow/batches/").content.decode()
    submission = client.get("/workflow/batches/submission/").content.decode()
    batch = batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=case.pk, version=case_version(case))],
        decision="approve",
        document_number="永巩固〔2026〕12号",
        decided_on=timezone.localdate(),
        note="",
    )
    detail = client.get(f"/workflow/batches/{batch.pk}/").content.decode()

    assert '<td>—</td><td class="left wrap-cell trail">' in submission
    assert re.search(r"<td>—</td>\s*</tr>", detail)
    assert "风险消除 · <" not in queue and "风险消除 · </div>" not in queue
