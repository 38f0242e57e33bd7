"""Review finding (approver's day #3): 审批批次 (/workflow/batches/history/) had paging only. It searches by 批复文号,
compared as the batch form compares numbers (brackets, full-width digits and spaces do not count), and filters by the
批复日期's range, the decision and the kind of case; the case list's search finds a case by the whole 批复文号 that
decided it."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseKind
from workflow.forms_cases import MSG_DATE_RANGE
from workflow.models import Case, CaseStep
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db
APPROVED = "永巩固〔2026〕20号"
REFUSED_TYPED = "永巩固[2026]21号"  # recorded as typed: no number on file in another spelling


def backdated(case, days=10):
    CaseStep.objects.filter(case=case, acted_at__isnull=False).update(acted_at=timezone.now() - dt.timedelta(days=days))
    Case.objects.filter(pk=case.pk).update(discovered_on=today() - dt.timedelta(days=days + 5))
    case.refresh_from_db()
    return case


def decide(personas, case, decision, number, days_ago, note=""):
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case.pk, case_version(case))],
        decision=decision,
        document_number=number,
        decided_on=today() - dt.timedelta(days=days_ago),
        note=note,
    )


@pytest.fixture
def decided(personas, household_a, household_b):
    """张大山's inclusion approved 5 days ago; 王五's case, an exit, refused 2 days ago."""
    first = backdated(at_approval(personas, household_a, personas.cadre_a))
    second = backdated(at_approval(personas, household_b, personas.cadre_b))
    approved = decide(personas, first, "approve", APPROVED, 5)
    refused = decide(personas, second, "reject", REFUSED_TYPED, 2, note="收入稳定，不符合纳入条件")
    # The kind filter reads each batch's cases: 王五's stands for an exit here.
    Case.objects.filter(pk=second.pk).update(kind=CaseKind.EXIT)
    return approved, refused


def listed(client, **params):
    page = client.get("/workflow/batches/history/", params).content.decode()
    return {number for number in (APPROVED, REFUSED_TYPED) if number in page}, page


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("永巩固〔2026〕21号", {REFUSED_TYPED}),  # the standard's brackets find the number typed with []
        ("永巩固（2026）20号", {APPROVED}),
        ("〔２０２６〕 20", {APPROVED}),  # full-width digits, a space, part of the number
        ("21号", {REFUSED_TYPED}),
        ("永巩固", {APPROVED, REFUSED_TYPED}),
        ("永巩固〔2025〕", set()),
    ],
)
def test_the_history_is_searched_by_number_however_it_was_typed(personas, login, decided, typed, found):
    assert listed(login(personas.approver), number=typed)[0] == found


def test_the_history_is_filtered_by_date_decision_and_kind(personas, login, decided):
    client = login(personas.approver)
    three_days_ago = (today() - dt.timedelta(days=3)).isoformat()
    assert listed(client, date_from=three_days_ago)[0] == {REFUSED_TYPED}
    assert listed(client, date_to=three_days_ago)[0] == {APPROVED}
    assert listed(client, decision="reject")[0] == {REFUSED_TYPED}
    assert listed(client, decision="approve")[0] == {APPROVED}
    assert listed(client, kind=CaseKind.EXIT)[0] == {REFUSED_TYPED}
    assert listed(client, kind=CaseKind.IDENTIFICATION)[0] == {APPROVED}
    found, page = listed(client, decision="reject", kind=CaseKind.IDENTIFICATION)
    assert found == set() and "没有符合条件的审批批次" in page


def test_a_wrong_date_range_is_said_and_lists_nothing(personas, login, decided):
    later, earlier = today().isoformat(), (today() - dt.timedelta(days=9)).isoformat()
    found, page = listed(login(personas.approver), date_from=later, date_to=earlier)
    assert found == set() and MSG_DATE_RANGE in page and "data-filter-errors" in page


def test_the_case_list_finds_a_case_by_its_whole_number(personas, login, decided):
    client = login(personas.approver)
    by_standard = client.get("/workflow/cases/", {"q": "永巩固〔2026〕21号"}).content.decode()
    assert "王五" in by_standard and "张大山" not in by_standard
    by_typed = client.get("/workflow/cases/", {"q": "永巩固[2026]20号"}).content.decode()
    assert "张大山" in by_typed and "王五" not in by_typed
    # Part of a number is no 批复文号: a name or household number search, which finds neither.
    partial = client.get("/workflow/cases/", {"q": "20号"}).content.decode()
    assert "张大山" not in partial and "王五" not in partial
