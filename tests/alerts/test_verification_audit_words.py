"""The audit log reads an alert's verification in words (review fx_verify 6): the audit admin saw
"joined_case：否" and "member_health_updated：是" under 部门数据与预警, codes no reviewer reads
(accounts.audit_labels.FIELD_WORDS)."""

import pytest
from django.utils import timezone

from alerts.models import Alert
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def test_a_verifications_record_is_in_words_for_the_audit_admin(clerks, people, personas, login):
    rows = [["张大山", people["zhang"].id_number, "未参保", "25000"]]  # both rules of the feed: one row, two alerts
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    first, other = Alert.objects.order_by("pk")
    alert_verify(actor=personas.cadre_a, alert=first, outcome="not_at_risk", visited_on=timezone.localdate(),
                 note="已报销，自付不足一千元")  # fmt: skip

    page = login(personas.audit_admin).get("/accounts/audit/", {"category": "alerts"}).content.decode()

    assert "并入该户办理中的识别案件：否" in page and "同时更新了成员的健康状况：否" in page
    assert f"随同核实的预警编号：{first.pk}" in page  # the same row's other alert, settled with it
    assert Alert.objects.get(pk=other.pk).status == "verified"
    for code in ("joined_case", "member_health_updated", "settled_with", "department_note"):
        assert f"{code}：" not in page
