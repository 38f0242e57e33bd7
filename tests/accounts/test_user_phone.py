"""The system admin's user forms check the phone number as the bulk user import does (review admins finding 10)."""

import pytest

from accounts.choices import Role
from accounts.models import AuditEvent, User
from accounts.phones import MSG_PHONE
from accounts.user_import import MSG_PHONE as IMPORT_MSG_PHONE

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/accounts/user/add/"
PASSWORD = "Init@Pass2026"


def _add(client, county, phone):
    return client.post(
        ADD_URL,
        {
            "username": "rv_off",
            "last_name": "王",
            "first_name": "小明",
            "phone": phone,
            "role": Role.OFFICIAL,
            "region_path": county.county.path,
            "department": "",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )


def _change(client, user, phone):
    return client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "last_name": user.last_name,
            "first_name": user.first_name,
            "phone": phone,
            "role": user.role,
            "region_path": user.region_path,
            "is_active": "on",
        },
    )


def test_the_add_form_refuses_a_phone_the_import_refuses(personas, county, login):
    response = _add(login(personas.system_admin), county, "12345")

    assert response.status_code == 200
    assert MSG_PHONE.format(value="12345") in response.content.decode()
    assert MSG_PHONE == IMPORT_MSG_PHONE  # one rule, one message
    assert not User.objects.filter(username="rv_off").exists()


def test_the_change_form_refuses_it_too_and_keeps_the_old_number(personas, login):
    client = login(personas.system_admin)

    response = _change(client, personas.cadre_a, "0792-12")

    assert response.status_code == 200
    assert MSG_PHONE.format(value="0792-12") in response.content.decode()
    personas.cadre_a.refresh_from_db()
    assert personas.cadre_a.phone == ""
    assert not AuditEvent.objects.filter(action="user.update").exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("13807921234", "13807921234"), ("１３８０７９２１２３４", "13807921234"), ("0792-1234567", "0792-1234567")],
)
def test_mobile_and_landline_numbers_are_accepted_and_stored_plain(personas, county, login, typed, stored):
    response = _add(login(personas.system_admin), county, typed)

    assert response.status_code == 302
    assert User.objects.get(username="rv_off").phone == stored
