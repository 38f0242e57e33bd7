"""Who may open which alerts page. Registry staff work on alerts; clerks upload and see their own outcomes; the
county's staff see every department's uploads, punctuality and the persons the registry does not hold."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.permissions import MSG_NO_CAPABILITY, user_can
from accounts.roles import Capability


def is_county_staff(user: Any) -> bool:
    return bool(user.is_superuser or (user_can(user, Capability.REGISTRY_VIEW) and len(user.region_path or "") == 6))


def sees_feeds(user: Any) -> bool:
    return user_can(user, Capability.FEEDS_UPLOAD) or is_county_staff(user)


def _require(test: Callable[[Any], bool]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated or not test(request.user):
                raise PermissionDenied(MSG_NO_CAPABILITY)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


feeds_page = _require(sees_feeds)
county_page = _require(is_county_staff)
clerk_page = _require(lambda user: user_can(user, Capability.FEEDS_UPLOAD))
