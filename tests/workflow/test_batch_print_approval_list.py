"""The printed 批准名单 of a 批复 (/workflow/batches/<id>/print/): every household approved under its 批复文号, however
many batches it was entered as, with risks as the 公告 prints them, the county in the title, the leading group under
the stamp and the 批复日期 (not the printing day) beneath it."""

import datetime as dt
import re

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval, new_household
from workflow.models import Batch
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _approve(personas, case, number):
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=case.pk, version=case_version(case))],
        decision="approve",
        document_number=number,
        decided_on=today(),
    )


def test_a_number_entered_as_two_batches_prints_every_household_it_approved(
    personas, login, county, household_a, household_b
):
    # Given one 批复 entered as two batches, the second with the year's brackets typed differently
    first = _approve(personas, at_approval(personas, household_a, personas.cadre_a), "永防返贫〔2026〕88号")
    second = _approve(personas, at_approval(personas, household_b, personas.cadre_b), "永防返贫[2026]88号")
    decided = today() - dt.timedelta(days=2)
    Batch.objects.filter(pk__in=[first.pk, second.pk]).update(decided_on=decided)  # printed some days later

    # When the county prints the second batch's list
    page = login(personas.approver).get(f"/workflow/batches/{second.pk}/print/").content.decode()

    # Then it lists both households of 88号 and says the 批复 spans two batches
    table = page.split("<table")[1]
    assert "张大山" in table and "王五" in table
    assert "共 2 户" in page and f"本批复分 2 批录入（审批批次 {first.pk}、{second.pk}）" in page
    # no health detail: the medical risk reads as on the 公告
    assert "刚性支出较大" in table and "大病重病重残医疗支出大" not in page
    # the county's title, the issuing body and the 批复日期 under the stamp
    assert "永修县防止返贫监测对象批准名单" in page
    sign = page.split('class="sign-line"')[1]
    assert "永修县防止返贫监测帮扶工作领导小组（盖章）" in sign
    assert cn_date(decided) in sign and cn_date(today()) not in sign


def test_a_township_sees_its_own_households_of_the_number_with_the_whole_count(
    personas, login, county, household_a, household_b
):
    first = _approve(personas, at_approval(personas, household_a, personas.cadre_a), "永防返贫〔2026〕88号")
    _approve(personas, at_approval(personas, household_b, personas.cadre_b), "永防返贫〔2026〕88号")
    page = login(personas.cadre_a).get(f"/workflow/batches/{first.pk}/print/").content.decode()
    table = page.split("<table")[1]
    assert "张大山" in table and "王五" not in table
    assert "本辖区 1 户（批复共 2 户）" in page


def test_a_number_entered_three_times_prints_one_opinion_and_no_batch_note(
    personas, login, county, household_a, household_b
):
    # Given one 批复 entered as two single approvals (同意纳入) and a batch (同意)
    number = "永防返贫〔2026〕66号"
    batches = []
    for household, cadre, note in (
        (household_a, personas.cadre_a, "同意纳入"),
        (household_b, personas.cadre_b, "同意纳入"),
    ):
        case = at_approval(personas, household, cadre)
        batches.append(
            batch_decide(
                actor=personas.approver,
                refs=[CaseRef(case_id=case.pk, version=case_version(case))],
                decision="approve",
                document_number=number,
                decided_on=today(),
                note=note,
            )
        )
    third = new_household(personas.cadre_a, county.village_a, "赵六", 77)
    case = at_approval(personas, third, personas.cadre_a)
    batches.append(
        batch_decide(
            actor=personas.approver,
            refs=[CaseRef(case_id=case.pk, version=case_version(case))],
            decision="approve",
            document_number=number,
            decided_on=today(),
            note="同意",
        )
    )

    page = login(personas.approver).get(f"/workflow/batches/{batches[-1].pk}/print/").content.decode()

    # Then the document says each opinion once, with no batch numbers, on one line
    assert page.count("意见：") == 1 and "意见：同意纳入；同意</p>" in page
    # and the batches it was entered as are said on the screen only, outside the printed part
    spans = re.search(r'<p class="([^"]*)" data-spans>([^<]*)</p>', page)
    assert "no-print" in spans.group(1).split()
    assert "本批复分 3 批录入" in spans.group(2)
    assert page.count("审批批次") == 1
