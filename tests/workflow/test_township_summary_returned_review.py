"""Review finding (township 3): the 乡镇审核汇总名单 gave 村级评议 "—" for a case the township had returned to the
village (退回村级补正), its review reopened and not yet held again, as if the village had never reviewed it. The printed
page and its XLSX give the review the village held, from the case's record; once reviewed again, the new day beside
it (the list's 补正)."""

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


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_a_case_returned_to_the_village_keeps_its_review_day(personas, login, household_a):
    case = at_township(personas, household_a, personas.cadre_a)
    day = today()
    first = day - dt.timedelta(days=9)
    review = CaseStep.objects.get(case=case, step__code="village_review")
    CaseEvent.objects.filter(action="case_act", detail__case_step=review.pk).update(created_at=_at(first))
    CaseStep.objects.filter(pk=review.pk).update(acted_at=_at(first))
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(posted_on=first + dt.timedelta(days=1))
    case_act(
        actor=personas.township,
        case=case,
        step_code="township_preliminary",
        outcome=Outcome.RETURN,
        note="缺少评议会议签到表，请补充",
    )
    assert CaseStep.objects.get(pk=review.pk).status == CaseStepStatus.OPEN  # reopened, not held again yet
    client = login(personas.township)

    assert page_cell(client, "张大山") == f"评议 {cn_date(first)}"
    rows = openpyxl_rows(client)
    assert xlsx_cell(rows, "张大山").date() == first
    header = next(row for row in rows if row and row[0] == "序号")
    row = next(row for row in rows if len(row) > 2 and row[2] == "张大山")
    assert row[header.index(CORRECTED)] is None
    assert "退回村级补正" in row[header.index("乡镇审核意见")]

    # The village holds its review again (today), its publicity kept: the new day beside the first.
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    again = f"{day.month}月{day.day}日" if day.year == first.year else cn_date(day)
    assert page_cell(client, "张大山") == f"评议 {cn_date(first)}（补正 {again}）"
    rows = openpyxl_rows(client)
    row = next(row for row in rows if len(row) > 2 and row[2] == "张大山")
    assert row[header.index("村级评议日期")].date() == first and row[header.index(CORRECTED)].date() == day


def test_a_review_never_held_is_still_a_dash(personas, login, household_a):
    case = at_township(personas, household_a, personas.cadre_a)
    review = CaseStep.objects.get(case=case, step__code="village_review")
    CaseEvent.objects.filter(action="case_act", detail__case_step=review.pk).delete()  # no pass on the record
    CaseStep.objects.filter(pk=review.pk).update(status=CaseStepStatus.OPEN, acted_at=None)

    assert page_cell(login(personas.township), "张大山") == "评议 —"
