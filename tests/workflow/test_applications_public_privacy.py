"""The public pages tell nobody a household's monitoring status: the status lookup says how far an application has
got (已受理, 核实中, 已办结) and that the outcome is told by the village committee, because whoever applied with a
farmer's ID number and their own phone reads it (review selfapply finding 1). Applicants are adults (finding 2);
phones are read as people type them (finding 3); the form says how the data is used (finding 5)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from households import idnumber
from tests.clock import today
from tests.workflow.applications_helpers import HEAD_ID, STRANGER_ID, field_errors, form_data, receipt_of
from tests.workflow.batch_helpers import open_case
from workflow.choices import CaseStatus
from workflow.choices_applications import ApplicationStatus
from workflow.models import Case
from workflow.models.applications import Application
from workflow.selectors_application_public import STAGE_EXPLANATIONS, application_status_lookup
from workflow.services import application_public as public
from workflow.services.application_public import application_link_for

pytestmark = pytest.mark.django_db

STRANGER_PHONE = "13900007777"
REASON = "经核实，您家已是防止返贫监测对象，村里将按监测户每月走访，已为您联系医保二次报销。"
# Every word of an outcome the old lookup gave, any of which tells the household's monitoring status.
OUTCOME_WORDS = (
    "监测对象",
    "已纳入监测",
    "纳入防止返贫监测",
    "未纳入",
    "未予纳入",
    "已纳入程序",
    "终止",
    "理由",
    "处理情况",
)


@pytest.fixture
def url(personas, county):
    return f"/apply/{application_link_for(actor=personas.cadre_a, village=county.village_a).token}/"


def submit(url: str, **overrides):
    return Client().post(url, form_data(**overrides), REMOTE_ADDR="10.3.0.1", follow=True)


def lookup_html(id_number: str, phone: str) -> str:
    response = Client().post("/apply/status/", {"id_number": id_number, "phone": phone}, REMOTE_ADDR="10.3.0.2")
    assert response.status_code == 200
    return response.content.decode().split('class="lookup-result"')[1].split("再次查询")[0]


def strangers_application(url: str) -> Application:
    """Someone applies with the registered head's ID number (张大山 of household_a) and their own phone."""
    receipt_of(submit(url, phone=STRANGER_PHONE).content.decode())
    return Application.objects.get(id_number=HEAD_ID, phone=STRANGER_PHONE)


def decided(application: Application, status: str, **fields) -> None:
    Application.objects.filter(pk=application.pk).update(
        status=status, decided_at=timezone.now(), decline_reason=REASON, **fields
    )


@pytest.mark.parametrize("status", [ApplicationStatus.MONITORED, ApplicationStatus.DECLINED])
def test_a_stranger_with_a_registered_id_number_learns_only_that_it_is_done(url, monitored_a, status):
    application = strangers_application(url)
    decided(application, status)

    card = lookup_html(HEAD_ID, STRANGER_PHONE)

    assert "已办结" in card and "办理结果请向村委会了解" in card
    assert REASON not in card
    assert not [word for word in OUTCOME_WORDS if word in card]


@pytest.mark.parametrize("case_status", [CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN])
def test_a_decided_case_reads_done_whatever_its_outcome(url, personas, household_a, case_status):
    application = strangers_application(url)
    case = open_case(personas.cadre_a, household_a)
    Case.objects.filter(pk=case.pk).update(status=case_status, closed_on=today())
    decided(application, ApplicationStatus.CASE_OPENED, case=case, household=household_a)

    [row] = application_status_lookup(id_number=HEAD_ID, phone=STRANGER_PHONE)

    assert (row.status, row.status_label, row.explanation) == ("done", "已办结", STAGE_EXPLANATIONS["done"])
    assert row.status_on == today()
    assert not [word for word in OUTCOME_WORDS if word in lookup_html(HEAD_ID, STRANGER_PHONE)]


