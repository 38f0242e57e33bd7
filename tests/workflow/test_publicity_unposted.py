"""A publicity passes only once its posting day is recorded (000 §三(三)2/4: 公示不少于5天, counted from the posting):
the hourly task leaves an unposted one open, a cadre's pass is refused until it is recorded, and the task page and
home tile say how many wait for it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import MonitoringCategory
from tests.clock import today
from tests.workflow import helpers
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.models import CaseStep
from workflow.services.cases import MSG_PUBLICITY_UNPOSTED, case_act, case_open
from workflow.services.deadlines import publicity_complete_due
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db
UNPOSTED = MSG_PUBLICITY_UNPOSTED.format(days=5)


def _publicity_opened_days_ago(personas, household, days, cadre=None):
    """A case at its village publicity, opened `days` ago with the period the system set from that day."""
    cadre = cadre or personas.cadre_a
    case = case_open(
        actor=cadre,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    helpers.case_act(actor=cadre, case=case, step_code="village_review", outcome=Outcome.PASS)
    assert _step(case).status == CaseStepStatus.OPEN
    opened = today() - dt.timedelta(days=days)
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(
        opened_at=timezone.now() - dt.timedelta(days=days), ends_on=opened + dt.timedelta(days=5)
    )
    return case


def _step(case):
    return CaseStep.objects.get(case=case, step__code="village_publicity")


def _unposted_tile(home: str) -> str | None:
    match = re.search(r'<strong>公示待登记张贴 <span class="tile-count">(\d+)</span>', home)
    return match and match.group(1)


def test_the_automatic_pass_leaves_an_unposted_publicity_open_and_passes_a_posted_one(
    personas, login, household_a, household_b
):
    unposted = _publicity_opened_days_ago(personas, household_a, 10)
    posted = _publicity_opened_days_ago(personas, household_b, 10, cadre=personas.cadre_b)
    CaseStep.objects.filter(pk=_step(posted).pk).update(posted_on=today() - dt.timedelta(days=10))

    assert publicity_complete_due(today=today()) == 1
    assert _step(posted).status == CaseStepStatus.DONE
    assert _step(unposted).status == CaseStepStatus.OPEN
    assert publicity_complete_due(today=today()) == 0  # the next run does not pass it either

    # The cadre sees it: a warning on the task row, a count on the task page and on the home tile.
    client = login(personas.cadre_a)
    tasks = client.get("/workflow/").content.decode()
    assert "未登记张贴日期" in tasks
    assert "1 件公示未登记张贴日期" in tasks
    assert _unposted_tile(client.get("/").content.decode()) == "1"
    publicity_posted_record(
        actor=personas.cadre_a, case=unposted, step_code="village_publicity", posted_on=today() - dt.timedelta(days=9)
    )
    assert "件公示未登记张贴日期" not in client.get("/workflow/").content.decode()
    assert _unposted_tile(client.get("/").content.decode()) is None


def test_a_manual_pass_is_refused_until_the_posting_is_recorded(personas, login, household_a):
    case = _publicity_opened_days_ago(personas, household_a, 10)
    with pytest.raises(ApplicationError, match=re.escape(UNPOSTED)):
        case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome="pass")
    client = login(personas.cadre_a)
    form = {"village_publicity-step_code": "village_publicity", "village_publicity-outcome": "pass"}
    page = client.post(f"/workflow/cases/{case.pk}/", form)
    assert page.status_code == 200 and UNPOSTED in page.content.decode()
    api = client.post(
        f"/api/v1/cases/{case.pk}/act/",
        {"step_code": "village_publicity", "outcome": "pass"},
        content_type="application/json",
    )
    assert api.status_code == 400 and UNPOSTED in api.content.decode()
    assert _step(case).status == CaseStepStatus.OPEN

    publicity_posted_record(
        actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today() - dt.timedelta(days=10)
    )
    ok = client.post(f"/workflow/cases/{case.pk}/", form)
    assert ok.status_code == 302
    assert _step(case).status == CaseStepStatus.DONE


def test_a_posting_recorded_after_the_default_period_counts_from_the_posting_day(personas, household_a):
    case = _publicity_opened_days_ago(personas, household_a, 10)
    assert publicity_complete_due(today=today()) == 0

    # Posted two days ago: the notice has been up two days, the period runs on from the posting.
    step = publicity_posted_record(
        actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today() - dt.timedelta(days=2)
    )
    assert step.ends_on == today() + dt.timedelta(days=3)
    with pytest.raises(ApplicationError, match="公示期至"):
        case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome="pass")
    assert publicity_complete_due(today=today()) == 0

    # Corrected to the day it really went up, eight days ago: the five days are over and the step passes at once.
    step = publicity_posted_record(
        actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today() - dt.timedelta(days=8)
    )
    assert step.ends_on == today() - dt.timedelta(days=3)
    assert publicity_complete_due(today=today()) == 1
    step = _step(case)
    assert (step.status, step.note) == (CaseStepStatus.DONE, "公示期满，无异议")
