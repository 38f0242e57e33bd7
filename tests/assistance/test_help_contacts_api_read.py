"""The help-contacts API reads what the contacts pages show: GET lists the households of the user's scope with their
current contact and its status, narrowed by needs_contact (未安排, 需调整); GET by id reads one assignment; the
household's own record carries its contact, the phone masked for a role that reads phones masked."""

import pytest

from accounts.choices import Role
from assistance.services import contacts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistance/help-contacts/"
PERSON = {"person_name": "王小明", "person_unit": "县农业农村局", "person_phone": "13800138000"}


def _rows(client, **params):
    answer = client.get(URL, params)
    assert answer.status_code == 200, answer.content.decode()
    return {row["head_name"]: row for row in answer.json()["results"]}


def test_the_list_gives_each_households_contact_and_filters_those_needing_one(
    personas, login, county, monitored_a, household_c
):
    assignment = contacts.help_contact_assign(actor=personas.township, household=monitored_a, **PERSON)
    client = login(personas.county_officer)

    rows = _rows(client)

    row = rows[monitored_a.head_name]
    assert row["assignment"] == assignment.pk and row["status"] == "ok"
    assert row["contact"] == {
        "name": "王小明",
        "is_person": True,
        "user": None,
        "unit": "县农业农村局",
        "title": "",
        "phone": "13800138000",
        "status": "ok",
        "status_display": "正常",
    }
    assert rows["赵六"]["contact"] is None and rows["赵六"]["status_display"] == "未安排"
    assert set(_rows(client, needs_contact="none")) == {"赵六"}
    assert set(_rows(client, needs_contact="needs_change")) == set()
    bad = client.get(URL, {"needs_contact": "maybe"})
    assert bad.status_code == 400 and "needs_contact" in bad.json()


def test_a_deactivated_contact_reads_needs_change(personas, login, county, monitored_a):
    left = UserFactory(username="zhou_jj", last_name="周", first_name="建军", role=Role.TOWNSHIP_OFFICER,
                       region_path=county.township.path)  # fmt: skip
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=left)
    type(left).objects.filter(pk=left.pk).update(is_active=False)

    rows = _rows(login(personas.township), needs_contact="needs_change")

    assert rows[monitored_a.head_name]["status_display"] == "已停用，需调整"
    assert rows[monitored_a.head_name]["contact"]["name"] == "周建军"


def test_a_reader_gets_the_list_one_assignment_and_the_household_with_the_phone_masked(
    personas, login, monitored_a, household_c
):
    assignment = contacts.help_contact_assign(actor=personas.township, household=monitored_a, **PERSON)
    reader = login(personas.official)

    listed = _rows(reader)[monitored_a.head_name]["contact"]["phone"]
    one = reader.get(f"{URL}{assignment.pk}/")
    household = reader.get(f"/api/v1/households/{monitored_a.pk}/")

    assert listed == "138****8000"
    assert one.status_code == 200 and one.json()["person_phone"] == "138****8000" and one.json()["ends_on"] is None
    assert household.json()["help_contact"]["phone"] == "138****8000"
    assert household.json()["help_contact"]["status_display"] == "正常"
    assert login(personas.township).get(f"/api/v1/households/{monitored_a.pk}/").json()["help_contact"]["phone"] == (
        "13800138000"
    )
    assert (
        reader.patch(
            f"{URL}{assignment.pk}/", {"person_phone": "13900001111"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_another_townships_household_and_assignment_are_not_listed(personas, login, monitored_a, household_c):
    assignment = contacts.help_contact_assign(actor=personas.county_officer, household=household_c, **PERSON)
    client = login(personas.township)

    assert "赵六" not in _rows(client)
    assert client.get(f"{URL}{assignment.pk}/").status_code == 404
