"""The year's income and the signed consent as a cadre enters them (review rev-cadre findings 9, 10 and 13): an
amount or a per-capita income beyond plausibility is asked about, every error of the income form is said in one
round and in Chinese, and a consent is on file only with a scan that is really a JPG, PNG or PDF."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from households.models import Consent, HouseholdEvent, HouseholdIncome
from households.services import income, visits
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, MSG_CONFIRM_API
from households.services.income import MSG_NEGATIVE
from households.services.visits import MSG_FILE_TYPE, MSG_SCAN_REQUIRED, consent_on_file
from screening.models import MonitoringLine
from tests.clock import this_year, today
from tests.households.conftest import consent_scan, make_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def line(db):
    return MonitoringLine.objects.create(
        year=this_year(), region_prefix="360425", region_label="永修县", amount=Decimal("7300")
    )


def save(personas, household, confirm=False, **amounts):
    return income.income_save(
        actor=personas.cadre_a,
        household=household,
        year=this_year(),
        amounts={name: Decimal(value) for name, value in amounts.items()},
        confirm_unusual=confirm,
    )


# Finding 10: plausibility


def test_an_amount_over_a_million_is_asked_about_and_saved_once_confirmed(household_a, personas):
    with pytest.raises(ValidationError) as raised:
        save(personas, household_a, wage_income="9999999999.99")
    row = save(personas, household_a, confirm=True, wage_income="1200000")

    errors = raised.value.message_dict
    assert "9,999,999,999.99 元超过 1,000,000 元，请检查是否多输了数字" in errors["wage_income"][0]
    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM]
    assert row.wage_income == Decimal("1200000")
    event = HouseholdEvent.objects.get(household=household_a, summary__startswith=f"录入{this_year()}年度收支")
    assert "已核实确认：工资性收入1,200,000.00 元超过 1,000,000 元" in event.summary


def test_a_per_capita_income_over_twenty_times_the_line_is_asked_about(household_a, personas, line):
    # 3 members: 450,000 is 150,000 per head, over 20 × 7,300 = 146,000.
    with pytest.raises(ValidationError) as raised:
        save(personas, household_a, wage_income="450000")
    save(personas, household_a, wage_income="430000")  # 143,333 per head: no question

    message = raised.value.message_dict["__all__"][0]
    assert "人均纯收入为 150,000.00 元，超过" in message and "监测标准 7,300 元的 20 倍（146,000 元）" in message


def test_the_income_page_asks_with_the_box_and_saves_when_ticked(household_a, personas, login):
    year = this_year()
    client = login(personas.cadre_a)
    data = {"year": year, "wage_income": "9999999999.99"}

    asked = client.post(f"/households/{household_a.pk}/income/", data).content.decode()
    saved = client.post(f"/households/{household_a.pk}/income/", {**data, CONFIRM_FIELD: "on"})

    assert "请检查是否多输了数字" in asked and 'name="confirm_unusual"' in asked and "仍要保存" in asked
    assert saved.status_code == 302
    assert HouseholdIncome.objects.get(household=household_a, year=year).wage_income == Decimal("9999999999.99")


# Finding 13: one round, in Chinese


def test_an_unreadable_and_a_negative_amount_are_both_said_in_one_round(household_a, personas, login):
    data = {"year": this_year(), "wage_income": "-500", "business_income": "abc", "property_income": "99999999999999"}

    page = login(personas.cadre_a).post(f"/households/{household_a.pk}/income/", data).content.decode()

    assert MSG_NEGATIVE in page and "请填写金额（数字）。" in page
    assert "金额过大，最多 10 位整数。" in page
    assert "确认总共不超过" not in page and "输入一个数字" not in page


# Finding 9: the consent and its scan


def record(personas, household, scan, **extra):
    return visits.consent_record(
        actor=personas.cadre_a,
        household=household,
        signed_on=today(),
        signer="self",
        scan=scan,
        **extra,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("junk.jpg", bytes(range(256)) + bytes(44), MSG_FILE_TYPE),  # 300 random bytes named .jpg
        ("fake.pdf", "这不是PDF".encode(), MSG_FILE_TYPE),
        ("scan.png", b"\xff\xd8\xff\xe0 a jpeg named .png", MSG_FILE_TYPE),
    ],
)
def test_a_scan_that_is_not_what_its_name_says_is_refused(household_a, personas, name, content, message):
    with pytest.raises(ValidationError) as raised:
        record(personas, household_a, SimpleUploadedFile(name, content))

    assert raised.value.message_dict == {"scan": [message]}


def test_a_consent_without_a_scan_is_refused_and_an_old_one_without_is_not_on_file(household_a, personas, login):
    with pytest.raises(ValidationError) as raised:
        record(personas, household_a, None)
    Consent.objects.create(
        household=household_a,
        region_path=household_a.region_path,
        signed_on=today(),
        signer="self",
        recorded_by=personas.cadre_a,
    )  # recorded before the scan was required
    on_file_before = consent_on_file(household_a.pk)
    tab = login(personas.cadre_a).get(f"/households/{household_a.pk}/?tab=consent").content.decode()

    assert raised.value.message_dict == {"scan": [MSG_SCAN_REQUIRED]}
    assert on_file_before is False and "未上传扫描件，不算在档" in tab


def test_a_second_consent_the_same_day_is_asked_about(household_a, personas, login):
    record(personas, household_a, consent_scan())
    client = login(personas.cadre_a)
    data = {"signed_on": today().isoformat(), "signer": "self"}

    asked = client.post(f"/households/{household_a.pk}/consent/new/", {**data, "scan": consent_scan()})
    saved = client.post(
        f"/households/{household_a.pk}/consent/new/", {**data, "scan": consent_scan(), CONFIRM_FIELD: "on"}
    )

    page = asked.content.decode()
    assert "签署的授权书1份（本人签字），请核对是否重复登记" in page and "仍要保存" in page
    assert saved.status_code == 302
    assert household_a.consents.count() == 2 and consent_on_file(household_a.pk)


def test_a_real_pdf_scan_puts_the_consent_on_file(household_a, personas):
    assert consent_on_file(household_a.pk) is False

    record(personas, household_a, consent_scan())

    assert consent_on_file(household_a.pk) is True


def test_the_api_asks_the_same_and_takes_confirm_unusual(household_a, personas, login):
    client = login(personas.cadre_a)
    member = household_a.members.get(name="张小明")
    data = {"household": household_a.pk, "year": this_year(), "wage_income": "2000000.00"}

    asked = client.post("/api/v1/incomes/", data, content_type="application/json")
    saved = client.post("/api/v1/incomes/", {**data, CONFIRM_FIELD: True}, content_type="application/json")
    father = {"household": household_a.pk, "name": "张老汉", "relation": "father", "ethnicity": "汉族"}
    father["id_number"] = make_id(dt.date(2000, 1, 1), 15)
    member_asked = client.post("/api/v1/members/", father, content_type="application/json")
    edited = client.patch(f"/api/v1/members/{member.pk}/", {"education": "junior"}, content_type="application/json")

    assert asked.status_code == 400 and asked.json()[CONFIRM_FIELD] == [MSG_CONFIRM_API]
    assert saved.status_code == 201 and CONFIRM_FIELD not in saved.json()
    assert member_asked.status_code == 400 and "却比户主张大山" in member_asked.json()["relation"][0]
    assert edited.status_code == 200
