"""The API's general rate limit (config.throttling): past the account's rate a request is a 429 saying in Chinese
when to retry, with Retry-After; counted per account in the shared cache (Redis), so another account is not held
back. The rates come from settings, read per request. The token endpoint keeps its own, stricter limit and words
(tests/accounts/test_lockout_by_address.py)."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from config.throttling import MSG_THROTTLED, AnonRateThrottle, UserRateThrottle
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "3/minute", "anon": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_past_the_accounts_rate_the_api_answers_429_in_chinese_with_retry_after(low_rates, personas, login):
    client = login(personas.township)
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]

    refused = client.get("/api/v1/households/")

    assert refused.status_code == 429
    seconds = int(refused["Retry-After"])
    assert 0 < seconds <= 60
    assert refused.json() == {"detail": MSG_THROTTLED.format(seconds=seconds)}
    assert refused.json()["detail"] == f"请求过于频繁，请在 {seconds} 秒后重试。"
    # Counted in the Django cache (Redis, shared by every web process), per account.
    assert len(cache.get(f"throttle_user_{personas.township.pk}")) == 3
    assert login(personas.cadre_a).get("/api/v1/me/").status_code == 200


def test_a_token_client_is_counted_as_its_account(low_rates, personas, client):
    token = client.post("/api/v1/auth/token/", {"username": "township", "password": TEST_PASSWORD})
    assert token.status_code == 200, token.content.decode()
    headers = {"HTTP_AUTHORIZATION": f"Token {token.json()['token']}"}
    statuses = [client.get("/api/v1/me/", **headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_before_logging_in_requests_are_counted_per_address(low_rates):
    factory, view = APIRequestFactory(), APIView()
    requests = [APIView().initialize_request(factory.get("/api/v1/x/", REMOTE_ADDR="10.0.0.9")) for _ in range(3)]
    assert [AnonRateThrottle().allow_request(r, view) for r in requests] == [True, True, False]
    other = APIView().initialize_request(factory.get("/api/v1/x/", REMOTE_ADDR="10.0.0.8"))
    assert AnonRateThrottle().allow_request(other, view)


def test_the_rates_are_the_settings_of_the_moment(settings):
    assert UserRateThrottle().get_rate() == "100000/minute"  # the tests' own (tests/conftest.py)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "7/hour"},
    }
    assert UserRateThrottle().get_rate() == "7/hour"
