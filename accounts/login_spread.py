"""可疑登录: failed logins spread over addresses or over accounts, told to the security admin.

The login lock (accounts.lockouts) counts failures per account *and* address, so that a stranger cannot lock an
account's owner out of their own office. It therefore never meets a guesser who moves to another address before
each lock (one account, failures from many addresses), nor one address trying a password or two on each of many
accounts (password spraying), which stays under every account's limit. Both are seen here, in the failed logins the
audit log records with their address (auth.login_failed, accounts.signals): when within the window one account has
failed from SECURITY_SPREAD_ADDRESSES addresses, or one address has failed against SECURITY_SPREAD_ACCOUNTS
accounts (settings), a notice is recorded as an audit event (auth.login_spread). The security page lists the recent
ones and the security admin's home page counts the last day's (accounts.apps).

Bounded: one notice per account or address per window however long the failures go on, naming at most NAMED
addresses or accounts; the page lists the latest LIST_LIMIT of the last LIST_DAYS days."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, Max, QuerySet, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent, User

SPREAD = "auth.login_spread"
FAILED = "auth.login_failed"
KIND_ACCOUNT = "account"
KIND_ADDRESS = "address"
NAMED = 10  # addresses or accounts a notice names; the count says how many there were
LIST_LIMIT = 20
LIST_DAYS = 7
TILE_HOURS = 24
LOCK_CLASS = 7_401  # advisory lock: two failures at once record one notice
SYSTEM = "系统自动"  # who the audit log names for a notice about an address (alerts.services.due says it so too)
MSG_ACCOUNT = (
    "可疑登录：账号 {username} 在{minutes}分钟内从 {count} 个不同地址登录失败（{names}），可能有人在换地址猜测密码"
)
MSG_ADDRESS = (
    "可疑登录：地址 {address} 在{minutes}分钟内对 {count} 个账号登录失败（{names}），可能有人在逐个试探账号的密码"
)


@dataclass(frozen=True)
class SpreadNotice:
    """A notice as the security page shows it: an account and the addresses it failed from, or an address and the
    accounts it failed against."""

    at: dt.datetime
    kind: str
    subject: str
    count: int
    failures: int
    names: list[str]
    minutes: int

    @property
    def by_account(self) -> bool:
        return self.kind == KIND_ACCOUNT


def _window() -> int:
    return int(settings.SECURITY_SPREAD_WINDOW_MINUTES)


def _failures(since: dt.datetime) -> QuerySet[AuditEvent]:
    # An unknown name has no account (object_id ""): it is told apart by the keyed hash of what was typed
    # (accounts.signals.typed_key), not by the masked name the log shows, which many names share ("rv***"); a
    # failure logged before the hash was kept falls back to the masked name. Neither looks like an account's id.
    unknown = Coalesce(KeyTextTransform("typed_key", "after"), F("actor_username"), output_field=CharField())
    account = Case(When(object_id="", then=unknown), default=F("object_id"), output_field=CharField())
    return AuditEvent.objects.filter(action=FAILED, created_at__gte=since, ip_address__isnull=False).annotate(
        account=account
    )


def login_spread_check(*, user: User | None, address: str | None) -> list[AuditEvent]:
    """After a failed login for `user` (None: a name that is no account) from `address`: record a notice for the
    account, the address, or both, where the failures of the window reach the settings' counts and no notice has
    been recorded for it within the window. Returns the notices recorded."""
    if not address:
        return []
    minutes = _window()
    since = timezone.now() - dt.timedelta(minutes=minutes)
    failures = _failures(since)
    found = []
    if user is not None:
        own = failures.filter(object_type="accounts.user", object_id=str(user.pk))
        counted = own.aggregate(count=Count("ip_address", distinct=True), failures=Count("pk"))
        if counted["count"] >= settings.SECURITY_SPREAD_ADDRESSES:
            found.append((KIND_ACCOUNT, user.username, counted, _latest(own, "ip_address"), user))
    here = failures.filter(ip_address=address)
    counted = here.aggregate(count=Count("account", distinct=True), failures=Count("pk"))
    if counted["count"] >= settings.SECURITY_SPREAD_ACCOUNTS:
        found.append((KIND_ADDRESS, address, counted, _latest(here, "account", shown="actor_username"), None))
    recorded = [
        _notice(kind, subject, names, user=owner, since=since, minutes=minutes, **counted)
        for kind, subject, counted, names, owner in found
    ]
    return [event for event in recorded if event is not None]


def _latest(failures: QuerySet[AuditEvent], key: str, *, shown: str = "") -> list[str]:
    """The NAMED `key`s whose failures are the latest, each as its `shown` field says it (an account as the log
    names it: an unknown name masked)."""
    rows = failures.values(key, *([shown] if shown else [])).annotate(last=Max("created_at")).order_by("-last", key)
    return [str(row[shown or key]) for row in rows[:NAMED]]


@transaction.atomic
def _notice(
    kind: str,
    subject: str,
    names: list[str],
    *,
    count: int,
    failures: int,
    user: User | None,
    since: dt.datetime,
    minutes: int,
) -> AuditEvent | None:
    # Held to the end of this transaction: a second failure at the same moment waits, then finds this notice.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [LOCK_CLASS])
    recent = AuditEvent.objects.filter(action=SPREAD, created_at__gte=since, after__kind=kind, after__subject=subject)
    if recent.exists():
        return None
    shown = "、".join(names) + ("等" if count > len(names) else "")
    if kind == KIND_ACCOUNT:
        summary = MSG_ACCOUNT.format(username=subject, minutes=minutes, count=count, names=shown)
    else:
        summary = MSG_ADDRESS.format(address=subject, minutes=minutes, count=count, names=shown)
    return audit_record(
        # An account's notice is logged under its name, as its lock is (accounts.signals); an address's, the system's.
        actor=None,
        actor_username=user.username if user else SYSTEM,
        action=SPREAD,
        summary=summary,
        target=user,
        object_type="accounts.user" if user else "",
        after={"kind": kind, "subject": subject, "count": count, "failures": failures, "names": names,
               "minutes": minutes},
    )  # fmt: skip


def login_spread_list(*, limit: int = LIST_LIMIT, days: int = LIST_DAYS) -> list[SpreadNotice]:
    """The notices of the last `days` days, the latest first, at most `limit` (the security page)."""
    since = timezone.now() - dt.timedelta(days=days)
    events = AuditEvent.objects.filter(action=SPREAD, created_at__gte=since).order_by("-created_at", "-pk")[:limit]
    return [_shown(event) for event in events]


def _shown(event: AuditEvent) -> SpreadNotice:
    after: dict[str, Any] = event.after or {}
    return SpreadNotice(
        at=event.created_at,
        kind=str(after.get("kind", "")),
        subject=str(after.get("subject", "")),
        count=int(after.get("count", 0)),
        failures=int(after.get("failures", 0)),
        names=[str(name) for name in after.get("names", [])],
        minutes=int(after.get("minutes", 0)),
    )


def login_spread_rules() -> dict[str, int]:
    """The settings the notices are recorded by, for the page to say them."""
    return {
        "minutes": _window(),
        "addresses": int(settings.SECURITY_SPREAD_ADDRESSES),
        "accounts": int(settings.SECURITY_SPREAD_ACCOUNTS),
        "days": LIST_DAYS,
        "limit": LIST_LIMIT,
    }


def login_spread_count(*, hours: int = TILE_HOURS) -> int:
    """The notices of the last `hours` hours (the security admin's home tile)."""
    return AuditEvent.objects.filter(action=SPREAD, created_at__gte=timezone.now() - dt.timedelta(hours=hours)).count()
