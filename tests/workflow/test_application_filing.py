"""代为申报 from the worklist (a cadre filing for a farmer, seed 003 §二(4)): the button, the village chooser, the
way back from the public form and its receipt, the API; the poster's chooser; the same-ID-number note's words; the
confirmation asked before a decline or an invalid closure."""

import pytest
from django.test import Client

from accounts.models import AuditEvent
from tests.workflow.applications_helpers import STRANGER_ID, form_data, receipt_of
from tests.workflow.test_applications_village import apply, decline
from workflow.choices_applications import ApplicationStatus
from workflow.models.applications import Application, ApplicationLink
from workflow.services import application_invalid as invalid
from workflow.services import applications as services
from workflow.views_poster import MSG_NO_VILLAGE

pytestmark = pytest.mark.django_db

LIST, FILE, POSTER = "/workflow/applications/", "/workflow/applications/file/", "/workflow/applications/poster/"


def test_the_worklist_offers_filing_for_a_farmer_to_those_who_take_applications(personas, login, county):
    cadre = login(personas.cadre_a).get(LIST).content.decode()
    assert f'href="{FILE}?village={county.village_a.code}" data-file-for>代为申报</a>' in cadre
    township = login(personas.township).get(LIST).content.decode()
    assert f'href="{FILE}" data-file-for>代为申报</a>' in township  # two villages: chosen on the next page
    for reader in (personas.approver, personas.official):
        assert "data-file-for" not in login(reader).get(LIST).content.decode()


def test_filing_opens_the_village_s_form_as_the_cadre_and_back(personas, login, county):
    client = login(personas.cadre_a)
    opened = client.get(FILE, {"village": county.village_a.code})
    link = ApplicationLink.objects.get(village=county.village_a)
    assert opened.status_code == 302 and opened["Location"] == f"/apply/{link.token}/"
    form = client.get(opened["Location"]).content.decode()
    assert "本次提交记为" in form and f'href="{LIST}">← 返回自主申报列表</a>' in form
    assert client.get(FILE).status_code == 302  # their one village, with nothing to choose
    assert client.get(FILE, {"village": county.village_b.code}).status_code == 404
    assert login(personas.approver).get(FILE, {"village": county.village_a.code}).status_code == 403


def test_a_township_chooses_among_its_own_villages(personas, login, county):
    page = login(personas.township).get(FILE)
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>代为申报</h1>" in html
    assert f'<option value="{county.village_a.code}">城南村</option>' in html
    assert f'<option value="{county.village_b.code}">城北村</option>' in html
    assert county.village_c.code not in html and 'action="/workflow/applications/file/"' in html


def test_a_filed_application_is_the_cadre_s_and_its_receipt_leads_back(personas, login, county):
    client = login(personas.cadre_a)
    form_url = client.get(FILE)["Location"]
    receipt = client.post(form_url, form_data(id_number=STRANGER_ID, name="陈桂兰"), follow=True).content.decode()
    receipt_no = receipt_of(receipt)

    application = Application.objects.get(receipt_no=receipt_no)
    assert application.filed_by == personas.cadre_a
    event = AuditEvent.objects.get(action="workflow.application_submit", object_id=str(application.pk))
    assert event.actor == personas.cadre_a and "代为申报" in event.summary
    assert f'href="{LIST}?q={receipt_no}">在自主申报中查看</a>' in receipt
    assert f'href="{LIST}">返回自主申报列表</a>' in receipt
    assert f'href="{form_url}">为其他农户代为申报</a>' in receipt
    assert receipt_no in client.get(LIST, {"q": receipt_no}).content.decode()


def test_the_farmer_s_own_form_and_receipt_have_no_way_inward(county, personas, login):
    login(personas.cadre_a).get(FILE)
    url = f"/apply/{ApplicationLink.objects.get().token}/"
    farmer = Client()
    assert "返回自主申报列表" not in farmer.get(url).content.decode()
    receipt = farmer.post(url, form_data(), REMOTE_ADDR="10.0.0.5", follow=True).content.decode()
    assert receipt_of(receipt) and "data-staff-next" not in receipt and "/workflow/" not in receipt


