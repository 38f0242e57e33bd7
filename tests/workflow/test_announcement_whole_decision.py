"""The printed 公告 of an approving batch lists every household its 批复 approved (000 §三(三)6: 乡镇对县级批复的名单
在乡村两级公告), however many batches the county entered the 批复 as (a batch page shows 50 rows), as the printed
批准名单 does; the page says so on screen, and the township's list of past announcements names each 批复 once."""

import re

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import Outcome
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db

NUMBER = "永巩固〔2026〕21号"


def approve(personas, case, number=NUMBER):
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=case.pk, version=case_version(case))],
        decision="approve",
        document_number=number,
        decided_on=timezone.localdate(),
    )


def print_url(region, batch):
    return f"/workflow/announcement/{region.code}/print/?batch={batch.pk}"


def test_a_batchs_announcement_lists_everyone_its_decision_approved_in_every_batch(
    personas, login, county, household_a, household_b
):
    first = approve(personas, at_approval(personas, household_a, personas.cadre_a))
    # The same 批复 entered again later, its number typed with other brackets: still the one 批复.
    second = approve(personas, at_approval(personas, household_b, personas.cadre_b), number="永巩固[2026]21号")
    act(actor=personas.township, case=first.items.get().case, step_code="announcement", outcome=Outcome.PASS)
    client = login(personas.township)

    page = client.get(print_url(county.township, first)).content.decode()

    assert "张大山" in page and "王五" in page  # the announced one and the one still waiting
    assert page.count(NUMBER) >= 3  # the heading and each household's 批复文号 column
    spans = re.search(r"<p[^>]*data-spans>(.*?)</p>", page).group(1)
    assert spans == (
        f"本公告按批复文号列出：批复 {NUMBER} 分 2 批录入（审批批次 {first.pk}、{second.pk}），"
        f"涂埠镇经该批复批准的农户一并列出，不只审批批次 {first.pk}。"
    )
    assert 'class="no-print small notice" data-spans' in page  # said on screen, not on the posted notice
    # From the later batch, the same notice; a village's keeps to its village.
    assert "张大山" in client.get(print_url(county.township, second)).content.decode()
    village = client.get(print_url(county.village_b, first)).content.decode()
    assert "王五" in village and "张大山" not in village


def test_the_township_is_offered_each_decision_once_and_the_batch_page_prints_the_decisions_notice(
    personas, login, county, household_a, household_b
):
    first = approve(personas, at_approval(personas, household_a, personas.cadre_a))
    second = approve(personas, at_approval(personas, household_b, personas.cadre_b))

    listing = login(personas.township).get("/workflow/cases/").content.decode()

    assert listing.count(f"{NUMBER}</a>") == 1
    assert f"?batch={second.pk}" in listing and f"?batch={first.pk}" not in listing  # the latest batch of it
    detail = login(personas.approver).get(f"/workflow/batches/{first.pk}/").content.decode()
    assert "打印本批复的公告（列出批复文号 永巩固〔2026〕21号 批准的全部农户" in detail
    assert print_url(county.township, first) in detail
