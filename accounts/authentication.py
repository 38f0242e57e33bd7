"""API token authentication under the same password policy as a session."""

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.approvals import login_refusal
from accounts.middleware import MSG_PASSWORD_EXPIRED_API, password_expired
from accounts.tokens import token_expired

MSG_TOKEN_EXPIRED = "接口令牌已过期，请用用户名和密码重新获取（/api/v1/auth/token/）。"


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF authenticates a token inside the view, after the middleware (PasswordPolicyMiddleware) that stops
    session users whose password must change, so the same rule is applied here: a temporary password set by
    an administrator, or one past the policy's age, opens nothing through the API either. A token lives
    SecurityPolicy.token_hours from when it was issued; past that it is deleted and refused."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if refusal := login_refusal(user):  # accounts.approvals
            raise exceptions.AuthenticationFailed(refusal)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(MSG_TOKEN_EXPIRED)
        return user, token

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None and password_expired(result[0]):
            raise exceptions.PermissionDenied(MSG_PASSWORD_EXPIRED_API)
        return result
