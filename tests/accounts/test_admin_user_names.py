"""Review admins (三员 review) findings 2–5 on the system admin's user pages: the list's search missed a whole name
(李红梅: 姓氏 and 名字 were searched apart); the 历史 page said "已修改Active。" and "已修改Last name 和 First name。";
the new-user form said one fault a round, clearing both password fields each time; an account could have no name."""

import json
import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError

from accounts.choices import Role
from accounts.models import User
from accounts.phones import MSG_PHONE
from accounts.services import MSG_NAME_REQUIRED, MSG_SCOPE_VILLAGE, user_create, user_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/accounts/user/add/"
INITIAL_PASSWORD = "Init@Pass2026"


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def lihm(county):
    return UserFactory(
        username="lihm",
        last_name="李",
        first_name="红梅",
        role=Role.VILLAGE_CADRE,
        region_path=county.village_a.path,
        region_name="城南村",
    )


@pytest.mark.parametrize("typed", ["李红梅", "李 红梅", "红梅"])
def test_the_user_list_finds_an_account_by_its_whole_name(personas, login, lihm, typed):
    UserFactory(username="lihua", last_name="李", first_name="华", role=Role.VILLAGE_CADRE)

    page = login(personas.system_admin).get("/admin/accounts/user/", {"q": typed}).content.decode()

    assert "lihm" in page and "lihua" not in page


def test_the_history_page_names_the_changed_fields_in_chinese(personas, county, login, lihm):
    client = login(personas.system_admin)
    data = {
        "last_name": "王",
        "first_name": "芳",
        "role": lihm.role,
        "region_path": lihm.region_path,
        "is_active": "on",
    }
    assert client.post(f"/admin/accounts/user/{lihm.pk}/change/", data).status_code == 302

    history = _text(client.get(f"/admin/accounts/user/{lihm.pk}/history/").content.decode())

    assert "已修改 姓氏、名字" in history
    assert "Last name" not in history and "First name" not in history


def test_the_history_page_names_in_chinese_the_fields_of_entries_stored_in_english(personas, login, lihm):
    # As Django stored them before: the labels untranslated, read through a catalogue that lacks them.
    message = json.dumps([{"changed": {"fields": ["Active", "Last name", "First name"]}}])
    LogEntry.objects.log_actions(personas.system_admin.pk, [lihm], CHANGE, message, single_object=True)

    history = _text(login(personas.system_admin).get(f"/admin/accounts/user/{lihm.pk}/history/").content.decode())

    assert "有效" in history and "姓氏" in history and "名字" in history
    assert "Active" not in history and "Last name" not in history


def test_the_new_user_form_says_every_fault_at_once(personas, county, login):
    data = {
        "username": "cadre_new",
        "last_name": "",
        "first_name": "小明",
        "phone": "12345",
        "role": Role.VILLAGE_CADRE,
        "region_path": county.county.path,
        "department": "",
        "password": "short",
        "password_confirm": "short",
    }

    response = login(personas.system_admin).post(ADD_URL, data)

    errors = response.context["adminform"].form.errors
    assert errors["last_name"] == [MSG_NAME_REQUIRED]
    assert errors["region_path"] == [MSG_SCOPE_VILLAGE]
    assert errors["phone"] == [MSG_PHONE.format(value="12345")]
    assert errors["password"]
    assert not User.objects.filter(username="cadre_new").exists()


def test_the_new_user_form_says_the_services_faults_with_a_password_mismatch(personas, county, login):
    data = {
        "username": "cadre_new",
        "last_name": "王",
        "first_name": "小明",
        "phone": "12345",
        "role": Role.VILLAGE_CADRE,
        "region_path": county.county.path,
        "department": "",
        "password": INITIAL_PASSWORD,
        "password_confirm": INITIAL_PASSWORD + "x",
    }

    errors = login(personas.system_admin).post(ADD_URL, data).context["adminform"].form.errors

    assert set(errors) == {"password_confirm", "region_path", "phone"}


def test_the_account_service_refuses_an_account_without_a_name(personas, county):
    with pytest.raises(ValidationError) as refused:
        user_create(
            actor=personas.system_admin,
            username="noname",
            password=INITIAL_PASSWORD,
            role=Role.VILLAGE_CADRE,
            region_path=county.village_a.path,
            last_name=" ",
            first_name="",
        )

    assert refused.value.message_dict == {"last_name": [MSG_NAME_REQUIRED]}
    assert not User.objects.filter(username="noname").exists()


def test_a_name_cannot_be_emptied_on_the_change_form_or_by_the_service(personas, login, lihm):
    data = {"last_name": "", "first_name": "", "role": lihm.role, "region_path": lihm.region_path, "is_active": "on"}

    response = login(personas.system_admin).post(f"/admin/accounts/user/{lihm.pk}/change/", data)

    assert response.context["adminform"].form.errors["last_name"] == [MSG_NAME_REQUIRED]
    with pytest.raises(ValidationError) as refused:
        user_update(actor=personas.system_admin, user=lihm, last_name="", first_name="")
    assert refused.value.message_dict == {"last_name": [MSG_NAME_REQUIRED]}
    assert User.objects.get(pk=lihm.pk).get_full_name() == "李红梅"
