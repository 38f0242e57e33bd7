"""The whole identification procedure in the browser (issue 6, Yongxiu preset, seed 000 §三(三)): a farmer
self-applies on a phone, the village cadre turns the application into a case and holds the review meeting, the
publicity notice is printed, the county compares the department data, the township audits, and the county approver
approves three cases in one batch with one document number."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.choices import ConsentSigner, HouseholdType, MonitoringCategory, Relation
from households.models import Household
from households.services import registry
from households.services.visits import consent_record
from tests.e2e.conftest import DESKTOP, PHONE
from tests.households.conftest import member_row
from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.helpers import consent_scan
from workflow.choices import CaseStatus, CaseStepStatus, Channel, Outcome
from workflow.models import Batch, Case, CaseStep, Procedure, Step
from workflow.presets import install
from workflow.services.application_public import application_link_for
from workflow.services.cases import case_act
from workflow.services.deadlines import publicity_complete_due
from workflow.services.publicity import publicity_posted_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEAD_ID_SEQUENCE = 113
PHONE_NUMBER = "13812345678"


@pytest.fixture
def county_setup(personas, county):
    install(Procedure, Step)  # the seeded procedures, emptied by an earlier transactional test's flush
    head = member_row("周建国", Relation.HEAD, dt.date(1969, 8, 15), HEAD_ID_SEQUENCE)
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[head, member_row("吴淑芬", Relation.SPOUSE, dt.date(1971, 2, 3), 124)],
        household_type=HouseholdType.ORDINARY,
    )
    # The signed 承诺和授权查询书: without it the county may not compare the family's assets.
    consent_record(
        actor=personas.cadre_a,
        household=household,
        signed_on=timezone.localdate(),
        signer=ConsentSigner.SELF,
        scan=consent_scan(),
    )
    # Two more families of the county whose cases already wait at the county approval step.
    for cadre, village, name, sequence in [
        (personas.cadre_a, county.village_a, "张大山", 61),
        (personas.cadre_b, county.village_b, "王五", 62),
    ]:
        at_approval(personas, new_household(cadre, village, name, sequence), cadre)
    link = application_link_for(actor=personas.cadre_a, village=county.village_a)
    return household, head["id_number"], link


def _finish_publicity(case: Case, step_code: str, actor) -> None:
    """The step's role records the notice posted today, and the hourly task passes the publicity once its end date
    has gone by with no objection (as the beat would)."""
    publicity_posted_record(actor=actor, case=case, step_code=step_code)
    case_step = CaseStep.objects.get(case=case, step__code=step_code)
    assert case_step.status == CaseStepStatus.OPEN and case_step.ends_on is not None
    assert publicity_complete_due(today=case_step.ends_on + dt.timedelta(days=1)) >= 1
    case_step.refresh_from_db()
    assert case_step.status == CaseStepStatus.DONE


def test_from_a_farmer_self_application_to_the_county_batch_approval(
    live_server, browser, phone, personas, county_setup, log_in, screenshot, tmp_path, settings
):
    household, id_number, link = county_setup
    settings.MEDIA_ROOT = tmp_path / "media"
    minutes = tmp_path / "会议记录.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes of the review meeting")

    # given a farmer who scans the village poster on a phone, without an account
    phone.goto(f"{live_server.url}/apply/{link.token}/")
    phone.get_by_label("申报人姓名").fill("周建国")
    phone.get_by_label("申报人身份证号").fill(id_number)
    phone.get_by_label("手机号码").fill(PHONE_NUMBER)
    phone.get_by_label("生大病、重病或残疾，看病花钱多").check()
    phone.get_by_label("困难情况说明").fill("妻子今年查出尿毒症，每周透析三次，自付费用很高，家里存款已花光。")
    phone.get_by_label("我已阅读并同意上面的《农户承诺和授权查询书》").check()
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("申请已提交")

    # when the village cadre verifies it by a visit and turns it into an identification case
    cadre_context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE)
    cadre = cadre_context.new_page()
    cadre.set_default_timeout(15_000)
    log_in(cadre, personas.cadre_a.username)
    cadre.goto(f"{live_server.url}/workflow/applications/")
    cadre.locator(".row-card", has_text="周建国").get_by_role("link").click()
    cadre.get_by_role("button", name="开始核实").click()
    cadre.get_by_role("link", name="记录入户核实并转为识别案件").click()
    cadre.get_by_label("入户核实情况").fill("入户核实：透析属实，月自付医疗费约三千元。")
    cadre.get_by_label("拟纳入监测类别").select_option(label="突发严重困难户")
    cadre.get_by_label("申报人已核实为本人或本户成员").check()  # before an outcome (66e9a733)
    cadre.get_by_role("button", name="保存核实情况并发起识别纳入").click()
    expect(cadre.get_by_text("渠道 农户自主申报")).to_be_visible()
    case = Case.objects.get(household=household)
    assert case.channel == Channel.SELF_APPLICATION

    # and holds the village review meeting (民主评议) on the phone
    cadre.get_by_role("link", name=re.compile("召开民主评议会议")).click()
    cadre.get_by_label("村两委成员人数").fill("5")
    cadre.get_by_label("村两委成员姓名").fill("王书记、李主任、赵委员、钱委员、孙委员")
    cadre.get_by_label("驻村工作队成员人数").fill("1")
    cadre.get_by_label("驻村工作队成员姓名").fill("周队长")
    cadre.get_by_label("村务监督委员会成员人数").fill("1")
    cadre.get_by_label("村务监督委员会成员姓名").fill("郑主任")
    cadre.get_by_label("村民代表人数").fill("4")
    cadre.get_by_label("村民代表姓名").fill("冯一、陈二、褚三、卫四")
    cadre.set_input_files("#id_minutes", str(minutes))
    row = cadre.locator(".review-row", has_text="周建国")
    row.get_by_role("checkbox").check()
    for label, value in zip(["赞成", "反对", "弃权"], ["8", "0", "1"], strict=True):
        row.get_by_label(label).fill(value)
    cadre.get_by_role("button", name="下一步：确认").click()
    cadre.get_by_role("button", name="确认提交").click()
    expect(cadre.get_by_text("已记录民主评议会议，评议 1 户。")).to_be_visible()
    screenshot(cadre, "journey-identification-meeting-phone")

    # then the village publicity notice is printed for the board: names and dates, never an ID number or phone
    cadre.goto(f"{live_server.url}/workflow/publicity/{county_setup[0].village.code}/print/")
    notice = cadre.locator("body")
    expect(notice).to_contain_text("周建国")
    assert id_number not in notice.inner_text() and PHONE_NUMBER not in notice.inner_text()
    desktop_context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **DESKTOP)
    printer = desktop_context.new_page()
    printer.set_default_timeout(15_000)
    log_in(printer, personas.cadre_a.username)
    printer.goto(f"{live_server.url}/workflow/publicity/{household.village.code}/print/")
    pdf = printer.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    desktop_context.close()
    cadre_context.close()
    _finish_publicity(case, "village_publicity", personas.cadre_a)
    # the township sums up and checks the village's list before the county compares (000 §三(三)3)
    case_act(actor=personas.township, case=case, step_code="township_preliminary", outcome=Outcome.PASS)

    # when the county officer compares the department data and finds nothing
    county_context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **DESKTOP)
    officer = county_context.new_page()
    officer.set_default_timeout(15_000)
    log_in(officer, personas.county_officer.username)
    officer.goto(f"{live_server.url}/workflow/cases/{case.pk}/")
    officer.get_by_role("link", name="录入部门比对结果").click()
    for button in officer.get_by_role("button", name="未比对的项目都设为“无”").all():
        button.click()
    officer.once("dialog", lambda dialog: dialog.accept())
    officer.get_by_role("button", name="提交比对结果").click()
    expect(officer.get_by_text(re.compile("已录入部门比对结果"))).to_be_visible()
    county_context.close()

    # and the township officer audits the case on the case page
    township_context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **DESKTOP)
    township = township_context.new_page()
    township.set_default_timeout(15_000)
    log_in(township, personas.township.username)
    township.goto(f"{live_server.url}/workflow/cases/{case.pk}/")
    audit = township.locator("section", has=township.get_by_role("heading", name="办理：乡镇审核"))
    audit.get_by_label("通过", exact=True).check()
    audit.get_by_label("意见").fill("经乡镇复核，情况属实，同意纳入。")
    asked: list[str] = []
    township.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    audit.get_by_role("button", name="提交").click()
    screenshot(township, "journey-identification-township-desktop")
    expect(township.locator(".timeline li", has_text="乡镇审核后再次公示")).to_contain_text("办理中")
    assert asked == ["提交“乡镇审核”的办理结果？提交后不能撤回。"]
    township_context.close()
    _finish_publicity(case, "township_publicity", personas.township)

    # then the county approver sees three cases at the approval step and approves them in one batch
    approver_context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **DESKTOP)
    approver = approver_context.new_page()
    approver.set_default_timeout(15_000)
    log_in(approver, personas.approver.username)
    approver.goto(f"{live_server.url}/workflow/batches/")
    approver.get_by_label("全选本页").check()
    expect(approver.locator("#selected-count")).to_have_text("3")
    approver.get_by_label("批复文号").fill("永巩固〔2026〕31号")
    approver.get_by_role("button", name="下一步：确认").click()
    expect(approver.get_by_role("heading", level=1)).to_have_text("确认批准 3 户")
    approver.get_by_role("button", name="确认提交").click()
    expect(approver.get_by_role("heading", level=1)).to_have_text("永巩固〔2026〕31号")
    expect(approver.get_by_text("周建国")).to_be_visible()
    screenshot(approver, "journey-identification-batch-desktop")
    approver_context.close()

    batch = Batch.objects.get()
    assert batch.items.count() == 3
    assert CaseStep.objects.filter(step__code="county_approval", status=CaseStepStatus.DONE).count() == 3
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN  # the announcement (公告标识) remains for the township
    household = Household.objects.get(pk=household.pk)
    assert household.monitoring_category == MonitoringCategory.SUDDEN_HARDSHIP
    assert "medical_cost" in household.risk_types
