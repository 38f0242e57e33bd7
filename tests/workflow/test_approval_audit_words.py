"""Review finding (approver #11): the audit log's change lines of an approval name the household's fields in Chinese
(纳入监测日期, 监测对象类别), whether the approval was single or in a batch; no code name shows."""

import pytest
from django.utils import timezone

from accounts.audit_labels import audit_rows
from accounts.models import AuditEvent
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db


def test_approval_change_lines_are_in_chinese(personas, login, household_a, household_b):
    single = at_approval(personas, household_a, personas.cadre_a)
    batched = at_approval(personas, household_b, personas.cadre_b)
    act(actor=personas.approver, case=single, step_code="county_approval", outcome="pass")
    batch_decide(
        actor=personas.approver,
        refs=[CaseRef(batched.pk, case_version(batched))],
        decision="approve",
        document_number="永巩固〔2026〕7号",
        decided_on=timezone.localdate(),
    )
    events = AuditEvent.objects.filter(action="workflow.identification_approved")
    assert events.count() == 2
    for row in audit_rows(personas.audit_admin, events):
        lines = "\n".join(row.changes)
        assert "纳入监测日期：" in lines and "监测对象类别：" in lines and "风险类型：" in lines
        assert "monitoring_start" not in lines and "monitoring_category" not in lines
    page = login(personas.audit_admin).get("/accounts/audit/").content.decode()
    assert "纳入监测日期：" in page and "monitoring_start" not in page and "monitoring_category" not in page
