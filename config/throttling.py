"""The API's general rate limit: per account once logged in ("user"), per source address before ("anon"); rates in
settings REST_FRAMEWORK DEFAULT_THROTTLE_RATES (API_USER_RATE, API_ANON_RATE), counted in the shared Redis cache, so
every web process counts the same requests. Generous: it stops a runaway script, not a person at work.

The rate is read when a request is counted, not when the class is defined (DRF's SimpleRateThrottle reads
THROTTLE_RATES once, at import), so override_settings(REST_FRAMEWORK=…) takes effect in a test and a changed rate
needs no new class."""

from typing import Any

from rest_framework import throttling
from rest_framework.settings import api_settings

from accounts.middleware import client_ip

MSG_THROTTLED = "请求过于频繁，请在 {seconds} 秒后重试。"


class _CurrentRateMixin:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request: Any) -> str:
        # The address the audit log records (accounts.middleware.client_ip, TRUSTED_PROXY_COUNT), which no client
        # can make up with an X-Forwarded-For of its own.
        return client_ip(request._request) or "unknown"


class UserRateThrottle(_CurrentRateMixin, throttling.UserRateThrottle):
    """Requests per logged-in account (per address for a request with no account)."""


class AnonRateThrottle(_CurrentRateMixin, throttling.AnonRateThrottle):
    """Requests per source address before logging in (the few endpoints open to all)."""
