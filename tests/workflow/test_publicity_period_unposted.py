"""A publicity not yet posted has no end date (review cadre finding 3): the period counts from the posting day
(services.publicity), so the case page says how long it runs after posting, not an end computed as if posted today,
and 我的任务 lists it to be posted (待登记张贴日期) with no end; once the posting day is registered, the end follows
from it and it is listed under 公示中."""

import pytest

from households.choices import MonitoringCategory
from tests.clock import today
from tests.workflow import helpers
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import CaseStep
from workflow.services.cases import case_open
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db


def test_an_unposted_publicity_shows_no_end_date_until_it_is_posted(personas, login, household_a):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    helpers.case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    assert step.ends_on is not None and step.posted_on is None  # the stored end, as if posted today
    client = login(personas.cadre_a)

    tasks = client.get("/workflow/").content.decode()
    assert "待登记张贴日期" in tasks and '公示中 <span class="badge">' not in tasks  # a task until posted
    assert f"至 {step.ends_on:%Y-%m-%d}" not in tasks and f"公示至 {step.ends_on:%m-%d}" not in tasks
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "公示截止：" in page and "张贴后 5 个自然日" in page and f"{step.ends_on:%Y-%m-%d}" not in page

    posted = today()
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=posted)
    step.refresh_from_db()
    tasks = client.get("/workflow/").content.decode()
    assert f"村级公示 · 至 {step.ends_on:%Y-%m-%d}" in tasks and "张贴后 5 个" not in tasks
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert f"公示截止 {step.ends_on:%Y-%m-%d}（张贴日期 {posted:%Y-%m-%d}）" in page
