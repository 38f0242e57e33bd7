"""The workflow app's tiles on the home page (accounts.tiles): the cases waiting on the user's role, the user's own
cases refused or withdrawn lately (shown only when there are some), and new self-applications waiting for the
village."""

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Capability
from accounts.tiles import Tile, register
from workflow.selectors import acts_in_procedures, my_task_count, uses_township_batch
from workflow.selectors_applications import new_application_count
from workflow.selectors_notices import NOTICE_DAYS, closed_notice_count, unposted_publicity_count
from workflow.selectors_township import township_audit_queue
from workflow.workdays import years_without_holidays


def _has_closed_notices(user: object) -> bool:
    return closed_notice_count(user) > 0


def _has_unposted(user: object) -> bool:
    return unposted_publicity_count(user) > 0


def _township_audit_count(user: object) -> int:
    return township_audit_queue(actor=user).count()


def _holidays_missing(user: object) -> list[tuple[str, str]]:
    url = reverse("admin:workflow_calendarday_changelist")
    return [(f"{year}年法定节假日和调休尚未录入", url) for year in years_without_holidays(timezone.localdate())]


def register_tiles() -> None:
    register(Tile("tasks", "我的任务", "待您办理的识别、退出环节", "workflow:tasks",
                  Capability.REGISTRY_VIEW, my_task_count, order=5, shown=acts_in_procedures))  # fmt: skip
    register(Tile("closed_cases", "未通过或撤回", f"您发起的案件近 {NOTICE_DAYS} 天被不通过或撤回，附理由",
                  "workflow:tasks", Capability.REGISTRY_EDIT, closed_notice_count, query="#case-notices",
                  order=6, shown=_has_closed_notices))  # fmt: skip
    register(Tile("unposted_publicity", "公示待登记张贴", "公示名单张贴后登记张贴日期，登记前不能通过",
                  "workflow:tasks", Capability.REGISTRY_VIEW, unposted_publicity_count, query="#unposted-publicity",
                  order=7, shown=_has_unposted))  # fmt: skip
    register(Tile("township_audit", "乡镇审核", "处于乡镇审核环节的案件：批量审核，打印汇总名单",
                  "workflow:township_batch", Capability.REGISTRY_VIEW, _township_audit_count, order=8,
                  shown=uses_township_batch))  # fmt: skip
    register(Tile("holidays_missing", "节假日待录入", "按工作日计算的公示期只排除周末，请录入法定节假日和调休上班日",
                  "admin:workflow_calendarday_changelist", Capability.USERS_MANAGE,
                  lambda user: len(_holidays_missing(user)), order=3, shown=lambda user: bool(_holidays_missing(user)),
                  items=_holidays_missing))  # fmt: skip
    register(Tile("applications", "自主申报", "农户扫码提交、待入户核实的申报", "workflow:applications",
                  Capability.REGISTRY_EDIT, new_application_count, query="?status=submitted", order=25))  # fmt: skip
