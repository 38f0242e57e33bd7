"""A password too like the account's own details is refused in plain Chinese naming the detail (review admins w3
finding 2), not Django's "密码跟 用户名 太相似了。", on every page that sets a password."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.choices import Role
from accounts.models import User
from accounts.passwords import MSG_PASSWORD_SIMILAR
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SIMILAR_TO_USERNAME = "密码与用户名过于相似，请换一个。"


def _new_user(county, password):
    return {
        "username": "cadre_new",
        "last_name": "王",
        "first_name": "小明",
        "phone": "13800000000",
        "role": Role.VILLAGE_CADRE,
        "region_path": county.village_a.path,
        "department": "",
        "password": password,
        "password_confirm": password,
    }


def test_the_user_form_says_the_password_is_too_like_the_username(personas, county, login):
    response = login(personas.system_admin).post("/admin/accounts/user/add/", _new_user(county, "Cadre_nev26!"))

    page = response.content.decode()
    assert SIMILAR_TO_USERNAME in page
    assert "密码跟" not in page and " 太相似" not in page
    assert not User.objects.filter(username="cadre_new").exists()


def test_the_reset_page_says_it_too(personas, login):
    cadre = personas.cadre_a
    response = login(personas.system_admin).post(
        f"/admin/accounts/user/{cadre.pk}/password/",
        {"new_password": "Cadrea_2026!", "new_password_confirm": "Cadrea_2026!"},
    )

    assert SIMILAR_TO_USERNAME in response.content.decode()
    cadre.refresh_from_db()
    assert cadre.check_password(TEST_PASSWORD)


def test_the_own_password_page_says_it_too(personas, login):
    cadre = personas.cadre_a
    response = login(cadre).post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": "Cadrea_2026!", "new_password2": "Cadrea_2026!"},
    )

    page = response.content.decode()
    assert SIMILAR_TO_USERNAME in page and "密码跟" not in page


@pytest.mark.parametrize(
    ("details", "password", "detail"),
    [
        ({"first_name": "Xiaoming", "last_name": "Wang"}, "Xiaoming#2026", "姓名"),
        ({"email": "wang.xiaoming@example.cn"}, "Wang.xiaoming7", "邮箱"),
    ],
)
def test_each_detail_is_named_in_chinese(details, password, detail):
    user = User(username="someone", **details)

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert MSG_PASSWORD_SIMILAR.format(detail=detail) in refused.value.messages
