"""The public self-application pages: no login, validated like any form, throttled, and revealing nothing."""

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import AuditEvent
from households import idnumber
from tests.conftest import clear_test_cache
from tests.workflow.applications_helpers import HEAD_ID, STRANGER_ID, field_errors, form_data, receipt_of
from workflow import throttle
from workflow.choices_applications import CONSENT_VERSION, ApplicationStatus
from workflow.models.applications import Application, ApplicationSupplement
from workflow.services import application_public as public
from workflow.services.application_public import application_link_for
from workflow.throttle import HOUR, MSG_IN_PERSON_APPLY, MSG_IN_PERSON_LOOKUP, MSG_LOOKUP_THROTTLED, MSG_THROTTLED
from workflow.views_public import MSG_NOTHING_FOUND

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(personas, county):
    return application_link_for(actor=personas.cadre_a, village=county.village_a)


@pytest.fixture
def url(link):
    return f"/apply/{link.token}/"


@pytest.fixture
def five_an_hour(monkeypatch):
    """A small per-address limit, for the tests of whose address counts (not of how many it may send)."""
    monkeypatch.setattr(throttle, "SUBMIT_PER_ADDRESS", (5, HOUR))


def submit(url: str, address: str = "10.0.0.1", client: Client | None = None, **overrides):
    return (client or Client()).post(url, form_data(**overrides), REMOTE_ADDR=address, follow=True)


def test_the_form_opens_without_login_and_shows_only_the_village_name(url, household_a):
    page = Client().get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "涂埠镇城南村" in html and "防止返贫帮扶申请" in html
    assert "本人知晓申报监测对象有关政策和程序" in html  # the consent text of seed 003
    assert "csrfmiddlewaretoken" in html
    assert "张大山" not in html and "主菜单" not in html


def test_a_village_is_reached_by_its_token_only(url, county):
    assert Client().get(f"/apply/{county.village_a.code}/").status_code == 404
    assert Client().get("/apply/not-a-token/").status_code == 404


def test_a_valid_submission_shows_a_receipt_and_stores_the_application(url, county):
    response = submit(url, address="10.0.0.9", id_number=STRANGER_ID, name="陈桂兰")
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/apply/receipt/")
    receipt = receipt_of(html)
    assert "身份证号" in html and "查询办理进度" in html
    application = Application.objects.get()
    assert (application.receipt_no, application.name, application.village) == (receipt, "陈桂兰", county.village_a)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.consent_given and application.consent_at and application.consent_version == CONSENT_VERSION
    assert application.client_ip == "10.0.0.9"
    event = AuditEvent.objects.get(action="workflow.application_submit")
    assert event.actor is None and event.actor_username == public.PUBLIC_ACTOR and receipt in event.summary


def test_receipt_numbers_are_random_not_sequential(url):
    receipts = {
        receipt_of(submit(url, address=f"10.0.1.{i}", phone=f"1381234567{i}").content.decode()) for i in range(3)
    }
    assert len(receipts) == 3
    assert all(len(r) == 11 and r[5] == "-" for r in receipts)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": HEAD_ID[:17] + ("1" if HEAD_ID[17] != "1" else "2")}, "id_number", idnumber.MSG_ID_CHECK),
        ({"id_number": "3604251968"}, "id_number", idnumber.MSG_ID_LENGTH),
        ({"phone": "2381234567"}, "phone", public.MSG_PHONE),
        ({"phone": "1381234567x"}, "phone", public.MSG_PHONE),
        ({"name": ""}, "name", public.MSG_NAME_REQUIRED),
        ({"situation": "生病了"}, "situation", public.MSG_SITUATION_SHORT.format(n=public.SITUATION_MIN)),
        ({"situation": "困" * 501}, "situation", public.MSG_SITUATION_LONG.format(n=public.SITUATION_MAX)),
    ],
)
def test_bad_input_is_shown_in_chinese_at_the_field_and_nothing_is_stored(url, overrides, field, message):
    response = submit(url, **overrides)
    assert response.status_code == 200
    assert message in field_errors(response.content.decode(), field)
    assert not Application.objects.exists()


