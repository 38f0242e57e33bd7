"""django-axes' database handler with a second lock: on the account alone, at a higher limit.

axes locks an account at one address (settings.AXES_LOCKOUT_PARAMETERS), so a stranger's wrong passwords do not
lock its owner out of their office. Alone, that lets one account be guessed from address after address without
ever locking (MLPS level 3 asks failed logins limited per account). axes compares every lockout parameter set with
one failure limit, so the account-wide count is added here: the failures of the username from every address within
the lockout minutes (accounts.lockouts.account_failures), locked at SecurityPolicy.account_failure_limit when they
come from enough addresses (accounts.lockouts.ACCOUNT_LOCK_ADDRESSES; the rule is stated there). The lock
is axes' own from there: the login and token views refuse it, an attempt during it goes unrecorded, the lockout
signal is audited (accounts.signals), and the security admin lifts it as the other (accounts.lockouts)."""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.signals import user_locked_out

from accounts.lockouts import ACCOUNT_LOCK_FAILURES, account_failures


class AccountLockHandler(AxesDatabaseHandler):
    def _account_lock(self, request: Any, credentials: dict[str, Any] | None) -> int | None:
        """The account's failures from every address when they reach the account-wide limit, else None."""
        username = get_client_username(request, credentials)
        if not username:
            return None
        return account_failures(username)

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        failures = self._account_lock(request, credentials)
        if failures is None:
            return False
        setattr(request, ACCOUNT_LOCK_FAILURES, failures)
        return True

    def user_login_failed(self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Refused during a lock, unrecorded (axes counted nothing): nothing more to lock.
        if request is None or getattr(request, "axes_failures_since_start", None) is None:
            return
        failures = self._account_lock(request, credentials)
        if failures is None:
            return
        # Signalled even when this failure also locked the account at this address (audited as that just before):
        # the lock at every address is another, which the audit log must show.
        request.axes_locked_out = True
        request.axes_credentials = credentials
        setattr(request, ACCOUNT_LOCK_FAILURES, failures)
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
