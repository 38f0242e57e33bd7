"""API token authentication under the same password policy as a session."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.approvals import login_refusal
from accounts.middleware import MSG_PASSWORD_EXPIRED_API, password_expired
from accounts.tokens import token_end_idle, token_expired, token_idle, token_touch

MSG_TOKEN_EXPIRED = "接口令牌已过期，请用用户名和密码重新获取（/api/v1/auth/token/）。"
MSG_TOKEN_IDLE = "登录已超时，请重新获取令牌（/api/v1/auth/token/）。"
# The header's scheme is DRF's own "Token" or "Bearer", which most HTTP libraries and API tools send (same token).
SCHEMA_DESCRIPTION = (
    "接口令牌：用用户名和密码在 /api/v1/auth/token/ 获取，请求时放在请求头 Authorization: Token <令牌> "
    "或 Authorization: Bearer <令牌>（同一令牌，两种写法均可）。令牌在安全策略规定的小时数内有效，"
    "连续未使用超过安全策略的无操作退出时间（默认30分钟）即作废，需重新获取。"
)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF authenticates a token inside the view, after the middleware (PasswordPolicyMiddleware) that stops
    session users whose password must change, so the same rule is applied here: a temporary password set by
    an administrator, or one past the policy's age, opens nothing through the API either. A token lives
    SecurityPolicy.token_hours from when it was issued, and ends like a session when unused for the policy's idle
    minutes; past either it is deleted and refused."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if refusal := login_refusal(user):  # accounts.approvals
            raise exceptions.AuthenticationFailed(refusal)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(MSG_TOKEN_EXPIRED)
        if token_idle(token):
            token_end_idle(token)
            raise exceptions.AuthenticationFailed(MSG_TOKEN_IDLE)
        token_touch(token)
        return user, token

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        # DRF compares the header's first word with self.keyword; this instance serves one request only (DRF
        # makes the authenticators per request), so it takes the scheme the caller used if it is one of ours.
        scheme = (authentication.get_authorization_header(request).split() or [b""])[0].lower()
        self.keyword = "Bearer" if scheme == b"bearer" else "Token"
        result = super().authenticate(request)
        if result is not None and password_expired(result[0]):
            raise exceptions.PermissionDenied(MSG_PASSWORD_EXPIRED_API)
        return result


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's tokenAuth: drf-spectacular's own names the "Token" prefix only."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": SCHEMA_DESCRIPTION}
