"""A stranger cannot lock an account's owner out (security finding 1, MLPS level 3 lockout kept): failures lock the
account at the stranger's address; the account as a whole locks only past the higher limit *and* from several
addresses (accounts.lockouts.ACCOUNT_LOCK_ADDRESSES). Before, the account-wide count took failures from one or two
addresses alike: with the policy's limits at 10 and 10 one address locked the county bureau everywhere, and at
the defaults two did. The security admin is told of a lock on the home page."""

import pytest
from django.test import Client

from accounts.lockouts import ACCOUNT_LOCK_ADDRESSES, locked_account_list
from accounts.policy import current_policy
from accounts.policy_update import security_policy_update
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Wrong@Pass2026"
OFFICE = "10.1.1.1"
STRANGER = "10.9.8.7"


def _web_login(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def _set_limits(admin, capture, **limits: int) -> None:
    with capture(execute=True):  # the policy cache is cleared on commit
        security_policy_update(actor=admin, **limits)


def test_a_stranger_at_one_address_never_locks_the_owner_out_whatever_the_limits(
    personas, django_capture_on_commit_callbacks
):
    _set_limits(personas.security_admin, django_capture_on_commit_callbacks, failure_limit=10, account_failure_limit=10)

    answers = [_web_login("county_officer", WRONG, STRANGER).status_code for _ in range(12)]

    assert answers[9:] == [403, 403, 403]  # the stranger's address is locked at the 10th failure
    assert _web_login("county_officer", TEST_PASSWORD, STRANGER).status_code == 403
    # The bureau's officer, at the office on approval day, still signs in.
    assert _web_login("county_officer", TEST_PASSWORD, OFFICE).status_code == 302
    assert [lock.all_addresses for lock in locked_account_list()] == [False]


def test_two_addresses_past_the_account_limit_still_leave_the_owner_in(personas, django_capture_on_commit_callbacks):
    _set_limits(personas.security_admin, django_capture_on_commit_callbacks, account_failure_limit=10)
    assert ACCOUNT_LOCK_ADDRESSES == 3 and current_policy().failure_limit == 5

    for address in ("10.9.0.1", "10.9.0.2"):
        for _ in range(8):  # the attempts after the lock at each address (the 5th) are refused, not counted
            _web_login("county_officer", WRONG, address)

    assert _web_login("county_officer", TEST_PASSWORD, OFFICE).status_code == 302


def test_the_account_locks_everywhere_past_the_higher_limit_from_several_addresses(personas):
    limit, per_address = current_policy().account_failure_limit, current_policy().failure_limit
    addresses = [f"10.9.0.{n}" for n in range(1, ACCOUNT_LOCK_ADDRESSES + 1)]
    for address in addresses:
        for _ in range(per_address):
            _web_login("county_officer", WRONG, address)

    assert _web_login("county_officer", TEST_PASSWORD, OFFICE).status_code == 403
    locks = locked_account_list()
    assert [(lock.user.username, lock.all_addresses, lock.failures) for lock in locks] == [
        ("county_officer", True, limit)
    ]
    assert locks[0].ip_addresses == tuple(addresses)


def test_the_security_admin_home_counts_the_locked_accounts(personas, login):
    for _ in range(current_policy().failure_limit):
        _web_login("county_officer", WRONG, STRANGER)

    tiles = login(personas.security_admin).get("/").context["tiles"]

    tile = next(tile for tile in tiles if tile["key"] == "locked_accounts")
    assert tile["count"] == 1 and tile["label"] == "被锁定的账号"
    assert tile["url"] == "/accounts/security/#locked"
    assert "locked_accounts" not in [tile["key"] for tile in login(personas.county_officer).get("/").context["tiles"]]


def test_the_security_page_states_the_rule_with_its_addresses(personas, login):
    page = login(personas.security_admin).get("/accounts/security/").content.decode()

    assert "从至少 3 个不同地址合计失败 15 次的账号在所有地址锁定" in page


def test_the_policy_form_says_the_account_lock_needs_several_addresses(personas, login):
    form = login(personas.security_admin).get("/accounts/security/").context["form"]

    assert "来自至少3个不同地址、合计达到下一项的次数时除外" in form["failure_limit"].help_text
    assert "从至少3个不同地址合计失败达到此数" in form["account_failure_limit"].help_text
