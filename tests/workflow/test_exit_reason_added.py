"""补充未落实帮扶措施的原因 (services.exit_reason): an open exit with no measure in place and no reason recorded is
refused at the township's audit and the county's approval; the refusal says how to go on (the case page's form,
linked), and whoever acts the case's current step adds the reason there or through the API instead of withdrawing
the case and opening it again. Audited, in the case's record and the household's history."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from config.errors import ApplicationError, Conflict
from households.models import HouseholdEvent
from tests.workflow.helpers import act_after_publicity, exit_ready
from tests.workflow.steps_helpers import walk_to
from tests.workflow.township_helpers import refs
from workflow.choices import CaseKind, CaseStepStatus, Outcome
from workflow.models import Case, CaseEvent, CaseStep
from workflow.services.batches import BatchConflict
from workflow.services.case_opening import MSG_NO_MEASURE_REASON_LONG
from workflow.services.cases import case_open
from workflow.services.exit_reason import (
    MSG_REASON_NOT_NEEDED,
    MSG_REASON_ON_FILE,
    MSG_REASON_ROLE,
    case_no_measure_reason_add,
)
from workflow.services.exit_rules import MSG_NO_MEASURE_REASON_SHORT
from workflow.services.township_batch import township_batch_audit

pytestmark = pytest.mark.django_db

REASON = "风险自然消除：家庭成员已稳定务工"
HOW = "请在案件页面补充未落实帮扶措施的原因"
FORM_TITLE = "补充未落实帮扶措施的原因"


def stopped_exit(personas, household, step_code="village_review"):
    """An exit opened with a measure in place, which was stopped afterwards, at `step_code`; no reason recorded."""
    case = case_open(
        actor=personas.cadre_a, household=exit_ready(household), kind=CaseKind.EXIT, confirm_advisories=True
    )
    if step_code != "village_review":
        walk_to(personas, case, step_code)
    PlanMeasure.objects.filter(household=household).update(status=MeasureStatus.STOPPED)
    case.refresh_from_db()
    return case


def pass_audit(personas, case):
    return act_after_publicity(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)


def page(client, case):
    return client.get(f"/workflow/cases/{case.pk}/").content.decode()


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# The refusal at the step says how to go on.


def test_the_township_audit_refusal_says_to_add_the_reason_on_the_case_page_with_its_link(personas, login, monitored_a):
    case = stopped_exit(personas, monitored_a, "township_audit")
    link = f"/workflow/cases/{case.pk}/#no-measure-reason"

    with pytest.raises(ApplicationError) as refused:
        pass_audit(personas, case)
    assert HOW in refused.value.message and link in refused.value.message  # the text names the page's address

    html = page(login(personas.township), case)
    refusal = re.search(r"data-pass-refusal>(.*?)</p>", html, re.S).group(1)
    assert f'请在<a href="{link}" data-reason-link>案件页面</a>补充未落实帮扶措施的原因' in refusal
    assert 'id="no-measure-reason"' in html  # the link's target: the form, on this very page


def test_the_batch_pages_and_the_batch_say_it_too(personas, login, monitored_a):
    case = stopped_exit(personas, monitored_a, "township_audit")
    link = f'<a href="/workflow/cases/{case.pk}/#no-measure-reason" data-reason-link>案件页面</a>'

    queue = login(personas.township).get("/workflow/township-audit/").content.decode()
    assert f"请在{link}补充未落实帮扶措施的原因" in queue
    with pytest.raises(BatchConflict) as refused:
        township_batch_audit(actor=personas.township, refs=refs([case]), outcome=Outcome.PASS, note="情况属实")
    [row] = refused.value.extra["cases"]
    assert HOW in row["reason"] and f"/workflow/cases/{case.pk}/" in row["reason"]


# The service.


def test_the_township_adds_the_reason_and_the_audit_then_passes(personas, monitored_a):
    case = stopped_exit(personas, monitored_a, "township_audit")

    case = case_no_measure_reason_add(actor=personas.township, case=case, reason=f"  {REASON} ")

    assert case.no_measure_reason == REASON
    event = CaseEvent.objects.get(case=case, action="no_measure_reason")
    assert event.actor == personas.township and event.summary == f"{FORM_TITLE}：{REASON}"
    audit = AuditEvent.objects.get(action="workflow.no_measure_reason")
    # The typed words kept apart from the summary, as a step's opinion is (they may name an illness).
    assert REASON not in audit.summary and audit.after == {"note": REASON}
    assert HouseholdEvent.objects.filter(household=monitored_a, summary__contains=f"{FORM_TITLE}：{REASON}").exists()
    pass_audit(personas, case)
    assert CaseStep.objects.get(case=case, step__code="township_audit").status == CaseStepStatus.DONE


def test_the_reason_is_checked_as_at_the_opening(personas, monitored_a):
    case = stopped_exit(personas, monitored_a)

    for typed, message in (
        ("   ", MSG_NO_MEASURE_REASON_SHORT),
        ("消除", MSG_NO_MEASURE_REASON_SHORT),
        ("因" * 201, MSG_NO_MEASURE_REASON_LONG.format(limit=200)),
    ):
        with pytest.raises(ValidationError) as refused:
            case_no_measure_reason_add(actor=personas.cadre_a, case=case, reason=typed)
        assert refused.value.message_dict == {"no_measure_reason": [message]}
    assert not CaseEvent.objects.filter(case=case, action="no_measure_reason").exists()
    # Four characters are enough, as at the opening.
    assert (
        case_no_measure_reason_add(actor=personas.cadre_a, case=case, reason="自然消除").no_measure_reason == "自然消除"
    )


def test_only_who_acts_the_current_step_adds_it(personas, monitored_a):
    case = stopped_exit(personas, monitored_a)  # at the village review: the village's

    with pytest.raises(PermissionDenied, match=MSG_REASON_ROLE):
        case_no_measure_reason_add(actor=personas.township, case=case, reason=REASON)
    PlanMeasure.objects.filter(household=monitored_a).update(status=MeasureStatus.IN_PROGRESS)
    walk_to(personas, case, "county_approval")
    PlanMeasure.objects.filter(household=monitored_a).update(status=MeasureStatus.STOPPED)
    with pytest.raises(PermissionDenied, match=MSG_REASON_ROLE):  # the village, at the county's step
        case_no_measure_reason_add(actor=personas.cadre_a, case=case, reason=REASON)

    assert case_no_measure_reason_add(actor=personas.approver, case=case, reason=REASON).no_measure_reason == REASON


def test_a_case_with_a_reason_or_a_measure_in_place_needs_none(personas, monitored_a):
    case = stopped_exit(personas, monitored_a)
    PlanMeasure.objects.filter(household=monitored_a).update(status=MeasureStatus.IN_PROGRESS)

    with pytest.raises(Conflict, match=MSG_REASON_NOT_NEEDED):
        case_no_measure_reason_add(actor=personas.cadre_a, case=case, reason=REASON)
    Case.objects.filter(pk=case.pk).update(no_measure_reason="风险自然消除")
    with pytest.raises(Conflict, match=MSG_REASON_ON_FILE):
        case_no_measure_reason_add(actor=personas.cadre_a, case=case, reason=REASON)


# The case page.


def test_the_case_page_offers_the_form_to_the_village_at_its_step_and_records_it(personas, login, monitored_a):
    case = stopped_exit(personas, monitored_a)
    cadre = login(personas.cadre_a)

    html = page(cadre, case)
    assert FORM_TITLE in html and f'action="/workflow/cases/{case.pk}/no-measure-reason/"' in html
    assert FORM_TITLE not in page(login(personas.township), case)  # not the township's step

    short = cadre.post(f"/workflow/cases/{case.pk}/no-measure-reason/", {"no_measure_reason": "消除"})
    assert short.status_code == 200 and MSG_NO_MEASURE_REASON_SHORT in short.content.decode()
    saved = cadre.post(f"/workflow/cases/{case.pk}/no-measure-reason/", {"no_measure_reason": REASON}, follow=True)
    shown = text(saved.content.decode())
    assert f"已{FORM_TITLE}" in shown and f"未落实帮扶措施的原因：{REASON}" in shown
    assert 'id="no-measure-reason"' not in saved.content.decode()  # given: no form any more
    again = cadre.post(f"/workflow/cases/{case.pk}/no-measure-reason/", {"no_measure_reason": "另一个原因说明"})
    assert again.status_code == 409 and MSG_REASON_ON_FILE in again.content.decode()


def test_the_case_page_offers_no_form_with_a_measure_in_place(personas, login, monitored_a):
    case = case_open(
        actor=personas.cadre_a, household=exit_ready(monitored_a), kind=CaseKind.EXIT, confirm_advisories=True
    )
    assert FORM_TITLE not in page(login(personas.cadre_a), case)


# The API.


def test_the_api_adds_the_reason_as_the_page_does(personas, login, monitored_a):
    case = stopped_exit(personas, monitored_a, "township_audit")
    url = f"/api/v1/cases/{case.pk}/no-measure-reason/"
    township = login(personas.township)
    version = township.get(f"/api/v1/cases/{case.pk}/").json()["version"]

    assert login(personas.cadre_a).post(url, {"no_measure_reason": REASON}).status_code == 403
    assert login(personas.cadre_b).post(url, {"no_measure_reason": REASON}).status_code == 404
    short = township.post(url, {"no_measure_reason": "消除"})
    assert short.status_code == 400 and short.json()["no_measure_reason"] == [MSG_NO_MEASURE_REASON_SHORT]
    done = township.post(url, {"no_measure_reason": REASON, "version": version})
    assert done.status_code == 200 and done.json()["no_measure_reason"] == REASON
    again = township.post(url, {"no_measure_reason": REASON})
    assert again.status_code == 409 and MSG_REASON_ON_FILE in again.content.decode()
    passed = township.post(
        f"/api/v1/cases/{case.pk}/act/", {"step_code": "township_audit", "outcome": "pass", "note": "情况属实"}
    )
    assert passed.status_code == 200, passed.content.decode()


def test_the_api_refuses_a_stale_version(personas, login, monitored_a):
    case = stopped_exit(personas, monitored_a, "township_audit")
    stale = login(personas.township).get(f"/api/v1/cases/{case.pk}/").json()["version"]
    Case.objects.filter(pk=case.pk).update(updated_at=case.updated_at.replace(year=case.updated_at.year + 1))

    response = login(personas.township).post(
        f"/api/v1/cases/{case.pk}/no-measure-reason/", {"no_measure_reason": REASON, "version": stale}
    )
    assert response.status_code == 409
    assert Case.objects.get(pk=case.pk).no_measure_reason == ""
