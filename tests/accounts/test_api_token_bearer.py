"""A script may send its token as `Authorization: Bearer <token>` (what most HTTP libraries and API tools call a
token header) as well as `Authorization: Token <token>`: the same token, the same rules; the schema says both."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.authentication import MSG_TOKEN_EXPIRED
from accounts.policy import current_policy
from accounts.tokens import token_for
from tests.config.schema_check import openapi

pytestmark = pytest.mark.django_db


def _me(header: str):
    return Client().get("/api/v1/me/", headers={"authorization": header})


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "bearer", "BEARER"])
def test_the_token_opens_the_api_under_either_scheme(personas, scheme):
    token = token_for(personas.cadre_a)

    response = _me(f"{scheme} {token.key}")

    assert response.status_code == 200, response.content
    assert response.json()["username"] == "cadre_a"


def test_a_wrong_or_expired_bearer_token_is_refused_like_a_token_one(personas):
    token = token_for(personas.cadre_a)
    wrong = _me("Bearer " + "0" * 40)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(hours=current_policy().token_hours + 1))

    expired = _me(f"Bearer {token.key}")

    assert wrong.status_code == 401
    assert expired.status_code == 401 and expired.json()["detail"] == MSG_TOKEN_EXPIRED
    assert _me("Basic abc").status_code in (401, 403)


def test_the_schema_says_the_token_goes_as_token_or_bearer(personas, login):
    scheme = openapi(login(personas.cadre_a))["components"]["securitySchemes"]["tokenAuth"]

    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "Authorization: Token <令牌>" in scheme["description"]
    assert "Authorization: Bearer <令牌>" in scheme["description"]
