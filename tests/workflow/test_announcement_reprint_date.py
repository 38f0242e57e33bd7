"""A reprint of a posted 公告 (/workflow/announcement/<place>/print/?batch=) is dated under its stamp on the recorded
公告日期, not the printing day; a first print, before the 公告日期 is recorded, is dated the day it is printed. The
notice's 异议 line carries the 监督电话 of the body it names: the township's, and where it has none its blank line,
then the county's under the county's name."""

import datetime as dt

import pytest

from households.models import Region
from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import Outcome
from workflow.models import Batch

pytestmark = pytest.mark.django_db


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def approved(personas, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    Batch.objects.filter(items__case=case).update(decided_on=today() - dt.timedelta(days=5))
    return case


def sign_line(client, county, batch) -> str:
    page = client.get(f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}").content.decode()
    return page.split("data-signers>")[1].split("</p>")[0]


def test_a_reprint_carries_the_recorded_announcement_date(personas, login, county, approved):
    batch = Batch.objects.get(items__case=approved)
    client = login(personas.township)
    first = sign_line(client, county, batch)
    assert "涂埠镇人民政府（盖章）" in first and cn_date(today()) in first  # not yet posted: printed today

    posted = today() - dt.timedelta(days=2)
    client.post(
        f"/workflow/cases/{approved.pk}/",
        {
            "announcement-step_code": "announcement",
            "announcement-outcome": "pass",
            "announcement-announced_on": posted.isoformat(),
            "announcement-note": "",
        },
    )
    again = sign_line(client, county, batch)
    assert cn_date(posted) in again and cn_date(today()) not in again


def test_the_announcement_prints_the_townships_supervision_phone(personas, login, county, approved):
    Region.objects.filter(pk=county.county.pk).update(supervision_phone="12317")
    batch = Batch.objects.get(items__case=approved)
    page = login(personas.township).get(f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}")
    assert (
        "可向涂埠镇人民政府反映（监督电话：＿＿＿＿＿＿＿＿），或向永修县乡村振兴部门反映（监督电话：12317）。"
        in page.content.decode()
    )
