"""API token authentication under the same password policy as a session."""

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.middleware import MSG_PASSWORD_EXPIRED_API, password_expired


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF authenticates a token inside the view, after the middleware (PasswordPolicyMiddleware) that stops
    session users whose password must change, so the same rule is applied here: a temporary password set by
    an administrator, or one past the policy's age, opens nothing through the API either."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None and password_expired(result[0]):
            raise exceptions.PermissionDenied(MSG_PASSWORD_EXPIRED_API)
        return result
