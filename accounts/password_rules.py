"""The password rules of the account services (accounts.services): the security admin's policy through the
validators, no reuse of the current or recent passwords (MLPS level 3 rotation), the history kept for it."""

from django.contrib.auth.hashers import check_password, get_hasher, is_password_usable, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import PasswordHistory, User
from accounts.passwords import InitialPasswordHasher
from accounts.policy import current_policy

MSG_PASSWORD_SAME = "新密码不能与当前密码相同。"
MSG_PASSWORD_REUSED = "新密码不能与最近{n}次使用过的密码相同。"
# An administrator's reset (accounts.services.user_reset_password) is told the same for the current password and a
# recent one: which of the two it was is the user's, not the administrator's, to know.
MSG_TEMPORARY_PASSWORD_REUSED = "临时密码不能与该用户当前密码或最近使用过的密码相同。"

# The current password and the ones before it that a new password may not repeat (MLPS level 3 rotation): the
# default of SecurityPolicy.password_history_size, which the security admin sets (password_history_size()).
PASSWORD_HISTORY_SIZE = 5
# Where the password pages show a refused new password: the confirmation field of Django's PasswordChangeForm,
# which both /accounts/password/ and its validators use.
NEW_PASSWORD_FIELD = "new_password2"


def validate_new_password(password: str, user: User, *, field: str) -> None:
    """The password validators (settings.AUTH_PASSWORD_VALIDATORS), reported at the form's password field."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error


def check_not_reused(password: str, user: User) -> None:
    """The new password is neither the current one nor one of the policy's history size - 1 before it.

    Compared against the hashes (check_password without the user's setter, which would re-hash and save)."""
    if check_password(password, user.password):
        raise ValidationError({NEW_PASSWORD_FIELD: MSG_PASSWORD_SAME})
    if _recently_used(password, user):
        raise ValidationError({NEW_PASSWORD_FIELD: MSG_PASSWORD_REUSED.format(n=password_history_size())})


def check_temporary_not_reused(password: str, user: User, *, field: str) -> None:
    """An administrator's temporary password is neither the user's current one nor a recent one: a reset often
    follows a suspected leak, and the leaked password set again would hand the account back to whoever holds it."""
    if check_password(password, user.password) or _recently_used(password, user):
        raise ValidationError({field: MSG_TEMPORARY_PASSWORD_REUSED})


def _recently_used(password: str, user: User) -> bool:
    """One of the policy's history size - 1 passwords before the current one (PasswordHistory, newest first)."""
    earlier = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)
    return any(check_password(password, encoded) for encoded in earlier[: password_history_size() - 1])


def password_history_size() -> int:
    """How many passwords a new one may not repeat, the current one included (SecurityPolicy)."""
    return current_policy().password_history_size


def retire_password(user: User) -> None:
    """Keep the hash of the password about to be replaced, and only as many as the reuse check reads."""
    if not user.password or not is_password_usable(user.password):
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    kept = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: password_history_size() - 1]
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(kept)).delete()


def initial_hash(password: str) -> str:
    """A generated password hashed with fewer PBKDF2 rounds (InitialPasswordHasher), when PBKDF2 is the
    configured hasher; with any other (the tests' fast one) as that one hashes."""
    hasher = get_hasher()
    if hasher.algorithm == InitialPasswordHasher.algorithm:
        hasher = InitialPasswordHasher()
    return make_password(password, hasher=hasher)
