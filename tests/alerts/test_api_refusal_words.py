"""The alerts API refuses a role without access in the words of the rest of the API (您的角色无权使用此接口。),
not the pages' 您的角色无权访问此页面。, which named a page an integrator never opened."""

import pytest

from accounts.permissions import MSG_API_NO_CAPABILITY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role, url",
    [
        ("security_admin", "/api/v1/alerts/"),
        ("security_admin", "/api/v1/feed-types/"),
        ("security_admin", "/api/v1/feed-uploads/"),
        ("cadre_a", "/api/v1/unregistered-persons/"),
    ],
)
def test_a_role_without_access_is_told_in_the_api_s_words(personas, login, role, url):
    response = login(getattr(personas, role)).get(url)

    assert response.status_code == 403 and response.json()["detail"] == MSG_API_NO_CAPABILITY
