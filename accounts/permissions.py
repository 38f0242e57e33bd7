"""Capability checks for pages and the API: a user without the capability gets 403."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import Capability, department_can, role_can

MSG_NO_CAPABILITY = "您的角色无权访问此页面。"
MSG_API_NO_CAPABILITY = "您的角色无权使用此接口。"
MSG_VIEW_ONLY = "您的角色只能查看{what}。"


def user_can(user: Any, capability: str) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    role = user.role
    department = getattr(user, "department", "")
    return user.is_superuser or role_can(role, capability) or department_can(role, department, capability)


def user_is_config_admin(user: Any) -> bool:
    """May enter the configuration site (/admin/): the system admin, and a superuser only in development.

    A superuser holds everything, which separated duties (三权分立) forbid in production."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return not settings.PRODUCTION
    return role_can(user.role, Capability.USERS_MANAGE)


def capability_required(capability: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not user_can(request.user, capability):
                raise PermissionDenied(MSG_NO_CAPABILITY)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def HasCapability(capability: str) -> type[BasePermission]:
    class _HasCapability(BasePermission):
        message = MSG_API_NO_CAPABILITY

        def has_permission(self, request: Any, view: Any) -> bool:
            return user_can(request.user, capability)

    return _HasCapability


def ViewOrEdit(*, view: str, edit: str, what: str) -> type[BasePermission]:
    """Reading needs `view`; any other method needs `edit` as well, checked before the body is read: a role that may
    only look (the official) hears 403 "您的角色只能查看{what}。", not the body's 400 or an unknown record's 404 (as
    households.api.RegistryWritePermission does for the registry). Which record and step is whose stays the
    services' check."""

    class _ViewOrEdit(BasePermission):
        message = MSG_API_NO_CAPABILITY

        def has_permission(self, request: Any, view_: Any) -> bool:
            if not user_can(request.user, view):
                return False  # a role that may not even read is told so
            if request.method in SAFE_METHODS:
                return True
            self.message = MSG_VIEW_ONLY.format(what=what)
            return user_can(request.user, edit)

    return _ViewOrEdit
