"""Password complexity of MLPS level 3: at least 8 characters, at least 3 of the 4 character classes."""

import string

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ValidationError

MSG_PASSWORD_CLASSES = "密码须包含大写字母、小写字母、数字、特殊符号中的至少{n}类。"
MSG_PASSWORD_TOO_SHORT = "密码太短，至少需要{n}个字符。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    # Django 5.2 changed this message's msgid and its zh_Hans catalogue still carries the old one, so the
    # stock validator would answer in English.
    def get_error_message(self) -> str:
        return MSG_PASSWORD_TOO_SHORT.format(n=self.min_length)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

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


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds, for the random initial passwords the system generates (accounts.user_import).

    The default rounds (over a million, 0.3 s a hash here) protect passwords people choose. A generated one is
    12 characters drawn at random from 61 (about 2^71 possibilities), out of reach of guessing at any number of
    rounds, and it lives only until the first login: the user must change it then, and Django re-hashes a
    password with the default rounds at the login anyway. With the default a county's thousand accounts would
    take five minutes of hashing. The hashes read as ordinary pbkdf2_sha256 ones (the rounds are stored in each)."""

    iterations = 5_000
