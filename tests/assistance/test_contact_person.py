"""A help contact without an account (包保单位人员, 003 §二3(2): 帮扶责任人 are mostly staff of the units paired with
the village, who never sign in): named with their unit and phone, kept in the history like an account contact, and shown
wherever the contact is, instead of 未安排 or a village cadre."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import AuditEvent
from assistance.models import HelpContactAssignment
from assistance.selectors import household_contact_needs_change, households_needing_contact
from assistance.services import contacts, plans
from households.models import Household
from households.phone import MSG_PHONE

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistance/help-contacts/"
PERSON = {
    "person_name": "王建国",
    "person_unit": "县农业农村局",
    "person_title": "副局长",
    "person_phone": "138 1234 5678",
}


def _assign_person(actor, household, **extra):
    return contacts.help_contact_assign(actor=actor, household=household, **{**PERSON, **extra})


def test_a_person_without_an_account_is_named_with_unit_and_phone_and_audited(personas, monitored_a):
    assignment = _assign_person(personas.township, monitored_a)

    assignment.refresh_from_db()
    assert assignment.contact is None and assignment.is_person
    assert (assignment.person_name, assignment.person_unit, assignment.person_title) == (
        "王建国",
        "县农业农村局",
        "副局长",
    )
    assert assignment.person_phone == "13812345678"  # stored plain, as a household's phone is
    monitored_a.refresh_from_db()
    assert monitored_a.help_contact is None  # the household mirrors accounts only
    event = AuditEvent.objects.get(action="assistance.help_contact")
    assert "安排帮扶联系人：王建国（县农业农村局）" in event.summary and "13812345678" not in event.summary


def test_changing_from_a_person_to_an_account_and_back_keeps_the_history_and_asks_a_reason(personas, monitored_a):
    first = _assign_person(personas.township, monitored_a)

    with pytest.raises(ValidationError) as error:
        contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.cadre_a)
    assert error.value.message_dict["reason"] == [contacts.MSG_REASON_REQUIRED]
    contacts.help_contact_assign(
        actor=personas.township, household=monitored_a, contact=personas.cadre_a, reason="王建国退休"
    )
    _assign_person(personas.township, monitored_a, person_name="李卫东", reason="包保单位调整")

    history = list(HelpContactAssignment.objects.filter(household=monitored_a).order_by("pk"))
    assert [a.ends_on is None for a in history] == [False, False, True]
    assert history[0].pk == first.pk and history[1].contact == personas.cadre_a and history[2].person_name == "李卫东"
    monitored_a.refresh_from_db()
    assert monitored_a.help_contact is None
    summaries = list(AuditEvent.objects.filter(action="assistance.help_contact").values_list("summary", flat=True))
    assert any("王建国（县农业农村局） → cadre_a" in s or "王建国（县农业农村局） → " in s for s in summaries)


def test_the_same_person_again_is_refused(personas, monitored_a):
    _assign_person(personas.township, monitored_a)

    with pytest.raises(ValidationError) as error:
        _assign_person(personas.township, monitored_a, reason="重复")

    assert error.value.message_dict["contact"] == [contacts.MSG_SAME_CONTACT.format(name="王建国（县农业农村局）")]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("person_name", " ", contacts.MSG_PERSON_NAME_REQUIRED),
        ("person_unit", "", contacts.MSG_PERSON_UNIT_REQUIRED),
        ("person_phone", "", contacts.MSG_PERSON_PHONE_REQUIRED),
        ("person_phone", "12345", MSG_PHONE),
    ],
)
def test_a_person_needs_a_name_a_unit_and_a_valid_phone(personas, monitored_a, field, value, message):
    with pytest.raises(ValidationError) as error:
        _assign_person(personas.township, monitored_a, **{field: value})

    assert error.value.message_dict[field] == [message]
    assert not HelpContactAssignment.objects.exists()


def test_a_landline_with_its_area_code_is_accepted(personas, monitored_a):
    assignment = _assign_person(personas.township, monitored_a, person_phone="0792 3221234", person_title="")

    assert assignment.person_phone == "0792-3221234" and assignment.person_title == ""


def test_an_account_and_a_person_at_once_or_neither_is_refused(personas, monitored_a):
    with pytest.raises(ValidationError) as both:
        _assign_person(personas.township, monitored_a, contact=personas.cadre_a)
    with pytest.raises(ValidationError) as neither:
        contacts.help_contact_assign(actor=personas.township, household=monitored_a)

    assert both.value.message_dict["contact"] == [contacts.MSG_CONTACT_BOTH]
    assert neither.value.message_dict["contact"] == [contacts.MSG_CONTACT_MISSING]


def test_the_database_holds_exactly_one_of_account_or_person(personas, monitored_a):
    fields = {"household": monitored_a, "region_path": monitored_a.region_path, "assigned_by": personas.township}
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpContactAssignment.objects.create(starts_on="2026-01-01", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpContactAssignment.objects.create(
            starts_on="2026-01-01", contact=personas.cadre_a, person_name="王建国", **fields
        )


def test_a_household_helped_by_a_person_does_not_need_a_contact(personas, monitored_a):
    assert monitored_a in households_needing_contact(actor=personas.township)

    _assign_person(personas.township, monitored_a)

    monitored_a.refresh_from_db()
    assert monitored_a not in households_needing_contact(actor=personas.township)
    assert household_contact_needs_change(monitored_a) is False


def test_the_page_names_a_person_with_unit_and_title(personas, monitored_a, login):
    client = login(personas.township)
    url = f"/assistance/households/{monitored_a.pk}/contact/"
    form = client.get(url).content.decode()
    assert "系统用户" in form and "包保单位人员（无账号）" in form and 'name="person_unit"' in form

    response = client.post(url, {"kind": "person", **PERSON, "starts_on": "", "contact": ""})
    assert response.status_code == 200  # 开始日期 required by the form
    response = client.post(url, {"kind": "person", **PERSON, "starts_on": "2026-01-05", "contact": ""})

    assert response.status_code == 302, response.content.decode()[:2000]
    plan_page = client.get(f"/assistance/households/{monitored_a.pk}/").content.decode()
    assert "王建国" in plan_page and "县农业农村局" in plan_page and "副局长" in plan_page
    assert "13812345678" in plan_page  # the township keeps the registry: the phone in full
    household_page = client.get(f"/households/{monitored_a.pk}/?tab=assistance").content.decode()
    assert "王建国" in household_page and "县农业农村局" in household_page


def test_the_page_refuses_a_person_without_a_unit_in_chinese(personas, monitored_a, login):
    client = login(personas.township)
    data = {"kind": "person", **PERSON, "person_unit": "", "starts_on": "2026-01-05"}

    page = client.post(f"/assistance/households/{monitored_a.pk}/contact/", data).content.decode()

    assert contacts.MSG_PERSON_UNIT_REQUIRED in page
    assert not HelpContactAssignment.objects.exists()


def test_a_reader_sees_the_persons_phone_masked(personas, monitored_a, login):
    plans.plan_create(actor=personas.township, household=monitored_a)
    _assign_person(personas.township, monitored_a)

    page = login(personas.official).get(f"/assistance/households/{monitored_a.pk}/").content.decode()

    assert "王建国" in page and "138****5678" in page and "13812345678" not in page


def test_the_api_names_a_person_and_refuses_a_missing_phone_in_chinese(personas, monitored_a, login):
    client = login(personas.township)
    body = {"household": monitored_a.pk, **PERSON}

    refused = client.post(URL, {**body, "person_phone": ""}, content_type="application/json")
    created = client.post(URL, body, content_type="application/json")

    assert refused.status_code == 400 and refused.json()["person_phone"] == [contacts.MSG_PERSON_PHONE_REQUIRED]
    assert created.status_code == 201, created.content
    assert created.json()["contact"] is None and created.json()["person_unit"] == "县农业农村局"
    both = client.post(URL, {**body, "contact": personas.cadre_a.pk}, content_type="application/json")
    assert both.status_code == 400 and both.json()["contact"] == [contacts.MSG_CONTACT_BOTH]


def test_the_plans_api_gives_the_person_with_the_phone_masked_for_a_reader(personas, monitored_a, login):
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    _assign_person(personas.township, monitored_a)

    mine = login(personas.township).get(f"/api/v1/assistance/plans/{plan.pk}/").json()
    read = login(personas.official).get("/api/v1/assistance/plans/").json()

    assert mine["help_contact"] is None and mine["help_contact_needs_change"] is False
    assert mine["help_contact_person"] == {
        "name": "王建国",
        "unit": "县农业农村局",
        "title": "副局长",
        "phone": "13812345678",
    }
    row = next(r for r in read["results"] if r["id"] == plan.pk)
    assert row["help_contact_person"]["phone"] == "138****5678"


def test_the_help_card_and_the_form_sheet_print_the_person(personas, monitored_a, login):
    _assign_person(personas.township, monitored_a)
    client = login(personas.cadre_a)

    card = client.get(f"/assistance/households/{monitored_a.pk}/card/print/").content.decode()
    sheet = client.get(f"/households/{monitored_a.pk}/form/print/").content.decode()

    assert "王建国（县农业农村局，副局长）" in card and "13812345678" in card
    assert "王建国（县农业农村局，副局长）" in sheet and "13812345678" in sheet


def test_a_split_off_household_keeps_the_person(personas, monitored_a):
    from assistance.moves import follow_move

    _assign_person(personas.township, monitored_a)
    target = Household.objects.create(
        number="H-A-2", village=monitored_a.village, region_path=monitored_a.region_path, head_name="张小山"
    )

    follow_move(personas.township, monitored_a, target, [], True)

    kept = HelpContactAssignment.objects.get(household=target)
    assert kept.person_name == "王建国" and kept.person_phone == "13812345678" and kept.ends_on is None


def test_the_contacts_page_lists_persons_without_an_account_with_their_households(personas, monitored_a, login):
    _assign_person(personas.township, monitored_a)

    page = login(personas.township).get("/assistance/contacts/").content.decode()

    persons = page[page.index("data-contact-persons") :]
    assert "王建国" in persons and "县农业农村局" in persons and "1 户" in persons
