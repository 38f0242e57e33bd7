"""A new phone, title or unit of the same 包保单位人员 (help contact without an account, same name) corrects their
assignment: no new history row, the old and new values in the 变更记录 and the audit log, on the page and through the
API; another person is still a new assignment (with a reason)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from assistance.models import HelpContactAssignment
from assistance.services import contacts
from households.models import HouseholdEvent
from tests.clock import today

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistance/help-contacts/"
PERSON = {
    "person_name": "王建国",
    "person_unit": "县农业农村局",
    "person_title": "副局长",
    "person_phone": "13812345678",
}


def _assign_person(actor, household, **extra):
    return contacts.help_contact_assign(actor=actor, household=household, **{**PERSON, **extra})


def test_a_new_phone_of_the_same_person_corrects_the_assignment_without_a_new_row(personas, monitored_a):
    first = _assign_person(personas.township, monitored_a, starts_on=today().replace(day=1))

    corrected = _assign_person(personas.township, monitored_a, person_phone="139 0000 1111", person_title="")

    assert corrected.pk == first.pk and HelpContactAssignment.objects.filter(household=monitored_a).count() == 1
    first.refresh_from_db()
    assert (first.person_phone, first.person_title, first.ends_on) == ("13900001111", "", None)
    assert first.starts_on == today().replace(day=1)  # still the assignment that began then
    history = HouseholdEvent.objects.get(household=monitored_a, summary__startswith="更正帮扶联系人")
    assert history.summary == "更正帮扶联系人王建国的联系信息：职务、联系电话"
    assert {"field": "person_phone", "label": "联系电话", "old": "13812345678", "new": "13900001111"} in history.changes
    event = AuditEvent.objects.get(action="assistance.help_contact_correct")
    assert event.before == {"person_title": "副局长", "person_phone": "13812345678"}
    assert event.after == {"person_title": "", "person_phone": "13900001111"}


def test_a_new_unit_of_the_same_person_is_a_correction_but_another_name_is_a_new_assignment(personas, monitored_a):
    first = _assign_person(personas.township, monitored_a)
    _assign_person(personas.township, monitored_a, person_unit="县农业农村局乡村振兴股")

    with pytest.raises(ValidationError) as error:
        _assign_person(personas.township, monitored_a, person_name="李卫东")
    assert error.value.message_dict["reason"] == [contacts.MSG_REASON_REQUIRED]
    second = _assign_person(personas.township, monitored_a, person_name="李卫东", reason="王建国退休")

    rows = list(HelpContactAssignment.objects.filter(household=monitored_a).order_by("pk"))
    assert [r.pk for r in rows] == [first.pk, second.pk]
    assert rows[0].person_unit == "县农业农村局乡村振兴股" and rows[0].ends_on == today()
    assert rows[1].person_name == "李卫东" and rows[1].ends_on is None


def test_a_correction_with_nothing_changed_of_another_name_or_not_of_the_current_person_is_refused(
    personas, monitored_a
):
    person = _assign_person(personas.township, monitored_a)
    with pytest.raises(ValidationError) as same:
        contacts.help_contact_correct(actor=personas.township, assignment=person, person_phone="138-1234-5678")
    with pytest.raises(ValidationError) as other:
        contacts.help_contact_correct(actor=personas.township, assignment=person, person_name="李卫东")
    account = contacts.help_contact_assign(
        actor=personas.township, household=monitored_a, contact=personas.township, reason="王建国退休"
    )

    with pytest.raises(ValidationError) as ended:
        contacts.help_contact_correct(actor=personas.township, assignment=person, person_phone="13900001111")
    with pytest.raises(ValidationError) as not_person:
        contacts.help_contact_correct(actor=personas.township, assignment=account, person_phone="13900001111")

    assert same.value.message_dict["contact"] == [contacts.MSG_NOTHING_CORRECTED.format(name="王建国（县农业农村局）")]
    assert other.value.message_dict["person_name"] == [contacts.MSG_CORRECT_OTHER_PERSON]
    assert ended.value.message_dict["contact"] == [contacts.MSG_CORRECT_NOT_CURRENT]
    assert not_person.value.message_dict["contact"] == [contacts.MSG_CORRECT_NOT_PERSON]
    assert not AuditEvent.objects.filter(action="assistance.help_contact_correct").exists()


def test_the_page_shows_the_person_filled_in_and_saves_a_new_phone_as_a_correction(personas, monitored_a, login):
    _assign_person(personas.township, monitored_a)
    client = login(personas.township)
    url = f"/assistance/households/{monitored_a.pk}/contact/"

    form = client.get(url).content.decode()
    assert 'value="13812345678"' in form and 'value="县农业农村局"' in form and "data-contact-correct" in form
    data = {"kind": "person", **PERSON, "person_phone": "13900001111", "starts_on": today().isoformat()}
    response = client.post(url, data, follow=True)

    assert response.redirect_chain, response.content.decode()[:2000]
    assert "已更正帮扶联系人王建国（县农业农村局）的联系信息" in response.content.decode()
    assert HelpContactAssignment.objects.get(household=monitored_a).person_phone == "13900001111"
    history = client.get(f"/households/{monitored_a.pk}/?tab=history").content.decode()
    assert "更正帮扶联系人王建国的联系信息：联系电话" in history


def test_the_api_corrects_the_same_person_and_assigns_another(personas, monitored_a, login):
    client = login(personas.township)
    created = client.post(URL, {"household": monitored_a.pk, **PERSON}, content_type="application/json")
    assert created.status_code == 201 and created.json()["corrected"] is False

    again = client.post(
        URL, {"household": monitored_a.pk, **PERSON, "person_title": "局长"}, content_type="application/json"
    )
    patched = client.patch(
        f"{URL}{created.json()['id']}/", {"person_phone": "0792 3221234"}, content_type="application/json"
    )
    renamed = client.patch(f"{URL}{created.json()['id']}/", {"person_name": "李卫东"}, content_type="application/json")

    assert again.status_code == 200 and again.json()["id"] == created.json()["id"] and again.json()["corrected"]
    assert patched.status_code == 200, patched.content
    assert patched.json()["person_phone"] == "0792-3221234" and patched.json()["person_title"] == "局长"
    assert renamed.status_code == 400 and renamed.json()["person_name"] == [contacts.MSG_CORRECT_OTHER_PERSON]
    assert HelpContactAssignment.objects.filter(household=monitored_a).count() == 1


def test_the_api_correction_of_another_villages_contact_is_not_found(personas, monitored_a, login):
    person = _assign_person(personas.township, monitored_a)

    response = login(personas.cadre_b).patch(
        f"{URL}{person.pk}/", {"person_phone": "13900001111"}, content_type="application/json"
    )

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.person_phone == "13812345678"
