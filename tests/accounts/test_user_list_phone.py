"""The system admin's user list reads on a phone as cards with whether the account can sign in first, and the
admin's section is called 用户, not 用户与审计: the audit log is the audit admin's own page (review admins 11)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_admin_section_is_called_users(personas, login):
    page = login(personas.system_admin).get("/admin/").content.decode()

    assert "用户与审计" not in page
    assert ">用户</a>" in page


def test_the_user_list_has_phone_cards_and_leaves_empty_status_cells_empty(personas, login):
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "cadre_b", "password": "Wrong@Pass2026"})

    page = login(personas.system_admin).get("/admin/accounts/user/").content.decode()

    assert "@media (max-width: 767px)" in page and ".field-lock_status" in page and ".field-is_active" in page
    assert '<td class="field-lock_status">已锁定</td>' in page  # cadre_b
    assert '<td class="field-lock_status"></td>' in page  # the others: nothing to show on a card
    assert '<td class="field-approval_status"></td>' in page


def test_the_change_page_says_what_unticking_active_does_in_our_words(personas, login):
    """Django's help text read 指明用户是否被认为是活跃的。以反选代替删除帐号。 under the box on the phone."""
    page = login(personas.system_admin).get(f"/admin/accounts/user/{personas.cadre_a.pk}/change/").content.decode()

    assert "取消勾选即停用账号：保存前会请您确认" in page
    assert "以反选代替删除" not in page
