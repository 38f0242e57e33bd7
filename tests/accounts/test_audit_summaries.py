"""The auditor reads who did what, not who is ill (review finding 7): in the summaries of the actions that name a
person beside health or disability detail, a reader who sees personal numbers masked gets neither the member's
name nor the detail; the household number, the action, the measure, amounts, dates and outcomes remain. The
summaries below are written as their builders write them (assistance.services.measures._describe and its callers,
assistance.services.claims, alerts.services.verification and .unregistered, workflow.services.objections)."""

import io

import pytest
from openpyxl import load_workbook

from accounts.audit import audit_record
from accounts.audit_labels import NOTE_HIDDEN, shown_summary

pytestmark = pytest.mark.django_db

HH = "3604251002010002"
# action → (summary as recorded, summary as the auditor reads it)
SUMMARIES = {
    "assistance.measure_add": (
        f"{HH}：安排帮扶措施：残疾人两项补贴（方俊），责任单位残疾人联合会，责任人测试",
        f"{HH}：安排帮扶措施：残疾人两项补贴，责任单位残疾人联合会，责任人测试",
    ),
    "assistance.measure_update": (
        f"{HH}：修改帮扶措施：大病专项救助（医疗救助）（方俊）",
        f"{HH}：修改帮扶措施：大病专项救助（医疗救助）",
    ),
    "assistance.measure_status": (
        f"{HH}：帮扶措施“家庭医生签约服务（方俊）”：计划中 → 已终止。方俊肺癌晚期，转入安宁疗护",
        f"{HH}：帮扶措施“家庭医生签约服务”：计划中 → 已终止。{NOTE_HIDDEN}",
    ),
    "assistance.measure_department_done": (
        f"{HH}：残疾人联合会办结帮扶措施“残疾人两项补贴（方俊）”（实施中 → 已完成）：一级肢体残疾，已发放",
        f"{HH}：残疾人联合会办结帮扶措施“残疾人两项补贴”（实施中 → 已完成）：{NOTE_HIDDEN}",
    ),
    # 登记实施进展: the note stays on the measure; the member's name beside the measure goes.
    "assistance.measure_progress": (
        f"{HH}：登记帮扶措施“家庭医生签约服务（方俊）”实施进展（2026-12-05）",
        f"{HH}：登记帮扶措施“家庭医生签约服务”实施进展（2026-12-05）",
    ),
    "assistance.measure_department_progress": (
        f"{HH}：卫生健康委员会登记帮扶措施“家庭医生签约服务（方俊）”实施情况（计划中 → 实施中）",
        f"{HH}：卫生健康委员会登记帮扶措施“家庭医生签约服务”实施情况（计划中 → 实施中）",
    ),
    "assistance.claim_create": (
        f"{HH}：申报防贫保理赔：因病，8000 元（出险日期 2026-01-05）",
        f"{HH}：申报防贫保理赔：（原因不显示），8000 元（出险日期 2026-01-05）",
    ),
    "assistance.claim_status": (
        f"{HH}：防贫保理赔：已申报 → 已驳回（住院费用（白血病）已由大病保险报销）",
        f"{HH}：防贫保理赔：已申报 → 已驳回{NOTE_HIDDEN}",
    ),
    "alerts.verify": (
        "核实部门预警 廖宇帆（累计医疗支出 35000 元：慢性肾衰竭）：纳入监测",
        "核实部门预警 廖＊＊：纳入监测",
    ),
    "alerts.unregistered_check": (
        "核查未在档人员 王小明：应纳入建档，交涂埠镇城南村建档。精神残疾二级",
        f"核查未在档人员 王小明：应纳入建档，交涂埠镇城南村建档。{NOTE_HIDDEN}",
    ),
    # The wording workflow.services.objections wrote before the text moved to the event's `after` (review admins
    # finding 2: the old pattern looked for 收到异议： and never matched).
    "workflow.objection_add": (
        f"{HH}：村级公示收到异议（2026-12-04）：该户方俊有残疾证但在外打工",
        f"{HH}：村级公示收到异议（2026-12-04）：{NOTE_HIDDEN}",
    ),
    "workflow.objection_resolve": (
        f"{HH}：异议核实：异议不成立，残疾等级经复核属实",
        f"{HH}：异议核实：异议不成立，{NOTE_HIDDEN}",
    ),
}
DETAIL = ["方俊", "因病", "肺癌", "肢体", "白血病", "宇帆", "肾衰竭", "35000", "精神残疾", "残疾证", "复核属实"]


@pytest.fixture
def summaries(personas):
    for action, (recorded, _) in SUMMARIES.items():
        audit_record(actor=personas.township, action=action, summary=recorded, object_type="", region_path="")


def test_the_audit_page_drops_the_names_and_health_detail_from_summaries(personas, login, summaries):
    page = login(personas.audit_admin).get("/accounts/audit/").content.decode()

    assert [word for word in DETAIL if word in page] == []
    for _, shown in SUMMARIES.values():
        assert shown in page


def test_the_audit_api_and_export_drop_the_same_detail(personas, login, summaries):
    client = login(personas.audit_admin)
    rows = client.get("/api/v1/audit-events/", {"page_size": 50}).json()["results"]
    response = client.get("/accounts/audit/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)

    assert {row["summary"] for row in rows} >= {shown for _, shown in SUMMARIES.values()}
    assert [word for word in DETAIL if word in str(rows) or word in cells] == []


def test_the_alert_verification_note_is_hidden_in_the_recorded_values(personas, login):
    audit_record(
        actor=personas.township,
        action="alerts.verify",
        summary="核实部门预警 廖宇帆（透析）：纳入监测",
        after={"outcome": "include", "note": "每周透析三次"},
    )

    client = login(personas.audit_admin)
    row = client.get("/api/v1/audit-events/", {"action": "alerts.verify"}).json()["results"][0]

    assert row["after"] == {"outcome": "include", "note": NOTE_HIDDEN}
    assert "透析" not in str(row)


def test_a_reader_who_sees_the_registry_reads_the_summary_as_recorded(personas):
    recorded, _ = SUMMARIES["assistance.measure_add"]

    assert shown_summary(personas.cadre_a, recorded, "assistance.measure_add") == recorded
    assert shown_summary(personas.audit_admin, "修改农户信息（方俊）", "household.update") == "修改农户信息（方俊）"