def test_a_running_case_reads_like_a_verification(url, personas, household_a):
    """Being taken into the identification procedure is a step towards monitoring: not said either."""
    verifying = strangers_application(url)
    Application.objects.filter(pk=verifying.pk).update(
        status=ApplicationStatus.VERIFYING, verification_started_at=timezone.now()
    )
    [while_verified] = application_status_lookup(id_number=HEAD_ID, phone=STRANGER_PHONE)
    case = open_case(personas.cadre_a, household_a)
    decided(verifying, ApplicationStatus.CASE_OPENED, case=case, household=household_a)

    [row] = application_status_lookup(id_number=HEAD_ID, phone=STRANGER_PHONE)

    assert row == while_verified and row.status_label == "核实中"


def test_the_stages_are_what_the_receipt_promises(url):
    receipt = submit(url, id_number=STRANGER_ID, name="陈桂兰").content.decode()
    card = lookup_html(STRANGER_ID, "13812345678")
    assert "已受理" in card and "查询结果为“已受理”、“核实中”或“已办结”" in receipt


# Applicants are adults (seed 003 §二(4): the applicant signs 承诺和授权人, the consent to query the family's assets)


def test_a_child_cannot_apply_and_is_told_at_the_id_field(url):
    child = "360425201501011237"  # eleven years old
    assert idnumber.parse(child).birth_date == dt.date(2015, 1, 1)

    response = submit(url, id_number=child, name="张小明")

    assert response.status_code == 200
    assert public.MSG_APPLICANT_MINOR in field_errors(response.content.decode(), "id_number")
    assert "申报人须年满18周岁；未成年人请由监护人或户主申报" in public.MSG_APPLICANT_MINOR
    assert not Application.objects.exists()


def test_the_service_refuses_a_minor_too(county):
    with pytest.raises(ValidationError) as error:
        public.application_submit(
            village=county.village_a,
            name="张小明",
            id_number="360425201501011237",
            phone="13812345678",
            risk_types=["medical_cost"],
            situation="老伴今年查出尿毒症，每周透析三次，自付费用很高。",
            consent=True,
        )
    assert error.value.message_dict == {"id_number": [public.MSG_APPLICANT_MINOR]}


def test_eighteen_is_reached_on_the_birthday():
    number = idnumber.make("360425", dt.date(2008, 3, 12), 11)
    assert public.validate_applicant_id(number, today=dt.date(2026, 3, 12)) == number
    with pytest.raises(ValidationError) as error:
        public.validate_applicant_id(number, today=dt.date(2026, 3, 11))
    assert error.value.messages == [public.MSG_APPLICANT_MINOR]


def test_the_form_tells_the_age_rule_as_the_number_is_typed(url):
    page = Client().get(url).content.decode()
    assert 'data-min-age="18"' in page and f'data-min-age-message="{public.MSG_APPLICANT_MINOR}"' in page


# Phones as people type them


@pytest.mark.parametrize(
    "typed",
    [
        "+86 138 0013 8000",
        "86-13800138000",
        "0086 13800138000",
        "１３８００１３８０００",
        "＋８６　１３８－００１３－８０００",
        "(+86)138-0013-8000",
    ],
)
def test_a_phone_is_read_with_its_country_code_spaces_and_full_width_digits(url, typed):
    assert public.validate_phone(typed) == "13800138000"
    receipt_of(submit(url, phone=typed).content.decode())
    assert Application.objects.get().phone == "13800138000"


@pytest.mark.parametrize("typed", ["8613800138", "+8523800138000", "13٨٠٠١٣٨٠٠٠", "86138001380001"])
def test_what_is_not_a_mainland_mobile_number_is_still_refused(typed):
    with pytest.raises(ValidationError):
        public.validate_phone(typed)


# What the form says of the data


def test_the_form_says_how_the_personal_data_is_used(url):
    page = Client().get(url).content.decode()
    notice = page.split('class="privacy-notice"')[1].split("</section>")[0]
    assert "个人信息处理告知" in notice
    for words in ("防止返贫监测核实", "本村村委会及乡镇、县农业农村部门", "仅用于本次申报", "按规定期限保存"):
        assert words in notice
