"""A password holding the account's username or name is refused outright, on every page that sets one: Django's
similarity is a ratio of lengths, so user rsec2 saved Rsec2@rsec2 (0.625 < 0.7) although the page promised
密码不能与用户名…过于相似 (review security finding 1)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts import user_import
from accounts.choices import Role
from accounts.models import User
from accounts.passwords import MSG_PASSWORD_HAS_NAME, MSG_PASSWORD_HAS_USERNAME
from accounts.services import user_create
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _refusals(password, user):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return refused.value.messages


@pytest.mark.parametrize("password", ["Rsec2@rsec2", "x#RSEC2-2026", "2026!rSeC2aB"])
def test_a_password_with_the_username_inside_is_refused_whatever_its_case(password):
    assert _refusals(password, User(username="rsec2")) == [MSG_PASSWORD_HAS_USERNAME]


@pytest.mark.parametrize(
    ("last_name", "first_name", "password"),
    [("王", "小明", "王小明@Pass2026"), ("Wang", "Xiaoming", "Pass#xiaomingwang1"), ("王", "五", "Ab3#王五Cd")],
)
def test_a_password_with_the_name_inside_is_refused(last_name, first_name, password):
    user = User(username="someone", last_name=last_name, first_name=first_name)

    assert _refusals(password, user) == [MSG_PASSWORD_HAS_NAME]


def test_a_two_letter_username_is_not_looked_for_inside():
    validate_password("Klimt#2026x", User(username="li"))


def test_the_own_password_page_refuses_it(personas, login):
    cadre = personas.cadre_a
    response = login(cadre).post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": "Cadre_A@cadre_a", "new_password2": "Cadre_A@cadre_a"},
    )

    assert MSG_PASSWORD_HAS_USERNAME in response.content.decode()
    cadre.refresh_from_db()
    assert cadre.check_password(TEST_PASSWORD)


def test_the_admin_reset_page_refuses_it(personas, login):
    cadre = personas.cadre_a
    response = login(personas.system_admin).post(
        f"/admin/accounts/user/{cadre.pk}/password/",
        {"new_password": "Cadre_A@cadre_a", "new_password_confirm": "Cadre_A@cadre_a"},
    )

    assert MSG_PASSWORD_HAS_USERNAME in response.content.decode()
    cadre.refresh_from_db()
    assert cadre.check_password(TEST_PASSWORD)


def test_creating_an_account_refuses_it(personas, county):
    with pytest.raises(ValidationError) as refused:
        user_create(
            actor=personas.system_admin,
            username="rsec2",
            password="Rsec2@rsec2",
            role=Role.VILLAGE_CADRE,
            region_path=county.village_a.path,
            last_name="王",
            first_name="小明",
        )

    assert refused.value.message_dict["password"] == [MSG_PASSWORD_HAS_USERNAME]
    assert not User.objects.filter(username="rsec2").exists()


def test_an_imported_account_never_draws_a_password_holding_its_username(monkeypatch):
    # The draws spell abc into the first candidate, which has every character class; the second is clean.
    draws = iter("Abc2#Defghjk" + "Xyz2#Defghjk")
    monkeypatch.setattr(user_import.secrets, "choice", lambda alphabet: next(draws))

    assert user_import.initial_password(12, username="abc") == "Xyz2#Defghjk"
