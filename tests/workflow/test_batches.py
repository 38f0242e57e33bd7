"""County batch approval: one document number for many cases, all or nothing, with a snapshot of each household."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import AuditEvent
from households.models import Household
from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.helpers import case_act
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import Batch, BatchItem, CaseEvent, CaseStep
from workflow.services.batches import (
    REASON_NOT_AT_APPROVAL,
    TITLE_FAILED,
    BatchChanged,
    BatchConflict,
    CaseRef,
    batch_decide,
    case_version,
)
from workflow.services.case_locks import PAGE, REASON_CHANGED
from workflow.services.cases import case_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(personas, county, household_a, household_b):
    third = new_household(personas.cadre_a, county.village_a, "赵六", 77)
    return [
        at_approval(personas, household_a, personas.cadre_a),
        at_approval(personas, household_b, personas.cadre_b),
        at_approval(personas, third, personas.cadre_a),
    ]


def refs(cases):
    return [CaseRef(case.pk, case_version(case)) for case in cases]


def approve(actor, cases, **extra):
    return batch_decide(
        actor=actor,
        refs=refs(cases),
        decision=extra.pop("decision", "approve"),
        document_number=extra.pop("document_number", "永巩固〔2026〕12号"),
        decided_on=extra.pop("decided_on", timezone.localdate()),
        **extra,
    )


def test_batch_approves_every_case_with_one_document_number(personas, three):
    batch = approve(personas.approver, three)
    assert (batch.count, batch.decision, batch.document_number) == (3, "approve", "永巩固〔2026〕12号")
    for case in three:
        step = CaseStep.objects.get(case=case, step__code="county_approval")
        assert (step.status, step.outcome, step.acted_by) == (CaseStepStatus.DONE, Outcome.PASS, personas.approver)
        assert "永巩固〔2026〕12号" in step.note
        assert CaseStep.objects.get(case=case, step__code="announcement").status == CaseStepStatus.OPEN
        assert Household.objects.get(pk=case.household_id).monitoring_category == case.category
        assert CaseEvent.objects.filter(case=case, action="case_act", summary__contains="县级审批").exists()
    assert AuditEvent.objects.filter(action="workflow.batch_decide", object_id=str(batch.pk)).exists()
    # The step's note (批复文号 and opinion) is kept apart in the audit row, as services.case_records._event does.
    assert AuditEvent.objects.filter(action="workflow.case_act", after__note__icontains="12号").count() == 3


def test_one_changed_case_means_nothing_is_approved_and_it_is_named(personas, three):
    rendered = refs(three)
    # Meanwhile someone withdraws nothing but records an objection-free note: the case's version moves.
    case_withdraw(actor=personas.cadre_b, case=three[1], note="风险已消除")
    with pytest.raises(BatchConflict) as raised:
        batch_decide(
            actor=personas.approver,
            refs=rendered,
            decision="approve",
            document_number="永巩固〔2026〕13号",
            decided_on=timezone.localdate(),
        )
    assert "王五" in raised.value.message and "已撤回" in raised.value.message
    assert "张大山" not in raised.value.message
    assert [p["id"] for p in raised.value.extra["cases"]] == [three[1].pk]
    assert not Batch.objects.exists()
    assert CaseStep.objects.filter(step__code="county_approval", status=CaseStepStatus.DONE).count() == 0
    assert Household.objects.exclude(monitoring_category="").count() == 0


def test_a_case_acted_on_alone_meanwhile_is_named(personas, three):
    rendered = refs(three)
    case_act(
        actor=personas.approver,
        case=three[0],
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number="永巩固〔2026〕1号",
    )
    with pytest.raises(BatchConflict) as raised:
        batch_decide(
            actor=personas.approver,
            refs=rendered,
            decision="approve",
            document_number="永巩固〔2026〕41号",
            decided_on=dt.date(2026, 1, 5),
        )
    assert raised.value.extra["cases"] == [{"id": three[0].pk, "head_name": "张大山", "reason": REASON_NOT_AT_APPROVAL}]
    assert CaseStep.objects.filter(step__code="county_approval", status=CaseStepStatus.DONE).count() == 1


def test_a_stale_version_is_named(personas, three):
    rendered = refs(three)
    CaseEvent.objects.none()
    from workflow.services.cases import _event

    _event(case=three[2], actor=personas.county_officer, action="case_note", summary="补充材料")
    with pytest.raises(BatchConflict) as raised:
        batch_decide(
            actor=personas.approver,
            refs=rendered,
            decision="approve",
            document_number="永巩固〔2026〕42号",
            decided_on=timezone.localdate(),
        )
    assert raised.value.extra["cases"][0]["reason"] == PAGE.say(REASON_CHANGED)
    assert raised.value.extra["cases"][0]["head_name"] == "赵六"


def test_wrong_role_is_refused(personas, three):
    with pytest.raises(PermissionDenied) as raised:
        approve(personas.county_officer, three)
    assert "县领导小组" in str(raised.value)
    assert not Batch.objects.exists()


def test_reject_needs_a_reason_and_closes_the_cases(personas, three):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        approve(personas.approver, three, decision="reject")
    batch = approve(personas.approver, three[:2], decision="reject", note="经比对有商品房")
    assert batch.get_decision_display() == "不予批准"
    for case in three[:2]:
        case.refresh_from_db()
        assert case.status == CaseStatus.REJECTED


def test_snapshot_kept_after_household_changes(personas, three):
    batch = approve(personas.approver, three)
    item = BatchItem.objects.get(batch=batch, case=three[0])
    assert item.snapshot["head_name"] == "张大山"
    assert item.snapshot["members_count"] == 2
    assert item.snapshot["category"] == "脱贫不稳定户"  # a lifted-out household
    assert item.snapshot["village"] == "城南村" and item.snapshot["township"] == "涂埠镇"
    Household.objects.filter(pk=three[0].household_id).update(head_name="张改名", monitoring_category="")
    item.refresh_from_db()
    assert item.snapshot["head_name"] == "张大山" and item.snapshot["category"] == "脱贫不稳定户"


def test_out_of_scope_case_is_not_named(personas, county, three):
    from accounts.choices import Role
    from tests.factories import UserFactory

    township2_approver = UserFactory(
        username="approver_t2", role=Role.COUNTY_APPROVER, region_path=county.township2.path, region_name="虬津镇"
    )
    with pytest.raises(BatchConflict) as raised:
        approve(township2_approver, three[:1])
    assert "张大山" not in raised.value.message and f"案件{three[0].pk}" in raised.value.message
    # Said as a case that cannot be approved here, not as one that changed since the list was read.
    assert not isinstance(raised.value, BatchChanged) and "已发生变化" not in raised.value.message
    assert raised.value.extra["title"] == TITLE_FAILED and raised.value.message.startswith("以下农户不能在此审批")


def test_document_number_and_date_are_required(personas, three):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        approve(personas.approver, three, document_number=" ", decided_on=timezone.localdate() + dt.timedelta(days=1))
    assert set(raised.value.message_dict) == {"document_number", "decided_on"}