def test_api_files_for_a_farmer_in_scope_only(personas, login, county):
    values = {
        "village": county.village_a.code,
        "name": "陈桂兰",
        "id_number": STRANGER_ID,
        "phone": "13812345678",
        "risk_types": ["medical_cost"],
        "situation": "老伴今年查出尿毒症，每周透析三次，自付费用很高。",
        "consent": True,
    }
    client = login(personas.cadre_a)
    answer = client.post("/api/v1/applications/file/", values, content_type="application/json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["village"] == county.village_a.code and body["filed_by_name"] == "cadre_a"
    assert Application.objects.get(pk=body["id"]).filed_by == personas.cadre_a
    assert AuditEvent.objects.filter(action="workflow.application_submit", actor=personas.cadre_a).exists()

    unconsented = client.post(
        "/api/v1/applications/file/", {**values, "consent": False}, content_type="application/json"
    )
    assert unconsented.status_code == 400
    elsewhere = {**values, "village": county.village_b.code}
    assert client.post("/api/v1/applications/file/", elsewhere, content_type="application/json").status_code == 403
    approver = login(personas.approver)
    assert approver.post("/api/v1/applications/file/", values, content_type="application/json").status_code == 403
    assert Application.objects.count() == 1


def test_the_poster_without_a_village_offers_a_choice(personas, login, county):
    cadre = login(personas.cadre_a).get(POSTER)
    assert cadre["Location"] == f"{POSTER}{county.village_a.code}/"
    page = login(personas.township).get(POSTER)
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>打印申报二维码海报</h1>" in html
    assert f'<option value="{county.village_b.code}">城北村</option>' in html and 'name="village"' in html
    assert "页面不存在" not in html


def test_the_chooser_says_so_when_there_is_no_village(personas, login, county):
    personas.township.region_path = county.village_c.path + "999"  # a scope with no village under it
    personas.township.save(update_fields=["region_path"])
    html = login(personas.township).get(POSTER).content.decode()
    assert MSG_NO_VILLAGE in html and "<select" not in html


def test_the_same_id_number_note_says_which_phone_each_used(personas, login, county, household_a):
    first = apply(county.village_a)
    decline(personas.cadre_a, first, "核实后家庭收入稳定，不符合监测条件。")
    again = apply(county.village_a)  # the same phone, after the first was decided: an application of its own
    other = apply(county.village_a, phone="13900001111")
    page = login(personas.cadre_a).get(f"/workflow/applications/{again.pk}/").content.decode()
    assert "用其他手机号提交的申报单独办理" not in page
    assert "身份证号相同的申报各自单独办理" in page
    rows = page.split("data-same-person>")[1:]
    same = next(row for row in rows if first.receipt_no in row)
    assert "同一手机号" in same and "其他手机号" not in same
    assert "其他手机号" in next(row for row in rows if other.receipt_no in row)


def test_declining_and_closing_as_invalid_are_asked_before_they_are_sent(personas, login, county, household_a):
    application = apply(county.village_a)
    services.application_start_verification(actor=personas.cadre_a, application=application)
    client = login(personas.cadre_a)
    declined = client.get(f"/workflow/applications/{application.pk}/decline/").content.decode()
    assert "data-confirm-rules=" in declined and "确认不予纳入张大山的申报？办结后不能撤销。" in declined
    invalid_page = client.get(f"/workflow/applications/{application.pk}/invalid/").content.decode()
    assert "确认按无效申报办结张大山的申报（{reason}）？办结后不能撤销。" in invalid_page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFYING  # a page opened is nothing decided
    assert invalid.MSG_INVALID_REASON_REQUIRED  # the server's own refusal stays for a post without a reason


@pytest.mark.parametrize(
    ("persona", "said"),
    [
        ("township", "，乡镇工作人员代为申报"),
        ("county_officer", "，县乡村振兴局代为申报"),
        ("cadre_a", "，村干部/网格员代为申报"),
    ],
)
def test_the_audit_names_the_filer_s_role_not_always_the_cadre(personas, login, county, persona, said):
    filer = getattr(personas, persona)
    values = {
        "village": county.village_a.code,
        "name": "陈桂兰",
        "id_number": STRANGER_ID,
        "phone": "13812345678",
        "risk_types": ["medical_cost"],
        "situation": "老伴今年查出尿毒症，每周透析三次，自付费用很高。",
        "consent": True,
    }
    answer = login(filer).post("/api/v1/applications/file/", values, content_type="application/json")
    assert answer.status_code == 201, answer.content
    event = AuditEvent.objects.get(action="workflow.application_submit", object_id=str(answer.json()["id"]))
    assert event.actor == filer and event.summary.endswith(said)
    assert "村干部代为申报" not in event.summary