def test_consent_and_a_kind_of_difficulty_are_required(url):
    data = form_data()
    del data["consent"]
    data["risk_types"] = []
    html = Client().post(url, data).content.decode()
    assert public.MSG_CONSENT_REQUIRED in html[html.index('id="id_consent"') - 600 :]
    assert public.MSG_DIFFICULTY_REQUIRED in html
    assert not Application.objects.exists()


def test_the_service_holds_every_rule_too(county):
    with pytest.raises(Exception) as error:
        public.application_submit(
            village=county.village_a, name="", id_number="1", phone="1", risk_types=["x"], situation="", consent=False
        )
    assert set(error.value.message_dict) == {"name", "id_number", "phone", "risk_types", "situation", "consent"}


def test_the_form_is_csrf_protected(url):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, form_data()).status_code == 403
    assert not Application.objects.exists()


def test_the_honeypot_gets_a_receipt_but_nothing_is_stored(url):
    response = submit(url, website="http://spam.example")
    assert receipt_of(response.content.decode())
    assert not Application.objects.exists()


def _without_receipt(html: str) -> str:
    return html.replace(receipt_of(html), "RECEIPT")


def test_registered_and_unknown_id_numbers_get_the_same_answer(url, household_a):
    registered = submit(url, address="10.0.2.1", id_number=HEAD_ID)
    unknown = submit(url, address="10.0.2.2", id_number=STRANGER_ID)
    assert registered.status_code == unknown.status_code == 200
    assert _without_receipt(registered.content.decode()) == _without_receipt(unknown.content.decode())


def test_a_repeat_by_the_same_person_gets_a_new_receipt_and_joins_the_pending_application(url):
    first = receipt_of(submit(url, address="10.0.3.1").content.decode())
    again = submit(url, address="10.0.3.2", risk_types=["unsafe_housing"], situation="房子漏雨，墙体开裂，住着不安全。")
    second = receipt_of(again.content.decode())
    assert first != second
    assert _without_receipt(again.content.decode()) == _without_receipt(
        submit(url, address="10.0.3.3", id_number=STRANGER_ID).content.decode()
    )
    application = Application.objects.get(receipt_no=first)
    assert application.supplements.get().receipt_no == second
    assert application.risk_types == ["medical_cost", "unsafe_housing"]
    assert application.situation.startswith("老伴")  # the first words are not overwritten


def test_the_same_id_number_with_another_phone_is_a_separate_application(url):
    submit(url, address="10.0.4.1")
    submit(url, address="10.0.4.2", phone="13900001111")
    assert Application.objects.filter(id_number=HEAD_ID).count() == 2
    assert not ApplicationSupplement.objects.exists()


def test_submissions_are_throttled_per_address_above_what_a_village_meeting_sends(url):
    """After a village meeting on self-application (seed 003 §二(3)) the farmers send theirs on the office's Wi-Fi
    or behind a carrier's shared address: sixty in the hour get through, then a flood is held."""
    limit = throttle.SUBMIT_PER_ADDRESS[0]
    assert limit >= 60
    for i in range(limit):
        response = submit(url, address="10.9.9.9", id_number=idnumber.make("360425", dt.date(1970, 1, 1), 100 + i))
        assert response.status_code == 200, i
    blocked = submit(url, address="10.9.9.9", id_number=STRANGER_ID)
    assert blocked.status_code == 429
    # When to try again, and the way that needs no waiting (a cadre fills it in at the village office).
    assert MSG_THROTTLED.format(minutes=60) + MSG_IN_PERSON_APPLY in blocked.content.decode()
    assert Application.objects.count() == limit
    assert submit(url, address="10.9.9.10", id_number=STRANGER_ID).status_code == 200  # another address is not held


