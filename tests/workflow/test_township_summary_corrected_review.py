"""The 乡镇审核汇总名单's 评议 after a 退回村级补正: the township sent the case back, the village held its review
again and the publicity it had already run was kept. The list gave the second review's day before the
publicity's, as if the publicity had come before the review; the printed page and its XLSX (reports ledger
township_audit) give the review the publicity followed, with the 补正 beside it. A publicity the correction ran
again follows the new review, which is then the one given, without a 补正."""

import datetime as dt

import pytest
from django.utils import timezone

from config.dates import cn_date
from tests.clock import today
from tests.workflow.helpers import case_act, minutes
from tests.workflow.test_township_summary_review_cell import openpyxl_rows, page_cell, xlsx_cell
from tests.workflow.township_helpers import at_township
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseEvent, CaseStep

pytestmark = pytest.mark.django_db
CORRECTED = "村级评议补正日期"


def _passes(case):
    review = CaseStep.objects.get(case=case, step__code="village_review")
    events = CaseEvent.objects.filter(action="case_act", detail__case_step=review.pk, detail__outcome=Outcome.PASS)
    return review, list(events.order_by("created_at", "pk"))


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _returned_and_reviewed_again(personas, household):
    """Yongxiu's case at 乡镇汇总初审, returned for 补正 and passed by the village review again (today)."""
    case = at_township(personas, household, personas.cadre_a)
    case_act(
        actor=personas.township,
        case=case,
        step_code="township_preliminary",
        outcome=Outcome.RETURN,
        note="缺少评议会议签到表，请补充",
    )
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    assert CaseStep.objects.get(case=case, step__code="township_preliminary").status == CaseStepStatus.OPEN
    return case


def test_the_list_gives_the_review_the_publicity_followed_with_the_correction_beside_it(personas, login, household_a):
    case = _returned_and_reviewed_again(personas, household_a)
    day = today()
    first, posted, ended = day - dt.timedelta(days=9), day - dt.timedelta(days=7), day - dt.timedelta(days=2)
    review, passes = _passes(case)
    assert len(passes) == 2
    CaseEvent.objects.filter(pk=passes[0].pk).update(created_at=_at(first))
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(posted_on=posted, ends_on=ended)
    client = login(personas.township)

    again = f"{day.month}月{day.day}日" if day.year == first.year else cn_date(day)
    assert page_cell(client, "张大山") == f"评议 {cn_date(first)}（补正 {again}）"
    rows = openpyxl_rows(client)
    assert xlsx_cell(rows, "张大山").date() == first
    header = next(row for row in rows if row and row[0] == "序号")
    row = next(row for row in rows if len(row) > 2 and row[2] == "张大山")
    assert row[header.index(CORRECTED)].date() == day
    assert row[header.index("村级公示开始")].date() == posted

    # Had the correction run the publicity again (posted after the second review), that review is the one given.
    second = day - dt.timedelta(days=5)
    CaseEvent.objects.filter(pk=passes[1].pk).update(created_at=_at(second))
    CaseStep.objects.filter(pk=review.pk).update(acted_at=_at(second))
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(posted_on=second + dt.timedelta(days=1))

    assert page_cell(client, "张大山") == f"评议 {cn_date(second)}"
    rows = openpyxl_rows(client)
    row = next(row for row in rows if len(row) > 2 and row[2] == "张大山")
    assert row[header.index("村级评议日期")].date() == second and row[header.index(CORRECTED)] is None


def test_a_review_passed_once_has_no_correction(personas, login, household_a):
    at_township(personas, household_a, personas.cadre_a)
    client = login(personas.township)

    assert page_cell(client, "张大山") == f"评议 {cn_date(today())}"
    rows = openpyxl_rows(client)
    header = next(row for row in rows if row and row[0] == "序号")
    row = next(row for row in rows if len(row) > 2 and row[2] == "张大山")
    assert row[header.index(CORRECTED)] is None
