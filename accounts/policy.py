"""The live login policy (accounts.SecurityPolicy), read by axes, the middleware and the services.

Cached briefly in Redis: every request reads it, the security admin changes it rarely, and a save
clears the cache (accounts.policy_update.security_policy_update)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache

from accounts.models import SecurityPolicy

CACHE_KEY = "accounts:security-policy"
CACHE_SECONDS = 60


def current_policy() -> SecurityPolicy:
    policy = cache.get(CACHE_KEY)
    if policy is None:
        policy, _ = SecurityPolicy.objects.get_or_create(
            pk=1,
            defaults={
                "password_max_age_days": settings.SECURITY_DEFAULT_PASSWORD_MAX_AGE_DAYS,
                "failure_limit": settings.SECURITY_DEFAULT_FAILURE_LIMIT,
                "account_failure_limit": settings.SECURITY_DEFAULT_ACCOUNT_FAILURE_LIMIT,
                "lockout_minutes": settings.SECURITY_DEFAULT_LOCKOUT_MINUTES,
                "idle_minutes": settings.SECURITY_DEFAULT_IDLE_MINUTES,
                "token_hours": settings.SECURITY_DEFAULT_TOKEN_HOURS,
                "password_min_length": settings.SECURITY_DEFAULT_PASSWORD_MIN_LENGTH,
                "password_min_classes": settings.SECURITY_DEFAULT_PASSWORD_MIN_CLASSES,
                "password_history_size": settings.SECURITY_DEFAULT_PASSWORD_HISTORY_SIZE,
            },
        )
        cache.set(CACHE_KEY, policy, CACHE_SECONDS)
    return policy


def forget_policy() -> None:
    cache.delete(CACHE_KEY)


def axes_failure_limit(request: Any, credentials: Any) -> int:
    return current_policy().failure_limit


def axes_cooloff_time(request: Any = None) -> timedelta:
    return timedelta(minutes=current_policy().lockout_minutes)
