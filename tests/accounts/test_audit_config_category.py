"""The configuration site's saves are labelled by their pages and filed under one 系统配置 category: a 录入与排查时限
change read 修改报送期限设置 under 台账导出与国家系统标注, a 工作日调整 保存节假日设置 under 识别纳入…. The stored
codes stay as they were."""

import pytest

from accounts.audit import audit_record
from accounts.audit_actions import action_choices, action_label
from accounts.audit_labels import category_label

pytestmark = pytest.mark.django_db
CONFIG = "系统配置（程序、工作日、筛查规则、时限）"


def test_the_labels_name_the_pages_and_the_category_is_configuration():
    assert action_label("reports.settings") == "修改录入与排查时限"
    assert action_label("workflow.calendar_day_save") == "保存工作日调整"
    for code in ("reports.settings", "workflow.calendar_day_save", "workflow.step_save", "screening.rule_save"):
        assert category_label(code) == CONFIG
    assert category_label("workflow.case_open") == "识别纳入、风险消除与自主申报"
    groups = dict(action_choices())
    assert ("reports.settings", "修改录入与排查时限") in groups[CONFIG]
    assert "workflow.calendar_day_save" not in dict(groups["识别纳入、风险消除与自主申报"])


def test_the_category_filter_finds_them_and_the_others_do_not(personas, login):
    audit_record(actor=personas.system_admin, action="reports.settings", summary="录入截止日 20 → 25")
    audit_record(actor=personas.system_admin, action="workflow.calendar_day_save", summary="工作日调整：2031-10-08")
    audit_record(actor=personas.county_officer, action="workflow.case_open", summary="H0001 发起识别纳入")
    audit_record(actor=personas.county_officer, action="reports.ledger_export", summary="导出台账 T1")
    client = login(personas.audit_admin)

    config = client.get("/accounts/audit/", {"category": "config"}).content.decode()
    workflow = client.get("/accounts/audit/", {"category": "workflow"}).content.decode()
    reports = client.get("/accounts/audit/", {"category": "reports"}).content.decode()
    by_code = client.get("/accounts/audit/", {"action": "workflow.calendar_day_save"}).content.decode()

    assert "录入截止日 20 → 25" in config and "工作日调整：2031-10-08" in config
    assert "H0001 发起识别纳入" not in config and "导出台账 T1" not in config
    assert "工作日调整：2031-10-08" not in workflow and "H0001 发起识别纳入" in workflow
    assert "录入截止日 20 → 25" not in reports and "导出台账 T1" in reports
    assert "工作日调整：2031-10-08" in by_code and ">保存工作日调整</span>" in by_code


def test_a_calendar_days_note_is_shown_to_the_auditor(personas, login):
    audit_record(
        actor=personas.system_admin,
        action="workflow.calendar_day_save",
        summary="工作日调整：2031-10-08 休息日",
        before={"note": "国庆"},
        after={"note": "国庆节放假"},
    )
    audit_record(actor=personas.cadre_a, action="visit.create", summary="H0001 走访", after={"note": "住院治疗"})
    page = login(personas.audit_admin).get("/accounts/audit/").content.decode()
    assert "国庆节放假" in page and "住院治疗" not in page
