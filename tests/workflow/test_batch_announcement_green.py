"""Review finding (approver #4): a batch's announcement reprint does not print a green-channel household approved
ahead of its village review and publicity under a notice that says those were done; the batch page and the print
page (on screen only) say who is left out and when they will be announced."""

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import case_act
from tests.workflow.test_green_channel import open_green
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseStep
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(personas, household_a, household_b):
    """王五's ordinary case and 张大山's green-channel case (audited by the township, its village steps owed),
    approved in one batch."""
    ordinary = at_approval(personas, household_b, personas.cadre_b)
    green = open_green(personas.county_officer, household_a)
    green = case_act(actor=personas.township, case=green, step_code="township_audit", outcome=Outcome.PASS)
    green.refresh_from_db()
    decided = batch_decide(
        actor=personas.approver,
        refs=[CaseRef(c.pk, case_version(c)) for c in (ordinary, green)],
        decision="approve",
        document_number="永巩固〔2026〕7号",
        decided_on=timezone.localdate(),
    )
    assert decided.count == 2
    assert CaseStep.objects.get(case=green, step__code="announcement").status == CaseStepStatus.PENDING
    return decided


def test_the_batch_announcement_leaves_out_the_green_channel_case(personas, login, county, batch):
    client = login(personas.township)
    page = client.get(f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}").content.decode()
    table = page.split("<table", 1)[1]
    assert "王五" in table and "张大山" not in table
    # On screen only, above the notice: who is left out and why.
    note = page.split("data-not-announced", 1)[1].split("</p>", 1)[0]
    assert "绿色通道先行纳入的 1 户（张大山）" in note and "不列入本批复的纳入公告" in note
    assert 'class="no-print"' in page.split("data-not-announced", 1)[0].rsplit("<div", 1)[1]
    # The ordinary announcement leaves him out too, as before.
    waiting = client.get(f"/workflow/announcement/{county.township.code}/print/").content.decode()
    assert "张大山" not in waiting.split("<table", 1)[1]


def test_the_batch_page_says_so_beside_the_announcement_link(personas, login, batch):
    page = login(personas.approver).get(f"/workflow/batches/{batch.pk}/").content.decode()
    assert "data-not-announced" in page and "绿色通道先行纳入的 1 户（张大山）" in page


def test_an_ordinary_batch_has_no_such_note(personas, login, county, household_b):
    ordinary = at_approval(personas, household_b, personas.cadre_b)
    decided = batch_decide(
        actor=personas.approver,
        refs=[CaseRef(ordinary.pk, case_version(ordinary))],
        decision="approve",
        document_number="永巩固〔2026〕8号",
        decided_on=timezone.localdate(),
    )
    page = login(personas.township).get(f"/workflow/announcement/{county.township.code}/print/?batch={decided.pk}")
    assert "王五" in page.content.decode() and "data-not-announced" not in page.content.decode()
