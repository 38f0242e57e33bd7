"""The security admin's policy changes (/accounts/security/): each value within its bounds, the change audited
with what it did to accounts' login locks (a new failure limit or lockout time locks or frees accounts at once)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import UNCHANGED, audit_changes, audit_record
from accounts.lockouts import locked_account_list
from accounts.models import SecurityPolicy, User
from accounts.policy import current_policy, forget_policy

MSG_POLICY_RANGE = "{field}必须在{low}到{high}之间。"

POLICY_BOUNDS: dict[str, tuple[int, int]] = {
    # MLPS level 3 leaves the numbers to the operator; these bounds keep them meaningful.
    "password_max_age_days": (1, 180),
    # The expiry banner (accounts.password_expiry): a day's notice at least, a month at most.
    "password_expiry_notice_days": (1, 30),
    "failure_limit": (3, 10),
    # Never below the per-address limit's highest: a lower one would lock the owner before any one address does.
    "account_failure_limit": (10, 100),
    "lockout_minutes": (10, 1440),
    "idle_minutes": (5, 60),
    # API tokens (department upload scripts): from an hour to 30 days; a script asks for a new one when told.
    "token_hours": (1, 720),
    # Complexity: never below the level-3 baseline of 8 characters and 3 classes.
    "password_min_length": (8, 32),
    "password_min_classes": (3, 4),
    "password_history_size": (3, 24),
}


def policy_range_errors(values: dict[str, int]) -> dict[str, str]:
    """Each value outside its bounds, by field, in words (the page's form asks this for every value it could read,
    so that all are reported in one submit with its empty fields; the service asks it again for any caller)."""
    errors: dict[str, str] = {}
    for name, value in values.items():
        low, high = POLICY_BOUNDS[name]
        if not low <= value <= high:
            label = SecurityPolicy._meta.get_field(name).verbose_name
            errors[name] = MSG_POLICY_RANGE.format(field=label, low=low, high=high)
    return errors


@transaction.atomic
def security_policy_update(*, actor: User, **values: int) -> SecurityPolicy:
    policy = SecurityPolicy.objects.select_for_update().get(pk=current_policy().pk)
    if errors := policy_range_errors(values):
        raise ValidationError(errors)
    before = {name: getattr(policy, name) for name in POLICY_BOUNDS}
    locked_before = {lock.user.username for lock in locked_account_list(policy=policy)}
    for name, value in values.items():
        setattr(policy, name, value)
    policy.updated_by = actor
    policy.save()
    old, new = audit_changes(before, {name: getattr(policy, name) for name in POLICY_BOUNDS})
    # A new failure limit or lockout time locks or frees accounts at once, with no login and no unlock: recorded
    # here by name, or the log would show accounts locked and freed by nobody.
    locked_after = {lock.user.username for lock in locked_account_list(policy=policy)}
    policy.locked_now = sorted(locked_after - locked_before)
    policy.unlocked_now = sorted(locked_before - locked_after)
    # Named in the summary too: the page lists the changes, but a summary of "修改安全策略" alone says nothing.
    changed = "，".join(
        f"{SecurityPolicy._meta.get_field(name).verbose_name} {before[name]} → {value}"
        for name, value in (new or {}).items()
    )
    effects = policy_lock_effects(policy)
    audit_record(
        actor=actor,
        action="security.policy_update",
        summary=(f"修改安全策略：{changed}" if changed else f"修改安全策略{UNCHANGED}")
        + (f"；{effects}" if effects else ""),
        target=policy,
        before=old,
        after={**(new or {}), **_lock_lists(policy)} if new else new,
    )
    transaction.on_commit(forget_policy)
    policy.changed = list(new or {})  # what this save changed, for the page's message
    return policy


def policy_lock_effects(policy: SecurityPolicy) -> str:
    """What a policy save did to accounts' login locks, in words ("" when nothing)."""
    parts = []
    if policy.locked_now:
        parts.append(f"因此立即锁定账号 {'、'.join(policy.locked_now)}")
    if policy.unlocked_now:
        parts.append(f"因此立即解除锁定账号 {'、'.join(policy.unlocked_now)}")
    return "；".join(parts)


def _lock_lists(policy: SecurityPolicy) -> dict[str, list[str]]:
    found = {"locked_now": policy.locked_now, "unlocked_now": policy.unlocked_now}
    return {key: names for key, names in found.items() if names}
