"""A stale or missing CSRF token is answered in Chinese (review admins finding 12): the page says the page expired
and links back, with none of Django's English help; a session API write says the same in its detail."""

import pytest
from django.test import Client

from accounts.csrf import MSG_CSRF_API, MSG_CSRF_PAGE
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_login_from_a_stale_page_gets_the_chinese_page_with_a_way_back(personas):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/accounts/login/",
        {"username": "cadre_a", "password": TEST_PASSWORD},
        HTTP_REFERER="http://testserver/accounts/login/",
    )

    body = response.content.decode()
    assert response.status_code == 403
    assert MSG_CSRF_PAGE in body and "页面已过期" in body
    assert 'href="http://testserver/accounts/login/"' in body
    assert "CSRF verification failed" not in body and "Reason given" not in body and "Help" not in body


def test_a_foreign_referer_is_not_offered_as_the_way_back(personas):
    client = Client(enforce_csrf_checks=True)

    body = client.post("/accounts/login/", {}, HTTP_REFERER="https://evil.example/").content.decode()

    assert "evil.example" not in body
    assert 'href="/accounts/login/"' in body


def test_a_session_api_write_without_the_token_is_refused_in_chinese(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.security_admin, backend="accounts.backends.PasswordBackend")

    response = client.post(
        f"/api/v1/account-approvals/{personas.cadre_a.pk}/approve/",
        {"role": "village_cadre", "region_path": personas.cadre_a.region_path},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json() == {"detail": MSG_CSRF_API}
    assert "CSRF Failed" not in response.content.decode()
    # An API script is told both token headers that work (Token and, since tokens took it, Bearer).
    assert "Authorization: Token <令牌>" in response.json()["detail"]
    assert "Authorization: Bearer <令牌>" in response.json()["detail"]
