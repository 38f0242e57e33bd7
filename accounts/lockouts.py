"""Accounts locked after repeated login failures (django-axes), for the security admin: which are locked now, and
the audited unlock (on the page, or on the server: manage.py unlock_account).

The lock tells its owner to ask the security admin (accounts.views.MSG_LOCKED), so the security admin must be able
to see it and lift it. Lifting it is theirs alone (三权分立): the system admin's password reset leaves it in place,
or the system admin could undo a security control at will; the reset page says the account is locked instead.

A lock is per account *and* address (settings.AXES_LOCKOUT_PARAMETERS): a stranger who types wrong passwords for
an account from elsewhere locks that account only from there, and its owner still signs in from their own office
(review admins finding 4). axes keeps one row per username, address and browser (AccessAttempt) and locks a
username at an address whose rows within the lockout minutes add up to the failure limit (both from
SecurityPolicy), counting from each row's latest failure. With AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off,
attempts during the lock are refused unrecorded, so the latest failure is when the lock began, and the lock lasts
the minutes the page states. Failures also come from a wrong current password on the password page
(accounts.password_checks).

A second lock counts an account's failures from every address together (accounts.axes_handler), at the higher
SecurityPolicy.account_failure_limit, and only when they come from at least ACCOUNT_LOCK_ADDRESSES different
addresses: one account guessed from address after address locks everywhere, its owner too, until its time or the
security admin's unlock. The rule, in short:

- short lock: failure_limit failures of one username from one address within lockout_minutes lock that username
  *at that address* for lockout_minutes; the owner elsewhere still signs in;
- account lock: account_failure_limit failures of one username within lockout_minutes, from ACCOUNT_LOCK_ADDRESSES
  or more addresses, lock it at every address for lockout_minutes.

Attempts refused by a lock are not counted, so one address adds at most failure_limit failures to the account's
count per lockout period: a stranger at one address (or two) can never lock the owner out, whatever the policy's
numbers (a county bureau's account on approval day), while a guesser moving between addresses is still stopped.
The security admin sees each lock on the security page, its home tile (被锁定的账号) and the API
(/api/v1/locked-accounts/), and lifts it there (account_unlock); the lock itself is audited (auth.lockout)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from accounts.audit import SERVER_COMMAND, audit_record, server_summary
from accounts.models import SecurityPolicy, User
from accounts.policy import current_policy

# The fewest different addresses whose failures together lock an account everywhere (see the module's rule).
ACCOUNT_LOCK_ADDRESSES = 3
MSG_NOT_LOCKED = "账号 {username} 当前没有被锁定（可能已到时自动解锁）。"
# Set on a request refused or locked by the account-wide lock (accounts.axes_handler): the account's failures from
# every address, so the audit and the lock message say which lock it is. Here, not in the handler: importing axes'
# handler imports axes.signals, which accounts.signals connects after its own receivers.
ACCOUNT_LOCK_FAILURES = "shouwang_account_lock_failures"
# Who the audit log names for a change made on the server with a management command.


@dataclass(frozen=True)
class LockedAccount:
    user: User
    failures: int
    locked_at: datetime
    unlocks_at: datetime
    ip_addresses: tuple[str, ...]
    # Locked by its failures from every address together: at every address, its owner's too.
    all_addresses: bool = False


def _live_attempts(policy: SecurityPolicy | None = None) -> QuerySet[AccessAttempt]:
    since = timezone.now() - timedelta(minutes=(policy or current_policy()).lockout_minutes)
    return AccessAttempt.objects.filter(attempt_time__gte=since)


def locked_account_list(*, username: str | None = None, policy: SecurityPolicy | None = None) -> list[LockedAccount]:
    """Accounts locked now, from one address or more, the latest lock first: the failures and addresses of the
    locks, the lock that ends last. A locked name that is no account (a mistyped name, or a password typed into the
    name field) is left out: there is nothing to unlock, and it must not be shown. `policy`: as if it were in force
    (a policy change, before it is saved)."""
    policy = policy or current_policy()
    attempts = _live_attempts(policy)
    if username is not None:
        attempts = attempts.filter(username=username)
    rows = (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("-last")
    )
    by_name: dict[str, list[dict]] = {}
    for row in rows:
        by_name.setdefault(row["username"], []).append(row)
    users = {u.username: u for u in User.objects.filter(username__in=list(by_name))}
    cooloff = timedelta(minutes=policy.lockout_minutes)
    locks = []
    for name, found in by_name.items():
        if name not in users:
            continue
        everywhere = _locks_everywhere(
            sum(row["failures"] for row in found), len({row["ip_address"] for row in found}), policy
        )
        if not everywhere:
            found = [row for row in found if row["failures"] >= policy.failure_limit]
            if not found:
                continue
        locks.append(
            LockedAccount(
                user=users[name],
                failures=sum(row["failures"] for row in found),
                locked_at=found[0]["last"],
                unlocks_at=found[0]["last"] + cooloff,
                ip_addresses=tuple(sorted({row["ip_address"] for row in found if row["ip_address"]})),
                all_addresses=everywhere,
            )
        )
    return locks


def account_locked(request: object) -> bool:
    return getattr(request, ACCOUNT_LOCK_FAILURES, None) is not None


def _locks_everywhere(failures: int, addresses: int, policy: SecurityPolicy | None = None) -> bool:
    policy = policy or current_policy()
    return failures >= policy.account_failure_limit and addresses >= ACCOUNT_LOCK_ADDRESSES


def account_failures(username: str) -> int | None:
    """The account's failures within the lockout minutes from every address when they lock it everywhere (the
    account-wide lock: enough of them, from enough addresses), else None."""
    found = (
        _live_attempts()
        .filter(username=username)
        .aggregate(total=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True))
    )
    failures = int(found["total"] or 0)
    return failures if _locks_everywhere(failures, found["addresses"]) else None


def account_lock(user: User) -> LockedAccount | None:
    """The account's lock, if it is locked now."""
    found = locked_account_list(username=user.username)
    return found[0] if found else None


