"""A village cadre records the democratic review meeting (民主评议) for two families on a phone: one passes by the
majority, one does not. The county officer then records the department comparison of the passed case on a
desktop, finds a car, keeps the family with a written reason, and the car becomes screening's exclusion fact."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.choices import ConsentSigner, HouseholdType, MonitoringCategory, Relation
from households.services import registry
from households.services.visits import consent_record
from screening.models import ExclusionFact
from tests.households.conftest import member_row
from tests.workflow.helpers import case_act, consent_scan, household_checked
from workflow.choices import CaseKind, CaseStatus, Channel, Outcome
from workflow.models import CaseStep, Procedure, Step
from workflow.presets import install
from workflow.services.cases import case_open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def review_cases(personas, county):
    install(Procedure, Step)  # a transactional test's flush empties the seeded procedures
    cases = []
    for index, name in enumerate(["张大山", "刘德明"]):
        household = registry.household_create(
            actor=personas.cadre_a,
            village=county.village_a,
            members=[member_row(name, Relation.HEAD, dt.date(1962 + index, 5, 1), 51 + index * 12)],
            household_type=HouseholdType.ORDINARY,
        )
        # The families applied with the signed consent (seed 003 §二2(4)): the village review passes only with it.
        consent_record(
            actor=personas.cadre_a,
            household=household,
            signed_on=timezone.localdate(),
            signer=ConsentSigner.SELF,
            scan=consent_scan(),
        )
        cases.append(
            case_open(
                actor=personas.cadre_a,
                household=household,
                kind=CaseKind.IDENTIFICATION,
                channel=Channel.CADRE_VISIT,
                risk_types=["medical_cost"],
                national_risk_types=["illness"],
                category=MonitoringCategory.SUDDEN_HARDSHIP,
            )
        )
        household_checked(actor=personas.cadre_a, case=cases[-1])  # the visit before the review (000 §三(三)2)
    return cases


def test_meeting_on_a_phone_then_comparison_on_a_desktop(
    personas, county, review_cases, phone, desktop, log_in, live_server, screenshot, tmp_path, settings
):
    zhang, liu = review_cases
    settings.MEDIA_ROOT = tmp_path / "media"
    minutes = tmp_path / "会议记录.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes of the review meeting")
    log_in(phone, "cadre_a")
    phone.goto(f"{live_server.url}/workflow/cases/{zhang.pk}/")
    phone.get_by_role("link", name=re.compile("召开民主评议会议")).click()
    phone.get_by_label("村两委成员人数").fill("5")
    phone.get_by_label("村两委成员姓名").fill("王书记、李主任、赵委员、钱委员、孙委员")
    phone.get_by_label("驻村工作队成员人数").fill("1")
    phone.get_by_label("驻村工作队成员姓名").fill("周队长")
    phone.get_by_label("村务监督委员会成员人数").fill("1")
    phone.get_by_label("村务监督委员会成员姓名").fill("郑主任")
    phone.get_by_label("村民代表人数").fill("2")
    phone.get_by_label("村民代表姓名").fill("冯一、陈二")
    phone.set_input_files("#id_minutes", str(minutes))
    rows = phone.locator(".review-row")
    for row, votes in zip(rows.all(), [("8", "1", "0"), ("3", "5", "1")], strict=True):
        row.get_by_role("checkbox").check()
        for label, value in zip(["赞成", "反对", "弃权"], votes, strict=True):
            row.get_by_label(label).fill(value)
    screenshot(phone, "e2e-meeting-form-phone")
    phone.get_by_role("button", name="下一步：确认").click()
    phone.get_by_role("button", name="确认提交").click()
    expect(phone.get_by_text("已记录民主评议会议，评议 2 户。")).to_be_visible()
    expect(phone.get_by_text("赞成 8 · 反对 1 · 弃权 0")).to_be_visible()
    screenshot(phone, "e2e-meeting-detail-phone")
    liu.refresh_from_db()
    assert liu.status == CaseStatus.REJECTED  # 3 of 9 present
    assert CaseStep.objects.get(case=zhang, step__code="village_review").outcome == Outcome.PASS

    # The publicity ends with no objection; the family's signed consent is on file since it applied.
    CaseStep.objects.filter(case=zhang, step__code="village_publicity").update(
        ends_on=dt.date(2000, 1, 1), posted_on=dt.date(2000, 1, 1)
    )
    case_act(actor=personas.cadre_a, case=zhang, step_code="village_publicity", outcome=Outcome.PASS)
    case_act(actor=personas.township, case=zhang, step_code="township_preliminary", outcome=Outcome.PASS)
    log_in(desktop, "county_officer")
    desktop.goto(f"{live_server.url}/workflow/cases/{zhang.pk}/")
    desktop.get_by_role("link", name="录入部门比对结果").click()
    desktop.get_by_role("button", name="未比对的项目都设为“无”").click()
    # A registered business is weighed (a farm tricycle would be a 车辆（营运、农用等）finding, which records nothing;
    # tests/workflow/test_comparisons.py): its fact is recorded and, the county keeping the household, withdrawn.
    desktop.get_by_label("经商办企业（工商注册）", exact=True).select_option("found")
    desktop.get_by_label("经商办企业（工商注册）具体情况").fill("个体工商户 村口小卖部")
    desktop.get_by_label("经研判仍予纳入").check()
    desktop.get_by_label("研判理由").fill("小卖部年收入不足万元，不影响认定")
    desktop.once("dialog", lambda dialog: dialog.accept())
    desktop.get_by_role("button", name="提交比对结果").click()
    expect(desktop.get_by_text("已录入部门比对结果：经研判仍予纳入。")).to_be_visible()
    expect(desktop.get_by_text("已登记排除情形“经商办企业”，经研判不予排除")).to_be_visible()
    screenshot(desktop, "e2e-comparison-detail-desktop")
    fact = ExclusionFact.objects.get(household=zhang.household)
    assert fact.note.endswith("经商办企业（工商注册）：个体工商户 村口小卖部") and not fact.is_active
    assert CaseStep.objects.get(case=zhang, step__code="township_audit").status == "open"
