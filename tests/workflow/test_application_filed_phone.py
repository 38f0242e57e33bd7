"""代为申报 for a farmer without a mobile (seed 003 §二(4) allows filing for one who cannot use a phone): the cadre
may give a landline or no phone; the receipt and the status lookup say how such a farmer follows it up. The
farmer's own form keeps asking for a mobile."""

import pytest
from django.test import Client

from tests.workflow.applications_helpers import STRANGER_ID, field_errors, form_data, receipt_of
from workflow.models.applications import Application, ApplicationLink
from workflow.services import application_public as public

pytestmark = pytest.mark.django_db

FILE = "/workflow/applications/file/"


@pytest.fixture
def filing(personas, login):
    client = login(personas.cadre_a)
    return client, client.get(FILE)["Location"]


def test_a_cadre_files_for_a_farmer_with_no_phone_and_the_receipt_says_to_keep_it_for_the_lookup(filing):
    client, form_url = filing
    page = client.post(form_url, form_data(id_number=STRANGER_ID, name="陈桂兰", phone=""), follow=True)
    html = page.content.decode()
    receipt_no = receipt_of(html)
    assert Application.objects.get(receipt_no=receipt_no).phone == ""
    assert "data-no-phone" in html and "输入申报时填写的<strong>身份证号</strong>和<strong>回执号</strong>" in html
    assert "请务必把回执号交给农户并嘱其保存" in html and "data-status-labels" in html


def test_a_cadre_files_with_a_landline_which_the_status_lookup_then_finds(filing):
    client, form_url = filing
    html = client.post(form_url, form_data(id_number=STRANGER_ID, phone="0792 1234567"), follow=True).content.decode()
    receipt_no = receipt_of(html)
    assert Application.objects.get(receipt_no=receipt_no).phone == "0792-1234567"  # as the registry stores it
    assert "data-landline" in html and "固定电话" in html
    found = Client().post("/apply/status/", {"id_number": STRANGER_ID, "phone": "07921234567"}, REMOTE_ADDR="10.3.3.3")
    assert receipt_no in found.content.decode()


def test_a_filer_s_phone_is_still_checked_as_the_registry_checks_a_household_s(filing):
    client, form_url = filing
    html = client.post(form_url, form_data(id_number=STRANGER_ID, phone="12345"), follow=True).content.decode()
    assert "固定电话" in field_errors(html, "phone") and not Application.objects.exists()


def test_only_the_filer_may_leave_the_phone_out_the_farmer_s_own_form_still_needs_a_mobile(filing):
    client, form_url = filing
    assert receipt_of(client.post(form_url, form_data(phone=""), follow=True).content.decode())
    for phone in ("", "0792-1234567"):
        html = Client().post(form_url, form_data(phone=phone), REMOTE_ADDR="10.3.3.4").content.decode()
        assert public.MSG_PHONE in field_errors(html, "phone")
    assert Application.objects.count() == 1


def test_the_lookup_needs_a_phone_or_receipt_so_an_application_is_not_found_by_id_number_alone(filing):
    client, form_url = filing
    client.post(form_url, form_data(id_number=STRANGER_ID, phone=""), follow=True)
    html = Client().post("/apply/status/", {"id_number": STRANGER_ID, "phone": ""}, REMOTE_ADDR="10.3.3.5")
    assert public.MSG_LOOKUP_KEY in field_errors(html.content.decode(), "phone")
    assert "data-no-phone-note" in Client().get("/apply/status/").content.decode()


def test_a_farmer_filed_for_without_a_phone_looks_it_up_with_the_receipt_number(filing):
    client, form_url = filing
    receipt_no = receipt_of(
        client.post(form_url, form_data(id_number=STRANGER_ID, phone=""), follow=True).content.decode()
    )
    typed = receipt_no.replace("-", " ").lower()  # as read off the paper, in any case, with a space
    found = Client().post("/apply/status/", {"id_number": STRANGER_ID, "receipt_no": typed}, REMOTE_ADDR="10.3.3.6")
    html = found.content.decode()
    assert found.status_code == 200 and receipt_no in html and "已受理" in html
    assert "填身份证号和回执号即可查询" in Client().get("/apply/status/").content.decode()


def test_the_api_files_without_a_phone(personas, login, county):
    values = {
        "village": county.village_a.code,
        "name": "陈桂兰",
        "id_number": STRANGER_ID,
        "risk_types": ["medical_cost"],
        "situation": "父亲住院花费很大",
        "consent": True,
    }
    answer = login(personas.cadre_a).post("/api/v1/applications/file/", values, content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert Application.objects.get().phone == ""


def test_a_short_real_situation_is_taken_and_the_form_shows_a_live_counter(personas, login, county):
    login(personas.cadre_a).get(FILE)
    url = f"/apply/{ApplicationLink.objects.get().token}/"
    assert receipt_of(Client().post(url, form_data(situation="父亲住院花费很大"), follow=True).content.decode())
    html = Client().get(url).content.decode()
    assert 'data-char-count="已写 {n} 字（至少 5 字，至多 500 字）"' in html and "js/char_count.js" in html
