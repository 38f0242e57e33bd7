"""Navigation by role: one list, so every page shows the same menu for the same person."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from accounts.permissions import user_can
from accounts.policy import current_policy
from accounts.roles import Capability

# (capability, label, url name). A url name that does not resolve yet is skipped, so an app's entry can stand here
# before its pages land.
NAV_ITEMS = [
    (None, "首页", "home"),
    (Capability.REGISTRY_VIEW, "农户档案", "households:list"),
    (Capability.REGISTRY_IMPORT, "档案导入", "households:import_index"),
    # Shown only to a role with a step in an active procedure (the workflow app's condition, NAV_CONDITIONS).
    (Capability.REGISTRY_VIEW, "我的任务", "workflow:tasks"),
    (Capability.REGISTRY_VIEW, "筛查结果", "screening:worklist"),
    (Capability.REGISTRY_VIEW, "行政区划", "regions:list"),
    (Capability.REGISTRY_VIEW, "集中排查", "campaigns:list"),
    (Capability.REGISTRY_VIEW, "自主申报", "workflow:applications"),
    # The batch tools, each shown only to whom it is for (the workflow app's conditions): the township audits and
    # announces, the county approves; a township or village follows the county's decisions from its own pages.
    (Capability.REGISTRY_VIEW, "乡镇批量审核", "workflow:township_batch"),
    (Capability.REGISTRY_VIEW, "批量公告", "workflow:batch_announce"),
    (Capability.REGISTRY_VIEW, "批量审批", "workflow:batches"),
    (Capability.REGISTRY_VIEW, "帮扶措施", "assistance:index"),
    (Capability.DEPARTMENT_MEASURES, "部门帮扶任务", "assistance:department"),
    # The 人社 clerk's way to the ledger its bureau leads (accounts.roles.DEPARTMENT_CAPABILITIES); whoever reads the
    # registry reaches it by the 帮扶措施 tabs (NAV_CONDITIONS below).
    (Capability.EMPLOYMENT_VIEW, "劳动力就业台账", "assistance:employment"),
    (Capability.REGISTRY_VIEW, "部门预警", "alerts:alerts"),
    (Capability.FEEDS_UPLOAD, "数据上传", "alerts:uploads"),
    (Capability.LEDGERS_DOWNLOAD, "台账统计", "reports:index"),
    (Capability.AUDIT_READ, "审计日志", "accounts:audit_log"),
    (Capability.SECURITY_MANAGE, "账号审核", "accounts:account_approvals"),
    (Capability.SECURITY_MANAGE, "安全策略", "accounts:security_policy"),
    (Capability.SECURITY_MANAGE, "在线会话", "accounts:sessions_admin"),
    (Capability.USERS_MANAGE, "用户与配置", "admin:index"),
]


# url name → whether the entry is shown to this user, registered by the app that owns the page (the way apps add
# home tiles, accounts.tiles), so this module needs no other app.
NAV_CONDITIONS: dict[str, Callable[[Any], bool]] = {}


NAV_CONDITIONS["assistance:employment"] = lambda user: not user_can(user, Capability.REGISTRY_VIEW)


def register_nav_condition(url_name: str, shown: Callable[[Any], bool]) -> None:
    NAV_CONDITIONS[url_name] = shown


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "can_edit_registry": False}
    items = []
    for capability, label, url_name in NAV_ITEMS:
        if capability is not None and not user_can(user, capability):  # the department's own too
            continue
        if url_name in NAV_CONDITIONS and not NAV_CONDITIONS[url_name](user):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path == url})
    return {
        "nav_items": items,
        "can_edit_registry": user_can(user, Capability.REGISTRY_EDIT),
        # For static/js/session_keepalive.js: when the idle timeout would end this session.
        "session_idle_seconds": current_policy().idle_minutes * 60,
    }
