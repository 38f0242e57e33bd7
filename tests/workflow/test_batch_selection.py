"""The one check of a batch's selection (services.batches.selection_problems), shared by the county's batch approval
and the township's batch audit: a case out of scope is named by its id only, a closed case by its status, the rest
by what the batch kind says changed since its page was rendered; a wrong role refuses the whole batch."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.workflow.township_helpers import at_township, other_township, refs
from workflow.models import Case
from workflow.services.batches import REASON_MISSING, selection_problems
from workflow.services.case_locks import API, PAGE
from workflow.services.cases import case_withdraw
from workflow.services.township_batch import open_audit_steps

pytestmark = pytest.mark.django_db


def loaded(cases):
    ids = [case.pk for case in cases]
    return {case.pk: case for case in Case.objects.select_related("household").filter(pk__in=ids)}, ids


def test_out_of_scope_closed_and_changed_cases_are_each_named_and_only_a_current_case_is_asked_about(
    personas, county, household_a, household_b
):
    mine = at_township(personas, household_a, personas.cadre_a)
    withdrawn = at_township(personas, household_b, personas.cadre_b)
    other = other_township(county)
    theirs = at_township(personas, other.household, other.cadre, township=other.officer)
    selected = refs([mine, withdrawn, theirs])
    case_withdraw(actor=personas.cadre_b, case=withdrawn, note="风险已消除")
    cases, ids = loaded([mine, withdrawn, theirs])
    asked = []

    def stale(case, case_step, version, read_by):
        asked.append((case.pk, read_by))
        return "有新的办理记录"

    problems = selection_problems(personas.township, selected, cases, open_audit_steps(ids), stale=stale, read_by=API)

    assert problems == [
        {"id": mine.pk, "head_name": "张大山", "reason": "有新的办理记录"},
        {"id": withdrawn.pk, "head_name": "王五", "reason": "案件已撤回"},
        {"id": theirs.pk, "head_name": f"案件{theirs.pk}", "reason": REASON_MISSING},
    ]
    assert asked == [(mine.pk, API)]  # told who read the versions, to word its reason for them


def test_a_current_case_of_another_role_refuses_the_whole_selection(personas, county, household_a):
    case = at_township(personas, household_a, personas.cadre_a)
    cases, ids = loaded([case])

    steps = open_audit_steps(ids)
    assert selection_problems(personas.township, refs([case]), cases, steps, stale=lambda *_: "", read_by=PAGE) == []
    with pytest.raises(PermissionDenied):
        selection_problems(personas.county_officer, refs([case]), cases, steps, stale=lambda *_: "", read_by=PAGE)
