"""Throttling of the public self-application pages (per client address and per ID number), counted in Redis
through Django's cache so that every web worker shares the counts."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

MSG_THROTTLED = "提交过于频繁，请稍后再试。"

HOUR = 3600
DAY = 24 * HOUR
# (how many, per seconds). A family rarely needs more than one submission; a village office behind one address
# may send a few for neighbours.
SUBMIT_PER_ADDRESS = (5, HOUR)
SUBMIT_PER_ID_NUMBER = (3, DAY)
# The lookup answers "is this ID number + phone an applicant?", so wrong guesses are limited too.
LOOKUP_PER_ADDRESS = (10, HOUR)
LOOKUP_PER_ID_NUMBER = (5, DAY)


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT says that many proxies of ours stand in front: then the
    address the outermost of them saw, i.e. that many entries from the right of X-Forwarded-For. Entries further
    left are whatever the client chose to send and are never trusted (or anyone could dodge the throttle)."""
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    address = request.META.get("REMOTE_ADDR") or None
    if trusted > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= trusted:
            address = hops[-trusted]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def _key(bucket: str, value: str) -> str:
    # The raw ID number never becomes a Redis key: a keyed hash of it does.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{bucket}:{value}".encode()).hexdigest()[:32]
    return f"apply-throttle:{bucket}:{digest}"


def allow(bucket: str, value: str | None, rate: tuple[int, int]) -> bool:
    """Count one attempt in a fixed window that starts with the first; False once the limit is passed."""
    limit, window = rate
    key = _key(bucket, value or "unknown")
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
