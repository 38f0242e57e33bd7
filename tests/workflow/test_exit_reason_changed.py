"""修改未落实帮扶措施的原因 (services.exit_reason): the reason an exit goes on with no measure in place may be
changed, on the case page and through the API, by whoever acts the case's current step until the county approves
the exit; the case's record, the household's history and the audit log keep the text it replaced. After the
approval the change is refused, in Chinese."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from assistance.models import PlanMeasure
from config.errors import Conflict
from households.models import HouseholdEvent
from tests.workflow.helpers import act_after_publicity, exit_ready
from tests.workflow.steps_helpers import walk_to
from workflow.choices import CaseKind, Outcome
from workflow.models import Case, CaseEvent
from workflow.services.cases import case_open
from workflow.services.exit_reason import (
    MSG_CHANGE_APPROVED,
    MSG_CHANGE_NONE,
    MSG_CHANGE_ROLE,
    MSG_CHANGE_SAME,
    case_no_measure_reason_change,
)
from workflow.services.exit_rules import MSG_NO_MEASURE_REASON_SHORT

pytestmark = pytest.mark.django_db

FIRST = "风险自然消除：家庭成员已稳定务工"
SECOND = "风险自然消除：儿子已在县城工业园稳定就业"
CHANGED = f"修改未落实帮扶措施的原因：{SECOND}（原为：{FIRST}）"


def exit_with_reason(personas, household, step_code="village_review"):
    """An exit opened with no measure in place and FIRST as its reason, at `step_code`."""
    exit_ready(household, measure=False)
    PlanMeasure.objects.filter(household=household).delete()
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        no_measure_reason=FIRST,
    )
    if step_code != "village_review":
        walk_to(personas, case, step_code)
    case.refresh_from_db()
    return case


def approved(personas, case):
    walk_to(personas, case, "county_approval")
    return act_after_publicity(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def change_url(case):
    return f"/workflow/cases/{case.pk}/no-measure-reason/change/"


def test_the_village_changes_the_reason_and_the_records_keep_the_one_replaced(personas, monitored_a):
    case = exit_with_reason(personas, monitored_a)

    case = case_no_measure_reason_change(actor=personas.cadre_a, case=case, reason=f" {SECOND} ")

    assert Case.objects.get(pk=case.pk).no_measure_reason == SECOND
    event = CaseEvent.objects.get(case=case, action="no_measure_reason_change")
    assert event.summary == CHANGED and event.actor == personas.cadre_a
    assert event.detail["previous"] == FIRST
    assert HouseholdEvent.objects.filter(household=monitored_a, summary=f"风险消除案件 {CHANGED}").exists()
    audit = AuditEvent.objects.get(action="workflow.no_measure_reason_change")
    assert audit.before == {"note": FIRST} and SECOND in audit.after["note"]
    assert audit.summary == f"{monitored_a.number}：修改未落实帮扶措施的原因"


def test_the_new_reason_is_checked_as_at_the_opening_and_must_differ(personas, monitored_a):
    case = exit_with_reason(personas, monitored_a)

    with pytest.raises(ValidationError) as short:
        case_no_measure_reason_change(actor=personas.cadre_a, case=case, reason="消除")
    with pytest.raises(ValidationError) as same:
        case_no_measure_reason_change(actor=personas.cadre_a, case=case, reason=FIRST)

    assert short.value.message_dict == {"no_measure_reason": [MSG_NO_MEASURE_REASON_SHORT]}
    assert same.value.message_dict == {"no_measure_reason": [MSG_CHANGE_SAME]}
    assert Case.objects.get(pk=case.pk).no_measure_reason == FIRST
    assert not CaseEvent.objects.filter(action="no_measure_reason_change").exists()


def test_only_who_acts_the_current_step_changes_it(personas, monitored_a):
    case = exit_with_reason(personas, monitored_a, "township_audit")

    with pytest.raises(PermissionDenied) as refused:
        case_no_measure_reason_change(actor=personas.cadre_a, case=case, reason=SECOND)
    assert str(refused.value) == MSG_CHANGE_ROLE

    case_no_measure_reason_change(actor=personas.township, case=case, reason=SECOND)
    assert Case.objects.get(pk=case.pk).no_measure_reason == SECOND


def test_the_change_is_refused_once_the_county_approved_the_exit(personas, monitored_a):
    case = approved(personas, exit_with_reason(personas, monitored_a))

    for actor in (personas.township, personas.approver):  # the township's announcement is still open
        with pytest.raises(Conflict) as refused:
            case_no_measure_reason_change(actor=actor, case=case, reason=SECOND)
        assert refused.value.message == MSG_CHANGE_APPROVED
    assert Case.objects.get(pk=case.pk).no_measure_reason == FIRST


def test_an_exit_with_no_reason_on_file_is_told_to_add_one(personas, monitored_a):
    case = case_open(
        actor=personas.cadre_a, household=exit_ready(monitored_a), kind=CaseKind.EXIT, confirm_advisories=True
    )

    with pytest.raises(Conflict) as refused:
        case_no_measure_reason_change(actor=personas.cadre_a, case=case, reason=SECOND)
    assert refused.value.message == MSG_CHANGE_NONE


# The pages.


def test_the_case_page_links_the_change_and_the_change_page_saves_it(personas, login, monitored_a):
    case = exit_with_reason(personas, monitored_a)
    cadre = login(personas.cadre_a)

    page = cadre.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert f'href="{change_url(case)}" data-change-reason>修改原因</a>' in page
    assert "data-change-reason" not in login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()

    form = cadre.get(change_url(case)).content.decode()
    assert "<h1>修改未落实帮扶措施的原因</h1>" in form and f">\n{FIRST}</textarea>" in form
    short = cadre.post(change_url(case), {"no_measure_reason": "消除"})
    assert short.status_code == 200 and MSG_NO_MEASURE_REASON_SHORT in short.content.decode()
    saved = cadre.post(change_url(case), {"no_measure_reason": SECOND}, follow=True)

    shown = text(saved.content.decode())
    assert f"未落实帮扶措施的原因：{SECOND}" in shown
    assert CHANGED in shown  # the case's record
    assert CHANGED in text(cadre.get(f"/households/{monitored_a.pk}/?tab=history").content.decode())


def test_after_the_approval_the_page_offers_no_change_and_refuses_it(personas, login, monitored_a):
    case = approved(personas, exit_with_reason(personas, monitored_a))
    township = login(personas.township)

    assert "data-change-reason" not in township.get(f"/workflow/cases/{case.pk}/").content.decode()
    refused = township.post(change_url(case), {"no_measure_reason": SECOND})
    assert refused.status_code == 409 and MSG_CHANGE_APPROVED in refused.content.decode()
    assert login(personas.cadre_a).get(change_url(case)).status_code == 409
    assert Case.objects.get(pk=case.pk).no_measure_reason == FIRST
