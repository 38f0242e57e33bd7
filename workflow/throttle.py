"""Throttling of the public self-application pages (per client address and per ID number), counted in Redis
through Django's cache so that every web worker shares the counts."""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

MSG_THROTTLED = "提交过于频繁，请{minutes}分钟后再试。"
MSG_LOOKUP_THROTTLED = "查询过于频繁，请{minutes}分钟后再试。"
# What the farmer can do instead of waiting (seed 003 §二(4): a village cadre may fill the application in).
MSG_IN_PERSON_APPLY = "也可以到村委会当面申请，由村干部帮您填写提交。"
MSG_IN_PERSON_LOOKUP = "也可以到村委会询问办理进度。"

HOUR = 3600
DAY = 24 * HOUR
# (how many, per seconds). A family rarely needs more than one submission, but one address may carry a whole
# village: after a village meeting on self-application (seed 003 §二(3)) farmers send theirs on the office's Wi-Fi,
# or behind a carrier's shared address. So the per-address limit only stops a flood: the per-ID-number one already
# stops floods aimed at one person. Per ID number means per ID number and phone for submissions, and wrong guesses
# only for lookups (views_public), so that nobody can use the limits to lock a farmer out.
SUBMIT_PER_ADDRESS = (60, HOUR)
SUBMIT_PER_ID_NUMBER = (3, DAY)
# The lookup answers "is this ID number + phone an applicant?", so wrong guesses are limited, and only they: a
# right pair is the farmer's own, however many look theirs up from one address. Twenty misses an hour leave room
# for a village office's mistyped numbers; a guess at an 11-digit phone or an ID number needs far more.
LOOKUP_MISSES_PER_ADDRESS = (20, HOUR)
LOOKUP_PER_ID_NUMBER = (5, DAY)


def _key(bucket: str, value: str) -> str:
    # The raw ID number never becomes a Redis key: a keyed hash of it does.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{bucket}:{value}".encode()).hexdigest()[:32]
    return f"apply-throttle:{bucket}:{digest}"


def allow(bucket: str, value: str | None, rate: tuple[int, int]) -> bool:
    """Count one attempt in a fixed window that starts with the first; False once the limit is passed."""
    limit, window = rate
    key = _key(bucket, value or "unknown")
    if cache.add(key, 0, timeout=window):
        cache.set(f"{key}:until", time.time() + window, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def exceeded(bucket: str, value: str | None, rate: tuple[int, int]) -> bool:
    """Whether the limit is reached already, without counting an attempt (for what only a failure counts)."""
    count = cache.get(_key(bucket, value or "unknown"))
    return count is not None and count >= rate[0]


def retry_minutes(bucket: str, value: str | None, rate: tuple[int, int]) -> int:
    """Whole minutes until the window that refused this value ends (at least 1; the whole window if unknown)."""
    until = cache.get(f"{_key(bucket, value or 'unknown')}:until")
    seconds = until - time.time() if until is not None else rate[1]
    return max(1, math.ceil(seconds / 60))


def refusal(bucket: str, value: str | None, rate: tuple[int, int], *, apply: bool) -> str:
    """The 429 page's words: when to try again, and the way that needs no waiting."""
    minutes = retry_minutes(bucket, value, rate)
    if apply:
        return MSG_THROTTLED.format(minutes=minutes) + MSG_IN_PERSON_APPLY
    return MSG_LOOKUP_THROTTLED.format(minutes=minutes) + MSG_IN_PERSON_LOOKUP
