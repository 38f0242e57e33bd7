"""Township batch audit (services.township_batch): many cases at their township audit pass (or go back to the
village) with one opinion, all or nothing, each recorded and audited as a single audit records it."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections

from accounts.models import AuditEvent
from households.models import HouseholdEvent
from tests.households.conftest import numbered
from tests.workflow.batch_helpers import new_household
from tests.workflow.helpers import case_act
from tests.workflow.township_helpers import at_township, other_township, refs
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseEvent, CaseStep
from workflow.services.batches import REASON_MISSING, BatchConflict, CaseRef
from workflow.services.case_locks import PAGE, REASON_CHANGED
from workflow.services.case_return import MSG_RETURN_NOTE_REQUIRED
from workflow.services.objections import objection_add
from workflow.services.pass_rules import MSG_LATE_OBJECTION_OPEN
from workflow.services.township_batch import (
    AUDIT_ACTION,
    REASON_DONE_BY,
    TITLE_CONFLICT,
    TITLE_REFUSED,
    township_batch_audit,
)

pytestmark = pytest.mark.django_db
OPINION = "经乡镇会同村委审核，情况属实"
MODELS = (CaseEvent, AuditEvent, HouseholdEvent)  # what a step's act writes: the case's record, audit, history


@pytest.fixture
def three(personas, county, household_a, household_b):
    third = new_household(personas.cadre_a, county.village_a, "赵六", 77)
    return [
        at_township(personas, household_a, personas.cadre_a),
        at_township(personas, household_b, personas.cadre_b),
        at_township(personas, third, personas.cadre_a),
    ]


def step_of(case, code="township_preliminary"):
    return CaseStep.objects.get(case=case, step__code=code)


def late_objection(personas, case):
    """An objection received during the village publicity, recorded after it passed: no further step may pass."""
    return objection_add(
        actor=personas.township,
        case=case,
        step_code="village_publicity",
        raised_by_name="张三",
        raised_on=dt.date(2000, 1, 1),
        content="该户儿子在县城有商品房。",
    )


def test_every_case_passes_its_township_audit_with_the_one_opinion(personas, three):
    done = township_batch_audit(actor=personas.township, refs=refs(three), outcome=Outcome.PASS, note=OPINION)

    assert [case.pk for case in done] == sorted(case.pk for case in three)
    for case in three:
        step = step_of(case)
        assert (step.status, step.outcome, step.acted_by, step.note) == (
            CaseStepStatus.DONE,
            Outcome.PASS,
            personas.township,
            OPINION,
        )
        assert step_of(case, "county_comparison").status == CaseStepStatus.OPEN
        assert CaseEvent.objects.filter(case=case, action="case_act", summary=f"乡镇汇总初审：通过，{OPINION}").exists()
    batch_event = AuditEvent.objects.get(action=AUDIT_ACTION)
    assert "通过" in batch_event.summary and "张大山" in batch_event.summary and "3 户" in batch_event.summary
    assert sorted(batch_event.after["case_ids"]) == sorted(case.pk for case in three)


def test_a_case_in_the_batch_is_recorded_exactly_as_a_single_audit_records_it(personas, county, three):
    single, batched = three[0], three[2]  # both 城南村, both opened by cadre_a

    def marks():
        return [Model.objects.order_by("-pk").values_list("pk", flat=True).first() for Model in MODELS]

    def records(case, since):
        events, audits, history = (
            Model.objects.filter(pk__gt=mark).order_by("pk") for Model, mark in zip(MODELS, since, strict=True)
        )
        audits = audits.filter(object_type="workflow.case", object_id=str(case.pk))
        step = step_of(case)
        return (
            list(events.filter(case=case).values_list("action", "summary")),
            [(a.action, a.summary.split("：", 1)[1], a.after) for a in audits],  # after the household number
            list(history.filter(household_id=case.household_id).values_list("summary", flat=True)),
            (step.status, step.outcome, step.note, step.acted_by_id),
        )

    before_single = marks()
    case_act(actor=personas.township, case=single, step_code="township_preliminary", outcome="pass", note=OPINION)
    before_batch = marks()
    township_batch_audit(actor=personas.township, refs=refs([batched]), outcome=Outcome.PASS, note=OPINION)

    recorded = records(batched, before_batch)
    assert recorded == records(single, before_single)
    assert len(recorded[0]) == 2 and len(recorded[1]) == 2 and len(recorded[2]) == 1  # the act, the next step


def test_a_return_sends_every_case_back_to_the_village_review_with_the_note(personas, three):
    township_batch_audit(actor=personas.township, refs=refs(three[:2]), outcome=Outcome.RETURN, note="请补充病历")

    for case in three[:2]:
        review = step_of(case, "village_review")
        assert review.status == CaseStepStatus.OPEN and "请补充病历" in review.return_note
        assert step_of(case).status == CaseStepStatus.PENDING
        assert step_of(case, "village_publicity").status == CaseStepStatus.DONE  # kept: no second publicity
    assert step_of(three[2]).status == CaseStepStatus.OPEN


def test_a_return_needs_the_note_and_an_opinion_is_at_most_300_characters(personas, three):
    with pytest.raises(ValidationError) as missing:
        township_batch_audit(actor=personas.township, refs=refs(three), outcome=Outcome.RETURN, note=" ")
    assert missing.value.message_dict["note"] == [MSG_RETURN_NOTE_REQUIRED]
    with pytest.raises(ValidationError) as long:
        township_batch_audit(actor=personas.township, refs=refs(three), outcome=Outcome.PASS, note="意" * 301)
    assert "300" in long.value.message_dict["note"][0]
    assert all(step_of(case).status == CaseStepStatus.OPEN for case in three)


def test_a_case_a_single_audit_would_refuse_refuses_the_whole_action_and_is_named(personas, three):
    late_objection(personas, three[1])
    three[1].refresh_from_db()

    with pytest.raises(BatchConflict) as raised:
        township_batch_audit(actor=personas.township, refs=refs(three), outcome=Outcome.PASS, note=OPINION)

    reason = MSG_LATE_OBJECTION_OPEN.format(step="村级公示")
    assert raised.value.extra["cases"] == [{"id": three[1].pk, "head_name": "王五", "reason": reason}]
    assert raised.value.extra["title"] == TITLE_REFUSED.format(action="通过")
    assert all(step_of(case).status == CaseStepStatus.OPEN for case in three)
    assert not AuditEvent.objects.filter(action=AUDIT_ACTION).exists()
    # A return is another matter: the village corrects what the objection found.
    township_batch_audit(actor=personas.township, refs=refs([three[1]]), outcome=Outcome.RETURN, note="核实异议")
    assert step_of(three[1], "village_review").status == CaseStepStatus.OPEN


def test_a_stale_selection_is_told_who_passed_the_case_and_nothing_is_written(personas, three):
    rendered = refs(three)  # two tabs, or two colleagues, opened the list
    township_batch_audit(actor=personas.township, refs=rendered[:1], outcome=Outcome.PASS, note="第一次")

    with pytest.raises(BatchConflict) as raised:
        township_batch_audit(actor=personas.township, refs=rendered, outcome=Outcome.PASS, note="第二次")

    reason = PAGE.say(REASON_DONE_BY, step="乡镇汇总初审", who="township")
    assert raised.value.extra["cases"] == [{"id": three[0].pk, "head_name": "张大山", "reason": reason}]
    assert raised.value.extra["title"] == TITLE_CONFLICT
    assert step_of(three[0]).note == "第一次"
    assert CaseEvent.objects.filter(case=three[0], action="case_act", summary__startswith="乡镇汇总初审").count() == 1
    assert [step_of(case).status for case in three[1:]] == [CaseStepStatus.OPEN, CaseStepStatus.OPEN]


def test_a_case_changed_since_the_page_was_rendered_is_named(personas, three):
    rendered = refs(three)
    late_objection(personas, three[2])  # recorded meanwhile: the case's version moves

    with pytest.raises(BatchConflict) as raised:
        township_batch_audit(actor=personas.township, refs=rendered, outcome=Outcome.RETURN, note="补正")

    assert raised.value.extra["cases"] == [{"id": three[2].pk, "head_name": "赵六", "reason": PAGE.say(REASON_CHANGED)}]


def test_another_townships_case_is_refused_without_its_name(personas, county, three):
    other = other_township(county)
    theirs = at_township(personas, other.household, other.cadre, township=other.officer)

    with pytest.raises(BatchConflict) as raised:
        township_batch_audit(actor=personas.township, refs=refs([three[0], theirs]), outcome=Outcome.PASS)

    assert raised.value.extra["cases"] == [{"id": theirs.pk, "head_name": f"案件{theirs.pk}", "reason": REASON_MISSING}]
    assert "周七" not in raised.value.message
    assert step_of(theirs).status == CaseStepStatus.OPEN and step_of(three[0]).status == CaseStepStatus.OPEN


def test_only_the_township_audits(personas, three):
    with pytest.raises(PermissionDenied):
        township_batch_audit(actor=personas.county_officer, refs=refs(three), outcome=Outcome.PASS)
    with pytest.raises(BatchConflict):  # a village cadre sees its village's cases only: another village's is missing
        township_batch_audit(actor=personas.cadre_a, refs=refs([three[1]]), outcome=Outcome.PASS)
    with pytest.raises(PermissionDenied):
        township_batch_audit(actor=personas.cadre_a, refs=refs([three[0]]), outcome=Outcome.PASS)


def test_a_bad_selection_is_refused_before_anything_is_read(personas, three):
    with pytest.raises(ValidationError) as empty:
        township_batch_audit(actor=personas.township, refs=[], outcome=Outcome.PASS)
    assert "cases" in empty.value.message_dict
    with pytest.raises(ValidationError) as twice:
        township_batch_audit(actor=personas.township, refs=[*refs(three), *refs(three[:1])], outcome=Outcome.PASS)
    assert "cases" in twice.value.message_dict
    with pytest.raises(ValidationError) as rejected:
        township_batch_audit(actor=personas.township, refs=refs(three), outcome=Outcome.REJECT, note="不符合")
    assert "outcome" in rejected.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_two_staff_passing_the_same_cases_at_once_pass_them_once(personas, county, audit_log_flushable):
    cases = [
        at_township(
            personas, new_household(personas.cadre_a, county.village_a, numbered("户", i), 60 + i), personas.cadre_a
        )
        for i in range(3)
    ]
    rendered = refs(cases)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def submit(note: str) -> None:
        try:
            barrier.wait(timeout=10)
            township_batch_audit(actor=personas.township, refs=rendered, outcome=Outcome.PASS, note=note)
            results.append("ok")
        except BatchConflict as error:
            results.append(error.extra["title"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(f"第{i}人",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results) == sorted(["ok", TITLE_CONFLICT])
    for case in cases:
        assert step_of(case).status == CaseStepStatus.DONE
        assert CaseEvent.objects.filter(case=case, action="case_act", summary__startswith="乡镇汇总初审").count() == 1
    assert AuditEvent.objects.filter(action=AUDIT_ACTION).count() == 1


def test_a_version_that_is_not_one_is_a_change(personas, three):
    with pytest.raises(BatchConflict) as raised:
        township_batch_audit(actor=personas.township, refs=[CaseRef(three[0].pk, "2026-01-01")], outcome="pass")
    assert raised.value.extra["cases"][0]["reason"] == PAGE.say(REASON_CHANGED)
