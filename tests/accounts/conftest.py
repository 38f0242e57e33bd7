import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every persona's password is hashed, and PBKDF2's million rounds make that most of a test's time on these
    # shared machines. The policy under test does not depend on the hash function.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
