"""API tokens (rest_framework.authtoken: one per user). A token lives SecurityPolicy.token_hours from when it was
issued; asked for again near the end of that, a new one replaces it, so a script that asks before each run never
sets out with a token about to expire; the caller can revoke its own.

Like a session, a token also ends when unused for SecurityPolicy.idle_minutes (MLPS level 3 idle timeout): a token
copied off a village PC, or left in a script, is otherwise good for a day or a month. Its last use is kept in
ApiTokenUse, written at most once a minute so a busy script does not write a row per request."""

from contextlib import suppress
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.audit import audit_record
from accounts.models import ApiTokenUse, User
from accounts.policy import current_policy

# Asked for with less than this share of its lifetime left (a quarter: 6 of 24 hours), the token is replaced.
TOKEN_RENEW_SHARE = 0.25
# A token's last use is written again only when the stored one is older than this (idle limits are 5 minutes or more).
TOKEN_USE_WRITE_EVERY = timedelta(minutes=1)


def token_expires_at(token: Token) -> datetime:
    return token.created + timedelta(hours=current_policy().token_hours)


def token_expired(token: Token) -> bool:
    return token_expires_at(token) <= timezone.now()


def _last_active(token: Token) -> datetime:
    """The token's last use, or its issue for one not used since."""
    used = ApiTokenUse.objects.filter(token=token).values_list("used_at", flat=True).first()
    return max(token.created, used) if used else token.created


def token_idle(token: Token) -> bool:
    """Unused for longer than the policy's idle minutes, as a session would have ended."""
    return timezone.now() - _last_active(token) > timedelta(minutes=current_policy().idle_minutes)


def token_touch(token: Token) -> None:
    """Records a use of the token, unless one was recorded within the last minute. The conditional UPDATE is the
    throttle: concurrent requests write it once, and most requests only read."""
    now = timezone.now()
    if ApiTokenUse.objects.filter(token=token, used_at__lt=now - TOKEN_USE_WRITE_EVERY).update(used_at=now):
        return
    # A token deleted meanwhile (revoked, a new password) has no use to record; its next request is refused.
    with suppress(IntegrityError):
        ApiTokenUse.objects.bulk_create([ApiTokenUse(token=token, used_at=now)], ignore_conflicts=True)


def token_end_idle(token: Token) -> None:
    """Deletes an idle token, audited as the session's idle end is (auth.timeout)."""
    minutes = current_policy().idle_minutes
    deleted, _ = Token.objects.filter(pk=token.pk).delete()
    if deleted:
        summary = f"接口令牌{minutes}分钟未使用，已作废"
        audit_record(actor=token.user, action="auth.timeout", summary=summary, target=token.user)


def _token_renewable(token: Token) -> bool:
    left = token_expires_at(token) - timezone.now()
    return left < timedelta(hours=current_policy().token_hours) * TOKEN_RENEW_SHARE


def token_revoke(user: User) -> int:
    """Deletes the user's token (a new password ends the one issued under the old one); how many were deleted."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def _token_current(user: User) -> tuple[Token, bool]:
    """The user's API token and whether it replaced one still valid: the current one while more than a quarter of
    its lifetime is left, else a new one. The old one is deleted, not left to run out: a user has one token, and a
    second script of the same account that still holds it is answered 401 and asks again."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # two requests at once issue one token
    token = Token.objects.filter(user=user).first()
    if token is not None and token_idle(token):
        # Dead already: a request with it would be refused, so the new one is no replacement of a valid token.
        token.delete()
        token = None
    replaced = token is not None and not token_expired(token)
    if token is not None and _token_renewable(token):
        token.delete()
        token = None
    else:
        replaced = False
    if token is None:
        return Token.objects.create(user=user), replaced
    token_touch(token)  # asked for with the password: the script is at work
    return token, replaced


def token_for(user: User) -> Token:
    return _token_current(user)[0]


def token_issue(user: User) -> Token:
    """POST /api/v1/auth/token/: the token for a user who gave the right password, audited."""
    token, replaced = _token_current(user)
    summary = "通过接口获取令牌" + ("（原令牌即将到期，已换发新令牌，原令牌作废）" if replaced else "")
    audit_record(actor=user, action="auth.token", summary=summary, target=user)
    return token


def token_held(user: User) -> bool:
    """Whether the user holds an API token (one that a request could still use, or one run out)."""
    return Token.objects.filter(user=user).exists()


def token_revoke_forced(*, actor: User, user: User) -> bool:
    """强制下线 (accounts.sessions): the security admin ends the account's API token with its session, so an account
    forced off for cause keeps no way into the API; audited when there was one. Whether there was one."""
    if not token_revoke(user):
        return False
    summary = f"强制下线时吊销账号 {user.username} 的接口令牌"
    audit_record(actor=actor, action="auth.token_revoke", summary=summary, target=user)
    return True


def token_revoke_own(user: User) -> bool:
    """DELETE /api/v1/auth/token/: the caller ends its own token (a script done, a token that leaked)."""
    if not token_revoke(user):
        return False
    audit_record(actor=user, action="auth.token_revoke", summary="通过接口吊销本人令牌", target=user)
    return True
