"""One username rule for every way an account is made: the admin's add form took 张三 (Django's validator takes any
script's letters) while the bulk import refused it. Both now refuse it with the import's message, and read a
full-width ｗａｎｇ as the account stores it (wang)."""

import pytest

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_create
from accounts.usernames import MSG_USERNAME_FORMAT
from tests.accounts.test_user_admin import ADD_URL, INITIAL_PASSWORD, _new_user
from tests.accounts.test_user_import_names import _import

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["张三", "-cadre", "wang li"])
def test_the_admin_add_form_refuses_a_username_the_import_refuses_with_the_same_message(
    username, personas, county, login
):
    message = MSG_USERNAME_FORMAT.format(value=username, n=150)

    response = login(personas.system_admin).post(ADD_URL, _new_user(county, username=username))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["username"] == [message]
    assert not User.objects.filter(username=username).exists()
    outcome = _import(personas.system_admin, [username, "赵二", "村干部", "城南村", ""])
    assert [error.reason for error in outcome.errors] == ["用户名：" + message]


def test_the_admin_add_form_stores_full_width_letters_as_the_import_does(personas, county, login):
    response = login(personas.system_admin).post(ADD_URL, _new_user(county, username="ｗａｎｇ3"))

    assert response.status_code == 302
    assert User.objects.filter(username="wang3").exists()
    outcome = _import(personas.system_admin, ["ｗａｎｇ4", "赵二", "村干部", "城南村", ""])
    assert [a.user.username for a in outcome.created] == ["wang4"]


def test_the_service_refuses_it_too_whoever_calls_it(personas, county):
    with pytest.raises(Exception) as refused:
        user_create(
            actor=personas.system_admin,
            username="李四",
            password=INITIAL_PASSWORD,
            role=Role.VILLAGE_CADRE,
            region_path=county.village_a.path,
            region_name="城南村",
            last_name="李",
            first_name="四",
        )
    assert refused.value.message_dict == {"username": [MSG_USERNAME_FORMAT.format(value="李四", n=150)]}
