"""Publicity periods count from the day the notice was posted (review finding 3), and the automatic pass says
whether there were objections."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.clock import today
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseStep
from workflow.services.deadlines import publicity_complete_due
from workflow.services.objections import objection_add, objection_resolve
from workflow.services.publicity import MSG_POSTED_BEFORE_OPEN, MSG_POSTED_FUTURE, publicity_posted_record

pytestmark = pytest.mark.django_db


def _opened_days_ago(case, code, days):
    """The publicity opened `days` ago (its period then ran from that day, as the system sets it)."""
    step = CaseStep.objects.get(case=case, step__code=code)
    opened = timezone.now() - dt.timedelta(days=days)
    ends_on = today() - dt.timedelta(days=days) + dt.timedelta(days=5)
    CaseStep.objects.filter(pk=step.pk).update(opened_at=opened, ends_on=ends_on)
    return step


def test_the_posting_date_moves_the_end_and_the_printed_notice(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    _opened_days_ago(case, "village_publicity", 4)
    posted = today() - dt.timedelta(days=1)

    step = publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=posted)

    assert (step.posted_on, step.ends_on) == (posted, posted + dt.timedelta(days=5))
    # The hourly task does not pass it at the old end (opening day + 5).
    assert publicity_complete_due(today=today() + dt.timedelta(days=2)) == 0
    code = household_a.village.code
    notice = login(personas.cadre_a).get(f"/workflow/publicity/{code}/print/").content.decode()
    end = posted + dt.timedelta(days=5)
    period = f"{posted:%Y}年{posted.month}月{posted.day}日至{end:%Y}年{end.month}月{end.day}日"
    assert period in re.sub(r"<[^>]+>", "", notice)  # the text as printed, without the cells' markup
    # Signed on the day it was posted, not the day it is printed.
    assert f"村民委员会（盖章）<br>{posted:%Y}年{posted.month}月{posted.day}日" in notice


def test_a_posting_date_in_the_future_before_the_opening_or_by_another_role_is_refused(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    with pytest.raises(ValidationError) as error:
        publicity_posted_record(
            actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today() + dt.timedelta(days=1)
        )
    assert error.value.message_dict["posted_on"] == [MSG_POSTED_FUTURE]
    with pytest.raises(ValidationError) as error:
        publicity_posted_record(
            actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today() - dt.timedelta(days=1)
        )
    assert error.value.message_dict["posted_on"] == [MSG_POSTED_BEFORE_OPEN.format(date=f"{today():%Y-%m-%d}")]
    with pytest.raises(PermissionDenied):
        publicity_posted_record(actor=personas.township, case=case, step_code="village_publicity")
    # On the page the form shows it at the field; the API answers 400 with it.
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "登记张贴日期" in page and "未登记张贴日期" in page
    tomorrow = f"{today() + dt.timedelta(days=1):%Y-%m-%d}"
    bad = client.post(
        f"/workflow/cases/{case.pk}/", {"posted-step_code": "village_publicity", "posted-posted_on": tomorrow}
    )
    assert bad.status_code == 200 and MSG_POSTED_FUTURE in bad.content.decode()
    api = client.post(
        f"/api/v1/cases/{case.pk}/publicity-posted/",
        {"step_code": "village_publicity", "posted_on": tomorrow},
        content_type="application/json",
    )
    assert api.status_code == 400 and MSG_POSTED_FUTURE in api.content.decode()
    ok = client.post(
        f"/workflow/cases/{case.pk}/",
        {"posted-step_code": "village_publicity", "posted-posted_on": f"{today():%Y-%m-%d}"},
    )
    assert ok.status_code == 302
    assert CaseStep.objects.get(case=case, step__code="village_publicity").posted_on == today()


def _ended(case):
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(
        ends_on=today() - dt.timedelta(days=1), posted_on=today() - dt.timedelta(days=6)
    )


def test_the_automatic_pass_without_objection_says_so(personas, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    _ended(case)
    assert publicity_complete_due(today=today()) == 1
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    assert (step.status, step.note) == (CaseStepStatus.DONE, "公示期满，无异议")


def test_the_automatic_pass_after_verified_objections_counts_them(personas, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="王某某", content="有商品房"
    )
    _ended(case)
    # Unverified, it holds the step.
    assert publicity_complete_due(today=today()) == 0
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="房屋系租住")
    assert publicity_complete_due(today=today()) == 1
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    assert (step.outcome, step.note) == (Outcome.PASS, "公示期满，异议已核实处理（1 件，均不成立）")
    assert "无异议" not in step.note
