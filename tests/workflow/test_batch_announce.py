"""Township batch announcement (批量公告, services.batch_announce): the county's approved cases waiting at the
township's 公告并标识 pass together with one 公告日期, each recorded as the single step records it; a case the single
step refuses is named and left, the rest pass; another township's case is neither listed nor passable; the date is
neither in the future nor before the 批复; a case changed since the page was read refuses the whole action."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from tests.clock import today
from tests.workflow.batch_helpers import BEFORE_APPROVAL, at_approval, new_household, open_case
from tests.workflow.helpers import act, act_after_publicity
from tests.workflow.township_helpers import other_township, refs, selection
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import CaseEvent, CaseStep
from workflow.services.batch_announce import (
    AUDIT_ACTION,
    MSG_DATE_FUTURE,
    REASON_ANNOUNCED,
    REASON_NOT_AT_ANNOUNCEMENT,
    TITLE_CONFLICT,
    batch_announce,
)
from workflow.services.batches import REASON_MISSING, BatchChanged, BatchConflict
from workflow.services.cases import case_note
from workflow.services.objections import objection_add
from workflow.services.pass_rules import MSG_LATE_OBJECTION_OPEN

pytestmark = pytest.mark.django_db
URL = "/workflow/announcement/batch/"


def approved_case(personas, household, cadre):
    case = at_approval(personas, household, cadre)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    case.refresh_from_db()
    return case


@pytest.fixture
def three(personas, county, household_a, household_b):
    third = new_household(personas.cadre_a, county.village_a, "赵六", 77)
    return [
        approved_case(personas, household_a, personas.cadre_a),
        approved_case(personas, household_b, personas.cadre_b),
        approved_case(personas, third, personas.cadre_a),
    ]


def announcement(case):
    return CaseStep.objects.get(case=case, step__code="announcement")


def written():
    return CaseEvent.objects.count(), AuditEvent.objects.count()


def test_several_cases_pass_their_announcement_with_the_one_date(personas, three):
    result = batch_announce(actor=personas.township, refs=refs(three), announced_on=today(), note="已在国家系统标识")

    assert sorted(case.pk for case in result.done) == sorted(case.pk for case in three) and not result.refused
    for case in three:
        step = announcement(case)
        assert (step.status, step.outcome, step.acted_by) == (CaseStepStatus.DONE, Outcome.PASS, personas.township)
        assert step.note == f"公告日期：{today():%Y-%m-%d}，已在国家系统标识"
        case.refresh_from_db()
        assert case.status == CaseStatus.APPROVED
        assert CaseEvent.objects.filter(case=case, action="case_act", summary__startswith="公告并标识：").exists()
    event = AuditEvent.objects.get(action=AUDIT_ACTION)
    assert "3 户" in event.summary and "张大山" in event.summary


def test_a_case_the_single_step_refuses_is_named_and_left_the_rest_pass(personas, three):
    refused = three[1]
    objection_add(
        actor=personas.township,
        case=refused,
        step_code="village_publicity",
        raised_by_name="张三",
        raised_on=dt.date(2000, 1, 1),
        content="该户儿子在县城有商品房。",
    )
    refused.refresh_from_db()

    result = batch_announce(actor=personas.township, refs=refs(three), announced_on=today())

    assert sorted(case.pk for case in result.done) == sorted([three[0].pk, three[2].pk])
    assert [p["id"] for p in result.refused] == [refused.pk]
    assert result.refused[0]["reason"] == MSG_LATE_OBJECTION_OPEN.format(step="村级公示")
    assert announcement(refused).status == CaseStepStatus.OPEN
    assert announcement(three[0]).status == CaseStepStatus.DONE


def test_another_townships_case_is_neither_listed_nor_passable(personas, login, county, three):
    other = other_township(county)
    case = open_case(other.cadre, other.household)
    actors = {"cadre": other.cadre, "county_officer": personas.county_officer, "township": other.officer}
    for who, code in BEFORE_APPROVAL:
        case = act_after_publicity(actor=actors[who], case=case, step_code=code, outcome=Outcome.PASS)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    case.refresh_from_db()

    page = login(personas.township).get(URL).content.decode()
    assert "张大山" in page and "周七" not in page
    assert "周七" in login(other.officer).get(URL).content.decode()

    before = written()
    with pytest.raises(BatchConflict) as error:
        batch_announce(actor=personas.township, refs=refs([three[0], case]), announced_on=today())
    assert [p["reason"] for p in error.value.extra["cases"]] == [REASON_MISSING]
    assert written() == before and announcement(three[0]).status == CaseStepStatus.OPEN


def test_the_date_is_neither_in_the_future_nor_before_the_approval(personas, three):
    before = written()
    with pytest.raises(ValidationError) as future:
        batch_announce(actor=personas.township, refs=refs(three), announced_on=today() + dt.timedelta(days=1))
    assert future.value.message_dict["announced_on"] == [MSG_DATE_FUTURE]

    with pytest.raises(ValidationError) as early:
        batch_announce(actor=personas.township, refs=refs(three), announced_on=today() - dt.timedelta(days=1))
    assert "早于以下农户的县级批复日期" in early.value.message_dict["announced_on"][0]
    assert "张大山" in early.value.message_dict["announced_on"][0]
    assert written() == before
    assert all(announcement(case).status == CaseStepStatus.OPEN for case in three)


def test_a_case_changed_since_the_page_refuses_the_whole_action(personas, three):
    read = refs(three)
    case_note(actor=personas.township, case=three[0], summary="电话通知户主")

    before = written()
    with pytest.raises(BatchChanged) as error:
        batch_announce(actor=personas.township, refs=read, announced_on=today())
    assert error.value.extra["title"] == TITLE_CONFLICT
    assert [p["id"] for p in error.value.extra["cases"]] == [three[0].pk]
    assert written() == before
    assert all(announcement(case).status == CaseStepStatus.OPEN for case in three)


def test_the_page_lists_confirms_and_passes_and_is_linked_from_my_tasks(personas, login, three):
    client = login(personas.township)
    assert URL in client.get("/workflow/").content.decode()
    page = client.get(URL).content.decode()
    assert "共 3 户待公告" in page and "纳入监测" in page and three[0].get_category_display() in page
    # The date picker offers no day after today.
    assert f'max="{today().isoformat()}"' in page

    data = {"case": selection(three[:2]), "announced_on": today().isoformat(), "note": ""}
    confirm = client.post(URL, data).content.decode()
    assert "确认公告 2 户" in confirm and "张大山" in confirm and "王五" in confirm
    assert announcement(three[0]).status == CaseStepStatus.OPEN  # nothing written before the confirmation

    back = client.post(URL, {**data, "edit": "1"}).content.decode()
    assert f'value="{selection([three[0]])[0]}" class="batch-case" checked' in back

    done = client.post(URL, {**data, "confirmed": "1"}, follow=True).content.decode()
    assert "已办理 2 户公告。" in done
    assert announcement(three[0]).status == CaseStepStatus.DONE
    assert announcement(three[2]).status == CaseStepStatus.OPEN


def test_the_page_says_a_case_never_at_its_announcement_and_one_announced_meanwhile_as_what_they_are(
    personas, county, three
):
    not_yet = at_approval(personas, new_household(personas.cadre_a, county.village_a, "钱八", 78), personas.cadre_a)
    with pytest.raises(BatchConflict) as never:
        batch_announce(actor=personas.township, refs=refs([three[1], not_yet]), announced_on=today())
    assert not isinstance(never.value, BatchChanged)
    assert never.value.extra["cases"] == [{"id": not_yet.pk, "head_name": "钱八", "reason": REASON_NOT_AT_ANNOUNCEMENT}]

    read = refs(three)
    act(actor=personas.township, case=three[0], step_code="announcement", outcome=Outcome.PASS)
    with pytest.raises(BatchChanged) as announced:
        batch_announce(actor=personas.township, refs=read, announced_on=today())
    assert announced.value.extra["cases"] == [{"id": three[0].pk, "head_name": "张大山", "reason": REASON_ANNOUNCED}]
    assert "案件已通过" not in announced.value.message


def test_the_date_is_kept_as_a_fact_and_shown_once_on_the_case_page(personas, login, three):
    batch_announce(actor=personas.township, refs=refs(three[:1]), announced_on=today(), note="已在国家系统标识")

    step = announcement(three[0])
    event = CaseEvent.objects.filter(case=three[0], action="case_act", detail__case_step=step.pk).get()
    assert event.detail["announced_on"] == today().isoformat() and event.detail["outcome"] == Outcome.PASS

    page = login(personas.township).get(f"/workflow/cases/{three[0].pk}/").content.decode()
    assert f"<span data-announced-on>（公告日期 {today():%Y-%m-%d}）</span>：已在国家系统标识" in page
    assert page.count(f"公告日期：{today():%Y-%m-%d}") == 1  # in the case's record only, not again on the step