def test_submissions_are_throttled_per_id_number_and_phone(url):
    for i in range(3):
        assert submit(url, address=f"10.8.0.{i}").status_code == 200
    blocked = submit(url, address="10.8.0.9")
    assert blocked.status_code == 429 and MSG_THROTTLED.format(minutes=24 * 60) in blocked.content.decode()
    assert Application.objects.count() == 1  # the repeats were kept as supplements of the first


def test_junk_under_a_farmers_id_number_does_not_lock_the_farmer_out(url):
    for i in range(4):
        submit(url, address=f"10.8.1.{i}", phone=f"1390000000{i}")  # someone else, other phones
    assert submit(url, address="10.8.1.9", phone="13812345678").status_code == 200  # the farmer's own phone


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted(url, settings, five_an_hour):
    def burst(prefix: str) -> int:
        codes = []
        for i in range(6):
            codes.append(
                Client()
                .post(
                    url,
                    form_data(
                        phone=f"1370000000{i}",
                        id_number=idnumber.make("360425", dt.date(1971, 2, 2), 10 * i + 1),
                    ),
                    REMOTE_ADDR="172.16.0.1",
                    HTTP_X_FORWARDED_FOR=f"{prefix}.{i}",
                )
                .status_code
            )
        return codes[-1]

    # Without a trusted proxy every request counts against REMOTE_ADDR, whatever the header says.
    assert burst("203.0.113") == 429
    settings.TRUSTED_PROXY_COUNT = 1
    clear_test_cache()
    assert burst("198.51.100") == 302  # each client's own address, as our proxy saw it


def test_a_forged_left_hop_does_not_escape_the_throttle_behind_a_trusted_proxy(url, settings, five_an_hour):
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [
        Client()
        .post(
            url,
            form_data(
                phone=f"1360000000{i}",
                id_number=idnumber.make("360425", dt.date(1972, 3, 3), 10 * i + 3),
            ),
            REMOTE_ADDR="172.16.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 198.51.100.7",
        )
        .status_code
        for i in range(6)
    ]
    assert codes[:5] == [302] * 5 and codes[5] == 429
    assert Application.objects.get(phone="13600000000").client_ip == "198.51.100.7"


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)


def lookup(id_number: str, phone: str, address: str = "10.5.0.1", receipt_no: str = ""):
    values = {"id_number": id_number, "phone": phone, "receipt_no": receipt_no}
    return Client().post("/apply/status/", values, REMOTE_ADDR=address)


def test_the_status_lookup_shows_the_applicants_own_applications(url):
    receipt = receipt_of(submit(url).content.decode())
    html = lookup(HEAD_ID, "13812345678").content.decode()
    assert "已受理" in html and receipt in html and "涂埠镇城南村" in html
    assert HEAD_ID not in html and "13812345678" not in html  # not echoed back


def test_a_wrong_phone_answers_exactly_like_no_application(url):
    submit(url)
    wrong_phone = lookup(HEAD_ID, "13800000000")
    never_applied = lookup(STRANGER_ID, "13800000000")
    assert wrong_phone.status_code == never_applied.status_code == 200
    assert MSG_NOTHING_FOUND in wrong_phone.content.decode()
    assert without_csrf(wrong_phone.content.decode()) == without_csrf(never_applied.content.decode())


def test_a_receipt_number_finds_the_application_in_place_of_the_phone(url):
    receipt = receipt_of(submit(url).content.decode())
    html = lookup(HEAD_ID, "", receipt_no=receipt).content.decode()
    assert "已受理" in html and receipt in html and "涂埠镇城南村" in html
    assert HEAD_ID not in html and "13812345678" not in html


