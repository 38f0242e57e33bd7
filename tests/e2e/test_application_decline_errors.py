"""The decline form sent back in the browser: one error summary with the right count (the page's own, which
static/js/errors.js leaves alone: it showed a second box, 有 4 处需要更正 above 有3项需要修改, counting the
summary's own words as an error), and the future verification date among the errors of the first round."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from households import idnumber
from workflow.models import Procedure, Step
from workflow.models.applications import Application
from workflow.presets import install
from workflow.services import application_public as public
from workflow.services import applications as services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def verifying(personas, county):
    install(Procedure, Step)  # the seeded procedures (the wait's limit), emptied by an earlier transactional flush
    receipt = public.application_submit(
        village=county.village_a,
        name="陈桂兰",
        id_number=idnumber.make("360425", dt.date(1980, 6, 1), 78),
        phone="13812345678",
        risk_types=["medical_cost"],
        situation="老伴今年查出尿毒症，每周透析三次，自付费用很高。",
        consent=True,
        client_ip="10.0.0.1",
    )
    application = Application.objects.get(receipt_no=receipt)
    return services.application_start_verification(actor=personas.cadre_a, application=application)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_one_summary_with_every_error_of_the_form(
    request, device, live_server, log_in, personas, verifying, screenshot
):
    page: Page = request.getfixturevalue(device)
    log_in(page, personas.cadre_a.username)
    page.goto(f"{live_server.url}/workflow/applications/{verifying.pk}/decline/")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.locator("#id_visited_on").fill(tomorrow.isoformat())
    page.get_by_role("button", name="确认不予纳入").click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # errors.js runs on load

    form = page.locator("main form")
    expect(form.locator(".form-errors")).to_have_count(1)
    expect(form.locator(".form-errors")).to_contain_text("有6项需要修改")
    expect(form.locator(".field-error")).to_have_count(6)
    expect(form.locator(".field-error").first).to_have_text(services.MSG_VISIT_FUTURE)
    screenshot(page, f"application_decline_errors_{device}")
