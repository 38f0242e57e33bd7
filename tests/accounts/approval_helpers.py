"""The security admin's approval of an account the system admin created, reset or changed (accounts.approvals), for
tests about what comes after it."""

from accounts.approvals import Pick, accounts_decide, grant_fingerprint
from accounts.models import User


def approve(security_admin, user) -> User:
    fresh = User.objects.get(pk=user.pk)
    accounts_decide(actor=security_admin, picks=[Pick.parse(grant_fingerprint(fresh))], approve=True)
    return User.objects.get(pk=user.pk)
