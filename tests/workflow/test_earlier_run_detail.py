"""The first notice's dates beside a publicity a correction ran again ("更正前公示：…", selectors_reruns) come from the
record's structured facts (CaseEvent.detail), not from its summaries' words: a reworded summary keeps the line, and
the events written before the facts were kept get them from their summaries once (migration 0020)."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.clock import today
from tests.workflow.helpers import case_act
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseEvent, CaseStep
from workflow.services.deadlines import publicity_complete_due
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db
migration = importlib.import_module("workflow.migrations.0020_caseevent_detail")


def _publicity(case):
    return CaseStep.objects.get(case=case, step__code="village_publicity")


def _posted_passed_and_corrected(personas, login, case):
    """The village publicity posted ten days ago, passed by the system at its end, then run again by a correction.
    Returns the line the case page shows beside it."""
    walk_to(personas, case, "village_publicity")
    posted_on = today() - dt.timedelta(days=10)
    CaseStep.objects.filter(pk=_publicity(case).pk).update(opened_at=timezone.now() - dt.timedelta(days=10))
    posted = publicity_posted_record(
        actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=posted_on
    )
    assert publicity_complete_due(today=today()) == 1
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note="请核实")
    response = login(personas.cadre_a).post(
        f"/api/v1/cases/{case.pk}/correct/", {"category": "unstable"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content.decode()
    assert _publicity(case).status == CaseStepStatus.PENDING
    return f"更正前公示：张贴 {posted_on:%Y-%m-%d} 截止 {posted.ends_on:%Y-%m-%d}（{today():%Y-%m-%d} 系统自动通过）"


def _page(login, personas, case):
    return login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()


def _shown(line):
    return f'<div class="small muted" data-earlier-run-dates>{line}</div>'


def test_the_first_notices_line_survives_reworded_summaries(personas, login, household_a):
    case = open_case(personas, household_a)
    line = _posted_passed_and_corrected(personas, login, case)
    assert _shown(line) in _page(login, personas, case)

    # The record's wording changes (or the step is renamed since): the facts it keeps still place the line.
    events = CaseEvent.objects.filter(case=case, action__in=["publicity_posted", "case_act", "case_correct"])
    events.update(summary="（记录措辞已调整）")

    assert _shown(line) in _page(login, personas, case)


def test_the_facts_are_kept_by_ids(personas, login, household_a):
    case = open_case(personas, household_a)
    _posted_passed_and_corrected(personas, login, case)
    publicity = _publicity(case)
    posted = case.events.get(action="publicity_posted").detail
    assert posted["case_step"] == publicity.pk and posted["step"] == publicity.step_id
    assert posted["posted_on"] == f"{today() - dt.timedelta(days=10):%Y-%m-%d}" and posted["ends_on"]
    passed = case.events.filter(action="case_act", detail__case_step=publicity.pk).get().detail
    assert passed["outcome"] == Outcome.PASS
    assert case.events.get(action="case_correct").detail["rerun"] == [publicity.pk]


def _backfill():
    """The migration's function with the models as they stand after its field was added."""
    state = MigrationExecutor(connection).loader.project_state(("workflow", "0020_caseevent_detail"))
    migration.forwards(state.apps, None)


def test_the_backfill_reads_old_events_facts_from_their_summaries(personas, login, household_a):
    case = open_case(personas, household_a)
    line = _posted_passed_and_corrected(personas, login, case)
    written = {event.pk: event.detail for event in case.events.all()}
    # Written the old way: no facts kept, only the summaries.
    CaseEvent.objects.filter(case=case).update(detail={})
    assert _shown(line) not in _page(login, personas, case)

    _backfill()

    again = {event.pk: event.detail for event in case.events.all()}
    for pk, detail in written.items():
        event = CaseEvent.objects.get(pk=pk)
        if event.action in ("publicity_posted", "case_act"):
            assert again[pk] == detail, event.summary
        elif event.action == "case_correct":
            assert again[pk] == {"rerun": detail["rerun"]}  # the corrected step is not in its summary
        else:
            assert again[pk] == {}
    assert _shown(line) in _page(login, personas, case)


def test_the_backfill_leaves_what_summaries_do_not_say(personas, household_a):
    case = open_case(personas, household_a)
    steps = list(case.case_steps.values("pk", "step_id", "step__name", "step__kind"))
    publicity = next(cs for cs in steps if cs["step__kind"] == "publicity")
    name = publicity["step__name"]
    detail = migration.detail_from_summary
    assert detail("publicity_posted", f"{name}张贴日期 2026-01-05", steps) == {
        "case_step": publicity["pk"],
        "step": publicity["step_id"],
        "posted_on": "2026-01-05",
        "ends_on": None,
    }
    assert detail("case_act", f"系统自动：{name}：不通过，有车", steps)["outcome"] == Outcome.REJECT
    assert detail("case_act", "不存在的环节：通过", steps) == {}
    assert detail("case_correct", "村级补正，更正拟定类别 一般 → 严重", steps) == {"rerun": []}
    assert detail("step_open", f"进入环节：{name}", steps) == {}
