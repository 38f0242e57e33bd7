"""Review finding (approver's day #4): when the ticked case changed after the batch page was opened, the confirmation
read "确认批准 0 户" with an active 确认提交 (which the service then refused). It now says nothing is left to approve
and offers only 返回; a selection with a changed case among others names it and offers no 确认提交 either."""

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from workflow.models import Batch, Case
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db


def form(cases):
    return {
        "case": [f"{case.pk}:{case_version(case)}" for case in cases],
        "decision": "approve",
        "document_number": "永防返贫〔2026〕9号",
        "decided_on": timezone.localdate().isoformat(),
        "note": "",
    }


def test_a_case_approved_alone_meanwhile_leaves_nothing_to_confirm(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    ticked = form([case])
    # Meanwhile someone approves it alone
    batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=case.pk, version=case_version(case))],
        decision="approve",
        document_number="永防返贫〔2026〕8号",
        decided_on=timezone.localdate(),
    )

    page = login(personas.approver).post("/workflow/batches/", ticked).content.decode()

    assert "没有可以审批的农户" in page and "确认批准 0 户" not in page
    assert "确认提交" not in page and 'name="confirmed"' in page  # the form is only there to go back
    assert 'name="edit" value="1"' in page and ">返回</button>" in page


def test_a_case_changed_meanwhile_leaves_nothing_to_confirm(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    ticked = form([case])
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())  # edited since the page was opened

    page = login(personas.approver).post("/workflow/batches/", ticked).content.decode()

    assert "没有可以审批的农户" in page and "发生变化" in page and "确认提交" not in page
    assert not Batch.objects.exists()


def test_one_changed_among_two_is_named_and_nothing_is_offered_but_going_back(
    personas, login, household_a, household_b
):
    cases = [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, household_b, personas.cadre_b)]
    ticked = form(cases)
    Case.objects.filter(pk=cases[1].pk).update(updated_at=timezone.now())

    page = login(personas.approver).post("/workflow/batches/", ticked).content.decode()

    assert "确认批准 1 户" in page and "data-changed" in page
    assert "王五" in page.split("data-changed", 1)[1].split("</div>", 1)[0]
    assert "确认提交" not in page and ">返回修改</button>" in page


def test_an_unchanged_selection_is_confirmed_as_before(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    page = login(personas.approver).post("/workflow/batches/", form([case])).content.decode()
    assert "确认批准 1 户" in page and "确认提交" in page and "没有可以审批的农户" not in page
