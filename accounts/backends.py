"""The password check behind every login (the page, the API token, the admin's redirect to the page)."""

from typing import Any

from django.contrib.auth.backends import AllowAllUsersModelBackend

from accounts.approvals import login_refusal


class PasswordBackend(AllowAllUsersModelBackend):
    """Django's ModelBackend, except that a disabled account with the right password is authenticated.

    Django's own backend answers None for it, exactly as for a wrong password: the login form then says
    "用户名或密码错误", django-axes counts a failure, and a person who was disabled (and knows their password) retries
    until the account is locked, a lock that outlives the re-enabling. Returned here, the account meets the callers'
    own check instead: the login form's confirm_login_allowed ("该账号已停用，请联系系统管理员。") and the token
    endpoint, and no failure is signalled. Only the right password gets that answer, so it tells a stranger nothing.

    A session still belongs only to an active account (get_user): disabling an account ends its sessions at their
    next request, as before."""

    def get_user(self, user_id: Any) -> Any:
        user = super().get_user(user_id)
        # Nor to one waiting for the security admin's approval, or refused it (accounts.approvals).
        return user if user is not None and user.is_active and not login_refusal(user) else None
