"""不予纳入 and 无效申报 close an application for good: the browser asks before either is sent. Cancelled, the
application stays as it was; confirmed, it is closed (templates/workflow/applications/decline.html, invalid.html,
data-confirm-rules read by static/js/page_actions.js). And a cadre files for a farmer from the worklist (代为申报),
then finds the way back from the receipt."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from households import idnumber
from workflow.choices_applications import ApplicationStatus
from workflow.models import Procedure, Step
from workflow.models.applications import Application
from workflow.presets import install
from workflow.services import application_public as public
from workflow.services import applications as services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _application(village, sequence: int) -> Application:
    receipt = public.application_submit(
        village=village,
        name="陈桂兰",
        id_number=idnumber.make("360425", dt.date(1980, 6, 1), sequence),
        phone="13812345678",
        risk_types=["medical_cost"],
        situation="老伴今年查出尿毒症，每周透析三次，自付费用很高。",
        consent=True,
        client_ip="10.0.0.1",
    )
    return Application.objects.get(receipt_no=receipt)


@pytest.fixture
def verifying(personas, county):
    install(Procedure, Step)  # the seeded procedures (the wait's limit), emptied by an earlier transactional flush
    application = _application(county.village_a, 78)
    return services.application_start_verification(actor=personas.cadre_a, application=application)


def _status(application: Application) -> str:
    return Application.objects.get(pk=application.pk).status


def test_a_decline_is_asked_first_and_a_cancel_sends_nothing(live_server, phone: Page, personas, verifying, log_in):
    asked: list[str] = []
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/workflow/applications/{verifying.pk}/decline/")
    phone.locator("#id_visited_on").fill(timezone.localdate().isoformat())
    phone.get_by_label("入户核实情况").fill("入户核实：家中两人务工，收入稳定，无大额医疗支出。")
    phone.get_by_label("不予纳入的理由").fill("核实后家庭收入稳定，不符合监测条件。")
    phone.locator("#id_review_on").fill(timezone.localdate().isoformat())
    phone.get_by_label("村两委评议意见").fill("村两委评议：家庭收入稳定，暂不符合监测条件。")
    phone.get_by_label("申报人已核实为本人或本户成员").check()

    # cancelled: nothing is sent
    phone.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    phone.get_by_role("button", name="确认不予纳入").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("不予纳入")
    assert asked == ["确认不予纳入陈桂兰的申报？办结后不能撤销。"]
    assert _status(verifying) == ApplicationStatus.VERIFYING

    # confirmed: it is closed
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="确认不予纳入").click()
    expect(phone.get_by_text("已办结：不予纳入。")).to_be_visible()
    assert _status(verifying) == ApplicationStatus.DECLINED


def test_an_invalid_closure_is_asked_first_naming_the_reason(live_server, desktop: Page, personas, verifying, log_in):
    asked: list[str] = []
    log_in(desktop, personas.cadre_a.username)
    desktop.goto(f"{live_server.url}/workflow/applications/{verifying.pk}/invalid/")
    desktop.get_by_label("无法联系").check()
    desktop.get_by_label("说明").fill("3次拨打申报电话均为空号。")

    desktop.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    desktop.get_by_role("button", name="确认按无效申报办结").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("按无效申报办结")
    assert asked == ["确认按无效申报办结陈桂兰的申报（无法联系）？办结后不能撤销。"]
    assert _status(verifying) == ApplicationStatus.VERIFYING

    desktop.once("dialog", lambda dialog: dialog.accept())
    desktop.get_by_role("button", name="确认按无效申报办结").click()
    expect(desktop.get_by_text("已按无效申报办结")).to_be_visible()
    assert _status(verifying) == ApplicationStatus.INVALID


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_township_officer_files_for_a_farmer_and_comes_back(
    request, device, live_server, personas, county, log_in, screenshot
):
    page: Page = request.getfixturevalue(device)
    log_in(page, personas.township.username)
    page.goto(f"{live_server.url}/workflow/applications/")
    page.get_by_role("link", name="代为申报").click()

    # two villages: the officer chooses the farmer's
    expect(page.get_by_role("heading", level=1)).to_have_text("代为申报")
    page.get_by_label("村").select_option(label="城北村")
    screenshot(page, f"application_file_pick_{device}")
    page.get_by_role("button", name="打开申报表").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("城北村")
    expect(page.locator(".filed-by")).to_contain_text("代为申报")
    page.get_by_label("申报人姓名").fill("陈桂兰")
    page.get_by_label("申报人身份证号").fill(idnumber.make("360425", dt.date(1980, 6, 1), 77))
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("生大病、重病或残疾，看病花钱多").check()
    page.get_by_label("困难情况说明").fill("老伴今年查出尿毒症，每周透析三次，自付费用很高。")
    page.get_by_label("我已阅读并同意上面的《农户承诺和授权查询书》").check()
    screenshot(page, f"application_file_form_{device}")
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    screenshot(page, f"application_file_receipt_{device}")
    page.get_by_role("link", name="在自主申报中查看").click()
    card = page.locator(".row-card", has_text="陈桂兰")
    expect(card).to_contain_text("城北村")
    expect(card).to_contain_text("代为申报")
    assert Application.objects.get().filed_by == personas.township
