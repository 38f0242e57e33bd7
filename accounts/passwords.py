"""Password complexity of MLPS level 3: a minimum length and a number of the 4 character classes, both from the
security admin's policy (SecurityPolicy.password_min_length and .password_min_classes; 8 and 3 by default)."""

import string

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ValidationError

MSG_PASSWORD_CLASSES = "密码须包含大写字母、小写字母、数字、特殊符号中的至少{n}类。"
MSG_PASSWORD_TOO_SHORT = "密码太短，至少需要{n}个字符。"
MSG_PASSWORD_SIMILAR = "密码与{detail}过于相似，请换一个。"
MSG_PASSWORD_HAS_USERNAME = "密码不能包含用户名。"
MSG_PASSWORD_HAS_NAME = "密码不能包含姓名。"
HELP_PASSWORD_SIMILAR = "密码不能包含用户名或姓名，也不能与用户名、姓名、邮箱过于相似。"
# Shorter details are not looked for inside a password: a 2-letter username (li) is in too many words. A name of two
# characters (王五) is a whole name, so it counts.
MIN_USERNAME_INSIDE = 3
MIN_NAME_INSIDE = 2
# The account's details a password may not resemble, in the words of the user pages (Django's zh_Hans catalogue says
# "密码跟 用户名 太相似了。", with the field's verbose name between spaces: 名字 and 姓氏 for the two halves of a name).
SIMILAR_DETAILS = {"username": "用户名", "first_name": "姓名", "last_name": "姓名", "email": "邮箱"}


def _policy():  # type: ignore[no-untyped-def]
    from accounts.policy import current_policy  # the validators are built before the apps are ready

    return current_policy()


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with the length from the live policy unless one is given."""

    def __init__(self, min_length: int | None = None) -> None:
        self.fixed_length = min_length

    @property
    def min_length(self) -> int:  # type: ignore[override]
        return self.fixed_length or _policy().password_min_length

    # Django 5.2 changed this message's msgid and its zh_Hans catalogue still carries the old one, so the
    # stock validator would answer in English.
    def get_error_message(self) -> str:
        return MSG_PASSWORD_TOO_SHORT.format(n=self.min_length)

    def get_help_text(self) -> str:
        return MSG_PASSWORD_TOO_SHORT.format(n=self.min_length)


def _names(user: object) -> list[str]:
    """The user's name as the pages write it (姓 then 名: 王小明) and in the Latin order (Xiaoming Wang), without
    spaces. No pinyin of a Chinese name: the project has no romanisation to compare with."""
    last, first = (str(getattr(user, field, "") or "") for field in ("last_name", "first_name"))
    return ["".join(f"{a}{b}".split()) for a, b in ((last, first), (first, last))]


def _contains(password: str, detail: str, shortest: int) -> bool:
    return len(detail) >= shortest and detail.casefold() in password.casefold()


def password_holds(password: str, username: str) -> bool:
    """The password has the username inside, which the validator below refuses."""
    return _contains(password, username, MIN_USERNAME_INSIDE)


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's comparison with the account's details (settings.AUTH_PASSWORD_VALIDATORS), its refusal worded
    properly and naming the detail (用户名, 姓名, 邮箱) the password is too like.

    First a password holding the username or the name is refused outright, whatever the rest: Django's measure is
    a ratio of the lengths, so user rsec2's Rsec2@rsec2 (0.625 < 0.7) passed though it spells the username twice."""

    def validate(self, password: str, user: object = None) -> None:
        if user is None:
            return
        if password_holds(password, str(getattr(user, "username", "") or "")):
            raise ValidationError(MSG_PASSWORD_HAS_USERNAME, code="password_has_username")
        if any(_contains(password, name, MIN_NAME_INSIDE) for name in _names(user)):
            raise ValidationError(MSG_PASSWORD_HAS_NAME, code="password_has_name")
        for attribute in self.user_attributes:
            stock = password_validation.UserAttributeSimilarityValidator((attribute,), self.max_similarity)
            try:
                stock.validate(password, user)
            except ValidationError as error:
                detail = SIMILAR_DETAILS.get(attribute, attribute)
                raise ValidationError(MSG_PASSWORD_SIMILAR.format(detail=detail), code=error.code) from error

    def get_help_text(self) -> str:
        return HELP_PASSWORD_SIMILAR


class CharacterClassValidator:
    """At least N of upper case, lower case, digits and symbols, N from the live policy unless one is given."""

    def __init__(self, min_classes: int | None = None) -> None:
        self.fixed_classes = min_classes

    @property
    def min_classes(self) -> int:
        return self.fixed_classes or _policy().password_min_classes

    def validate(self, password: str, user: object = None) -> None:
        classes = [
            any(c in string.ascii_uppercase for c in password),
            any(c in string.ascii_lowercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(MSG_PASSWORD_CLASSES.format(n=self.min_classes), code="password_too_simple")

    def get_help_text(self) -> str:
        return MSG_PASSWORD_CLASSES.format(n=self.min_classes)


def password_rule_text() -> str:
    """The policy in one sentence, for the forms that ask for a new password."""
    policy = _policy()
    classes = policy.password_min_classes
    return f"至少{policy.password_min_length}位，包含大写字母、小写字母、数字、特殊符号中的至少{classes}类"


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds, for the random initial passwords the system generates (accounts.user_import).

    The default rounds (over a million, 0.3 s a hash here) protect passwords people choose. A generated one is
    12 characters drawn at random from 61 (about 2^71 possibilities), out of reach of guessing at any number of
    rounds, and it lives only until the first login: the user must change it then, and Django re-hashes a
    password with the default rounds at the login anyway. With the default a county's thousand accounts would
    take five minutes of hashing. The hashes read as ordinary pbkdf2_sha256 ones (the rounds are stored in each)."""

    iterations = 5_000
