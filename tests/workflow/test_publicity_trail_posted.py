"""Review finding (county/township #1): the 办理经过 line of the batch approval queue, the township audit queue,
the printed 提请审批名单 and the API's trail gave a village publicity from the day the step opened, while the case page
and the 乡镇审核汇总名单 gave it from the posting day (张贴日期). Every list gives it as posted: from the posting day to
the end the publicity rules compute from it (workflow.workdays.publicity_end, as services.publicity stores it)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.township_helpers import TO_AUDIT, at_township
from workflow.models import CaseStep
from workflow.workdays import publicity_end

pytestmark = pytest.mark.django_db


def _day(day: dt.date) -> str:
    return f"{day:%m-%d}" if day.year == today().year else f"{day:%Y-%m-%d}"


def posted_late(case) -> str:
    """The case's village publicity opened 20 days ago and posted two days later; the period the lists must give."""
    opened_on = today() - dt.timedelta(days=20)
    posted_on = opened_on + dt.timedelta(days=2)
    ends_on = publicity_end(posted_on, 5, "calendar")
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(
        opened_at=timezone.make_aware(dt.datetime.combine(opened_on, dt.time(9))), posted_on=posted_on, ends_on=ends_on
    )
    return f"村级公示 {_day(posted_on)}至{_day(ends_on)} 无异议"


def test_the_county_lists_print_and_api_give_the_publicity_from_its_posting(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    period = posted_late(case)
    opened = _day(today() - dt.timedelta(days=20))
    client = login(personas.county_officer)

    for url in ("/workflow/batches/", "/workflow/batches/submission/"):
        page = client.get(url).content.decode()
        assert period in page, url
        assert f"村级公示 {opened}至" not in page, url
    trail = client.get("/api/v1/batches/queue/").json()["results"][0]["trail"]
    assert period in trail


def test_the_township_audit_queue_gives_it_as_its_summary_does(personas, login, household_a):
    case = at_township(personas, household_a, personas.cadre_a, steps=TO_AUDIT)
    period = posted_late(case)
    client = login(personas.township)

    assert period in client.get("/workflow/township-audit/").content.decode()
    rows = client.get("/api/v1/township-audits/").json()["results"]
    assert period in rows[0]["trail"]