def test_a_wrong_receipt_number_or_someone_else_s_answers_exactly_like_no_application(url):
    receipt = receipt_of(submit(url).content.decode())
    other = receipt_of(submit(url, address="10.5.9.9", id_number=STRANGER_ID, name="陈桂兰").content.decode())
    never_applied = lookup(idnumber.make("360425", dt.date(1975, 5, 5), 31), "", receipt_no="ABCDE-23456")
    assert MSG_NOTHING_FOUND in never_applied.content.decode()
    for wrong in ("ABCDE-23456", other):  # made up, and the receipt of another person's application
        answer = lookup(HEAD_ID, "", receipt_no=wrong)
        assert answer.status_code == 200 and receipt not in answer.content.decode()
        assert without_csrf(answer.content.decode()) == without_csrf(never_applied.content.decode())


def test_a_malformed_receipt_number_is_said_at_its_field(url):
    html = lookup(HEAD_ID, "", receipt_no="ABC").content.decode()
    assert public.MSG_LOOKUP_RECEIPT in field_errors(html, "receipt_no")


def test_wrong_receipt_numbers_are_throttled_like_wrong_phones(url):
    receipt = receipt_of(submit(url).content.decode())
    for i in range(throttle.LOOKUP_PER_ID_NUMBER[0]):
        assert lookup(HEAD_ID, "", address=f"10.6.5.{i}", receipt_no=f"ABCDE-2345{i + 2}").status_code == 200
    assert lookup(HEAD_ID, "", address="10.6.5.9", receipt_no="ABCDE-23459").status_code == 429
    mine = lookup(HEAD_ID, "", address="10.6.5.10", receipt_no=receipt)
    assert mine.status_code == 200 and receipt in mine.content.decode()


def test_the_lookup_is_throttled(url):
    for i in range(5):
        assert lookup(STRANGER_ID, f"1350000000{i}", address=f"10.6.0.{i}").status_code == 200
    blocked = lookup(STRANGER_ID, "13500000009", address="10.6.0.9")
    assert blocked.status_code == 429
    # The lookup's own words, not the submission's 提交过于频繁.
    assert MSG_LOOKUP_THROTTLED.format(minutes=24 * 60) + MSG_IN_PERSON_LOOKUP in blocked.content.decode()
    assert "提交过于频繁" not in blocked.content.decode()
    # Wrong guesses at a farmer's phone never lock the farmer's own lookup out.
    receipt = receipt_of(submit(url, address="10.6.1.1").content.decode())
    for i in range(6):
        lookup(HEAD_ID, f"1350000001{i}", address=f"10.6.2.{i}")
    assert lookup(HEAD_ID, "13500000019", address="10.6.2.9").status_code == 429
    mine = lookup(HEAD_ID, "13812345678", address="10.6.3.1")
    assert mine.status_code == 200 and receipt in mine.content.decode()
    for i in range(throttle.LOOKUP_MISSES_PER_ADDRESS[0]):
        lookup(
            idnumber.make("360425", dt.date(1973, 4, 4), 10 * i + 5),
            "13500000001",
            address="10.7.0.1",
        )
    held = lookup(HEAD_ID, "13812345678", address="10.7.0.1")  # past its misses, the address gets no answer at all
    assert held.status_code == 429 and receipt not in held.content.decode()
    assert MSG_LOOKUP_THROTTLED.format(minutes=60) in held.content.decode()


def test_right_lookups_from_one_address_are_never_held(url):
    """After a village meeting the farmers look theirs up on the office's Wi-Fi: only misses count."""
    receipt = receipt_of(submit(url, address="10.6.4.1").content.decode())
    for _ in range(throttle.LOOKUP_MISSES_PER_ADDRESS[0] + 5):
        mine = lookup(HEAD_ID, "13812345678", address="10.6.4.2")
        assert mine.status_code == 200 and receipt in mine.content.decode()


def test_the_lookup_validates_like_any_form(url):
    html = lookup("123", "abc").content.decode()
    assert idnumber.MSG_ID_LENGTH in field_errors(html, "id_number")
    assert public.MSG_LOOKUP_PHONE in field_errors(html, "phone")
    blank = lookup(HEAD_ID, "").content.decode()
    assert public.MSG_LOOKUP_KEY in field_errors(blank, "phone")


