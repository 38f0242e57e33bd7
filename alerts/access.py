"""Who may open which alerts page. Registry staff work on alerts; clerks upload and see their own outcomes; the
county's staff see every department's uploads, punctuality and the persons the registry does not hold."""

from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse

from accounts.file_access import UPLOAD_ERRORS_DOWNLOAD, personal_file_response
from accounts.permissions import MSG_NO_CAPABILITY, user_can
from accounts.roles import Capability
from alerts.models.uploads import clerk_department

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MSG_ERRORS_NOT_YOURS = "错误清单含完整身份证号和诊断等信息，仅供上传部门和县级业务人员核对修改，您的角色不能下载。"


def is_county_staff(user: Any) -> bool:
    return bool(user.is_superuser or (user_can(user, Capability.REGISTRY_VIEW) and len(user.region_path or "") == 6))


def sees_feeds(user: Any) -> bool:
    return user_can(user, Capability.FEEDS_UPLOAD) or is_county_staff(user)


def sees_error_lists(user: Any) -> bool:
    """The clerks, who fix their files from the error list, and the county bureau's staff who keep the registry
    (county officer); read-only county roles (official, approver) see uploads but not the rows in full."""
    if user.is_superuser or clerk_department(user) is not None:
        return True
    return is_county_staff(user) and user_can(user, Capability.REGISTRY_EDIT)


def may_download_errors(user: Any, upload: Any) -> bool:
    """An upload's error list (full ID numbers and diagnoses): its own department's clerks and the county bureau.
    The caller found `upload` in the user's scope."""
    department = clerk_department(user)
    if department is not None:
        return upload.department == department
    return sees_error_lists(user)


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


def error_workbook_response(*, actor: Any, upload: Any) -> FileResponse:
    """The upload's error workbook, for someone may_download_errors allows: its rows carry full ID numbers and
    diagnoses, so each download is recorded in the audit log (accounts.file_access), from the page or the API."""
    return personal_file_response(
        actor=actor,
        field_file=upload.error_file,
        action=UPLOAD_ERRORS_DOWNLOAD,
        target=upload,
        summary=f"下载{upload.get_department_display()}上传的“{upload.original_name}”（{upload.period_label}）的错误清单",
        filename=f"错误清单_{PurePath(upload.original_name).stem}.xlsx",
        as_attachment=True,
        content_type=XLSX,
    )
