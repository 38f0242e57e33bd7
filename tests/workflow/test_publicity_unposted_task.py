"""A publicity whose posting day is not recorded waits on the cadre, not on its period (review cadre finding): it
never passes until 登记张贴日期 (services.publicity), so it is one of 我的任务 - listed among the tasks with
待登记张贴日期 and counted on the home tile, the list and the API's ?mine=yes alike - rather than filed under 公示中
(公示期内无需办理). Once posted, it runs: under 公示中, out of the count."""

import re

import pytest

from households.choices import MonitoringCategory
from tests.clock import today
from tests.workflow import helpers
from tests.workflow.helpers import task_tile
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import CaseStep
from workflow.services.cases import case_open
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db


def _at_village_publicity(personas, household):
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    helpers.case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    assert step.posted_on is None and step.ends_on >= today()  # within the period the system set on opening
    return case


def _unposted_tile(home: str) -> str | None:
    match = re.search(r'<strong>公示待登记张贴 <span class="tile-count">(\d+)</span>', home)
    return match and match.group(1)


def test_an_unposted_publicity_is_a_task_counted_alike_until_its_posting_day_is_recorded(personas, login, household_a):
    # given a case whose village publicity is open, its posting day not recorded
    case = _at_village_publicity(personas, household_a)
    client = login(personas.cadre_a)
    # then it is the cadre's task: listed with what to do, counted on the list, the home tile and the API alike
    page = client.get("/workflow/").content.decode()
    tasks = page.split("公示中")[0]
    assert "共 1 件" in tasks and "张大山" in tasks and "待登记张贴日期" in tasks
    assert '公示中 <span class="badge">' not in page
    home = client.get("/").content.decode()
    assert task_tile(home) == "1" and _unposted_tile(home) == "1"
    api = client.get("/api/v1/cases/", {"mine": "yes"}).json()["results"]
    assert [row["id"] for row in api] == [case.pk]

    # when the cadre records the posting day
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today())

    # then it runs: under 公示中 with its end, out of the tasks and their counts
    page = client.get("/workflow/").content.decode()
    assert "共 0 件" in page and '公示中 <span class="badge">1</span>' in page and "待登记张贴日期" not in page
    home = client.get("/").content.decode()
    assert task_tile(home) == "0" and _unposted_tile(home) is None
    assert client.get("/api/v1/cases/", {"mine": "yes"}).json()["results"] == []