def with_lock_failures(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate `lock_failures`, the failures that count towards a lock now from the address with the most, and
    `lock_failures_all`, from every address when they come from enough addresses to lock the account everywhere
    (the user list's 登录锁定 column)."""
    mine = _live_attempts().filter(username=OuterRef("username"))
    failures = mine.values("ip_address").annotate(total=Sum("failures_since_start")).order_by("-total")
    everywhere = (
        mine.values("username")
        .annotate(total=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True))
        .filter(addresses__gte=ACCOUNT_LOCK_ADDRESSES)
        .values("total")
    )
    return users.annotate(
        lock_failures=Subquery(failures.values("total")[:1]), lock_failures_all=Subquery(everywhere[:1])
    )


def is_locked(failures: int | None, failures_all: int | None = None) -> bool:
    policy = current_policy()
    return (failures or 0) >= policy.failure_limit or (failures_all or 0) >= policy.account_failure_limit


@transaction.atomic
def account_unlock(*, actor: User | None, user: User, server_user: str = "") -> LockedAccount:
    """Lift a lock before its time: the security admin (accounts.views.account_unlock), or with actor None someone
    on the server (manage.py unlock_account, `server_user` their login there): the one way back in when the
    security admin's own account is locked. The failures are forgotten, so the next login starts a new count; the
    audit row keeps how many there were and from where."""
    lock = account_lock(user)
    if lock is None:
        raise ValidationError(MSG_NOT_LOCKED.format(username=user.username))
    AccessAttempt.objects.filter(username=user.username).delete()
    counted = "各地址合计失败" if lock.all_addresses else "连续失败"
    summary = f"解除账号 {user.username} 的登录锁定（{counted}{lock.failures}次）"
    if actor is None:
        summary = server_summary(summary, server_user)
    audit_record(
        actor=actor,
        actor_username=SERVER_COMMAND if actor is None else "",
        action="auth.unlock",
        summary=summary,
        target=user,
        # The lock as it stood, in the county's time (the log keeps what it is given: a UTC instant would read
        # as the wrong hour); unlocked, it has no "after".
        before={
            "failures": lock.failures,
            "locked_at": f"{timezone.localtime(lock.locked_at):%Y-%m-%d %H:%M}",
            "ip_addresses": list(lock.ip_addresses),
        },
    )
    return lock
