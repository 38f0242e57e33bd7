"""The printed village publicity list (公示名单) claims no start date for a household whose posting day is not
registered yet (review of the cadre's journey, item 2): its period counts from the posting (services.publicity), so
the paper says "自张贴之日起5日" rather than the day the step opened, and is signed with the date left to fill in."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from households.choices import MonitoringCategory
from tests.clock import today
from tests.workflow.helpers import case_act
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import CaseStep
from workflow.services.cases import case_open
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db


def at_publicity(personas, household, cadre):
    case = case_open(
        actor=cadre,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    return case_act(actor=cadre, case=case, step_code="village_review", outcome=Outcome.PASS)


def printed(page):
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", page))


def cn(day):
    return f"{day:%Y}年{day.month}月{day.day}日"


def test_an_unposted_row_prints_the_period_from_the_posting_not_the_opening_day(personas, login, county, household_a):
    case = at_publicity(personas, household_a, personas.cadre_a)
    opened = today() - dt.timedelta(days=2)
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(
        opened_at=timezone.now() - dt.timedelta(days=2)
    )

    page = login(personas.cadre_a).get(f"/workflow/publicity/{county.village_a.code}/print/").content.decode()

    row = printed(page.split("<tbody>")[1].split("</tbody>")[0])
    assert "自张贴之日起5日" in row
    assert cn(opened) not in row and cn(today()) not in row
    # Signed with the day left blank: the paper goes up on a day not known yet.
    assert "村民委员会（盖章）<br>　　年　月　日" in page


def test_a_posted_row_prints_its_posting_day_to_its_end(personas, login, county, household_a):
    case = at_publicity(personas, household_a, personas.cadre_a)
    posted = publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity")

    page = login(personas.cadre_a).get(f"/workflow/publicity/{county.village_a.code}/print/").content.decode()

    assert f"{cn(posted.posted_on)}至{cn(posted.ends_on)}" in printed(page)
    assert posted.ends_on == posted.posted_on + dt.timedelta(days=5)
    assert "自张贴之日起" not in printed(page)