def test_a_village_cadre_logged_in_files_for_a_farmer_without_the_address_limit(url, personas, login, five_an_hour):
    for i in range(5):
        submit(url, address="10.9.8.8", id_number=idnumber.make("360425", dt.date(1971, 1, 1), 100 + i))
    assert submit(url, address="10.9.8.8", id_number=STRANGER_ID).status_code == 429  # anonymous: still held
    cadre = login(personas.cadre_a)
    assert "本次提交记为" in cadre.get(url).content.decode()
    response = submit(url, address="10.9.8.8", client=cadre, id_number=STRANGER_ID, name="陈桂兰")
    assert response.status_code == 200 and receipt_of(response.content.decode())
    application = Application.objects.get(id_number=STRANGER_ID)
    assert application.filed_by == personas.cadre_a
    event = AuditEvent.objects.get(action="workflow.application_submit", object_id=str(application.pk))
    assert event.actor == personas.cadre_a and event.summary.endswith("，村干部/网格员代为申报")
    detail = cadre.get(f"/workflow/applications/{application.pk}/").content.decode()
    assert "代为申报" in detail
    # A cadre of another village is anonymous here.
    assert "本次提交记为" not in login(personas.cadre_b).get(url).content.decode()


def test_pasted_id_numbers_with_spaces_are_read_and_stock_messages_are_ours(url):
    page = Client().get(url).content.decode()
    assert 'maxlength="24"' in page and 'maxlength="18"' not in page
    spaced = f"{HEAD_ID[:6]} {HEAD_ID[6:14]} {HEAD_ID[14:]}"  # 20 characters, as copied from a document
    assert receipt_of(submit(url, id_number=spaced).content.decode())
    assert Application.objects.get().id_number == HEAD_ID
    html = submit(url, address="10.0.7.1", id_number="3" * 40, phone="1" * 40, name="张\x00三").content.decode()
    assert idnumber.MSG_ID_LENGTH in field_errors(html, "id_number")
    assert public.MSG_PHONE in field_errors(html, "phone")
    assert public.MSG_BAD_CHARACTER.format(label="姓名") in field_errors(html, "name")
    assert "确保该变量" not in html and "不允许是用空字符串" not in html


@pytest.mark.parametrize("name", ["12345", "张三3", "=1+2"])
def test_a_name_follows_the_registry_rule(url, name):
    html = submit(url, name=name).content.decode()
    assert "姓名" in field_errors(html, "name") and "只能由汉字组成" in field_errors(html, "name")
    assert not Application.objects.exists()


def test_the_situation_needs_some_words(url):
    html = submit(url, situation="。" * 11).content.decode()
    assert public.MSG_SITUATION_NO_TEXT.format(n=public.SITUATION_MIN_WORDS) in field_errors(html, "situation")
    assert not Application.objects.exists()
    assert receipt_of(submit(url, situation="生病住院，花了很多钱。").content.decode())


def test_a_failed_submit_says_at_the_top_what_to_change_and_focuses_the_first_field(url):
    html = submit(url, name="", phone="123", situation="生病了").content.decode()
    summary = html[html.index("error-summary") : html.index('id="id_name"')]
    assert "有3项需要修改：" in summary
    assert 'href="#id_name"' in summary and 'href="#id_phone"' in summary and 'href="#id_situation"' in summary
    assert f"申报人姓名：{public.MSG_NAME_REQUIRED}" in summary
    assert re.search(r'<input[^>]*name="name"[^>]*autofocus', html)
    assert len(re.findall(r"autofocus", html)) == 1
    html = submit(url, risk_types=[]).content.decode()
    assert 'href="#id_risk_types_0"' in html and re.search(r'<input[^>]*name="risk_types"[^>]*autofocus', html)
