"""An application from a household monitored already is not refused: it is closed as 已是监测对象，已办结, with what
the village does instead; the cadre's page and the list count it apart from the declined ones. The status lookup
says only 已办结: whoever typed the phone may not be of the household, and must not learn that it is monitored."""

import re

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from tests.workflow.applications_helpers import HEAD_ID
from tests.workflow.test_applications_village import apply, decline
from workflow.choices_applications import ApplicationStatus
from workflow.selectors_application_public import application_status_lookup
from workflow.selectors_applications import application_counts
from workflow.services import applications as services

pytestmark = pytest.mark.django_db

DONE = "已按监测户每月走访，已为其联系医保二次报销。"


def lookup_card(html: str) -> str:
    return html.split('class="lookup-result"')[1].split("再次查询")[0]


@pytest.fixture
def verifying(personas, county, monitored_a):
    application = apply(county.village_a)
    return services.application_start_verification(actor=personas.cadre_a, application=application)


def test_the_close_page_is_titled_for_a_monitored_household(personas, login, verifying):
    page = login(personas.cadre_a).get(f"/workflow/applications/{verifying.pk}/decline/").content.decode()

    assert "<h1>办结申报（已是监测对象）</h1>" in page and "<h1>不予纳入</h1>" not in page
    assert "确认办结" in page and "确认不予纳入" not in page
    assert ">处理情况" in page and services.REASON_MONITORED in page


def test_closed_as_monitored_the_farmer_reads_a_neutral_outcome(personas, login, client, verifying):
    response = login(personas.cadre_a).post(
        f"/workflow/applications/{verifying.pk}/decline/",
        {
            "visited_on": timezone.localdate().isoformat(),
            "visit_notes": "入户核实：住院属实。",
            "reason": DONE,
            "identity_confirmed": "on",
        },
    )
    assert response.status_code == 302
    verifying.refresh_from_db()
    assert (verifying.status, verifying.decline_reason) == (ApplicationStatus.MONITORED, DONE)
    assert AuditEvent.objects.filter(action="workflow.application_close_monitored").exists()

    html = client.post("/apply/status/", {"id_number": HEAD_ID, "phone": "13812345678"}).content.decode()
    card = lookup_card(html)
    assert '<span class="badge">已办结</span>' in card and "办理结果请向村委会了解" in card
    assert "badge-err" not in card and "未予纳入" not in card and "暂不纳入" not in card
    assert "监测对象" not in card and "处理情况" not in card and DONE not in card
    [row] = application_status_lookup(id_number=HEAD_ID, phone="13812345678")
    assert row.status == "done"


def test_the_cadre_sees_it_apart_from_the_declined_ones(personas, login, county, verifying):
    decline(personas.cadre_a, verifying, DONE)
    client = login(personas.cadre_a)

    detail = client.get(f"/workflow/applications/{verifying.pk}/").content.decode()
    assert re.search(r'<span class="badge ">已是监测对象，已办结</span>', detail)
    assert "办结申报（该户已是监测对象，不需要重复识别纳入）" in detail and "不予纳入：" not in detail
    counts = application_counts(actor=personas.cadre_a)
    assert counts.get(ApplicationStatus.DECLINED, 0) == 0 and counts[ApplicationStatus.MONITORED] == 1
    declined = client.get("/workflow/applications/?status=declined").content.decode()
    assert verifying.receipt_no not in declined and '未予纳入 <span class="badge">0</span>' in declined


def test_an_ordinary_decline_is_still_one(personas, county, household_a):
    application = decline(personas.cadre_a, apply(county.village_a), "家庭年人均纯收入高于监测范围。")
    assert application.status == ApplicationStatus.DECLINED
    [row] = application_status_lookup(id_number=HEAD_ID, phone="13812345678")
    assert row.status_label == "已办结"  # the same words as for a monitored household's
