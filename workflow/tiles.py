"""The workflow app's tiles on the home page (accounts.tiles): the cases waiting on the user's role, the user's own
cases refused or withdrawn lately (shown only when there are some), the self-applications waiting for the village
(已提交 and 核实中) and, when there are some, those waiting past the identification procedure's limit."""

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Capability
from accounts.tiles import Tile, Urgency, register
from workflow.selectors import acts_in_procedures, my_task_count, uses_township_batch
from workflow.selectors_applications import (
    DECLINE_UNREAD_DAYS,
    application_waits,
    decline_unread_count,
    new_application_count,
    overdue_application_count,
    overdue_applications,
)
from workflow.selectors_notices import (
    NOTICE_DAYS,
    closed_notice_count,
    returned_steps,
    unposted_publicity_count,
)
from workflow.selectors_township import township_audit_queue
from workflow.services.application_decline_review import may_acknowledge
from workflow.workdays import holiday_gaps, years_without_holidays


def _has_closed_notices(user: object) -> bool:
    return closed_notice_count(user) > 0


def _has_unposted(user: object) -> bool:
    return unposted_publicity_count(user) > 0


def _township_audit_count(user: object) -> int:
    return township_audit_queue(actor=user).count()


RETURNED_LINES = 5  # the home tile names this many returned cases; the task list has them all


def _returned(user: object) -> list[tuple[str, str]]:
    """Each returned case: the household and the first line of the reason, linking to the case."""
    lines = []
    for case_step in returned_steps(actor=user)[:RETURNED_LINES]:
        household = case_step.case.household
        reason = case_step.return_note.strip().splitlines()[0] if case_step.return_note.strip() else ""
        url = reverse("workflow:case_detail", args=[case_step.case_id])
        lines.append((f"{household.head_name or household.number}：{reason}", url))
    return lines


def _returned_count(user: object) -> int:
    return returned_steps(actor=user).count()


def _has_returned(user: object) -> bool:
    return returned_steps(actor=user).exists()


def _overdue_applications(user: object) -> list[tuple[str, str]]:
    """The longest-waiting overdue applications: name, village and days waited, each linking to the application."""
    overdue = overdue_applications(user)[:RETURNED_LINES]
    waits = application_waits(overdue)
    return [
        (
            f"{a.name}（{a.village.name}）：已等待{waits[a.pk].days}天，时限{waits[a.pk].limit_days}天",
            reverse("workflow:application_detail", args=[a.pk]),
        )
        for a in overdue
    ]


def _holidays_missing(user: object) -> list[tuple[str, str]]:
    url = reverse("admin:workflow_calendarday_changelist")
    return [
        (f"{year}年法定节假日和调休尚未录入完毕：{holiday_gaps(year)}", url)
        for year in years_without_holidays(timezone.localdate())
    ]


def register_tiles() -> None:
    register(Tile("returned", "退回补正", "上级审核退回、需要补正后重新办理的案件（点户名查看）", "workflow:tasks",
                  Capability.REGISTRY_VIEW, _returned_count, order=4, shown=_has_returned, items=_returned,
                  urgency=Urgency.OVERDUE))  # fmt: skip
    register(Tile("tasks", "我的任务", "待您办理的识别、退出环节", "workflow:tasks",
                  Capability.REGISTRY_VIEW, my_task_count, order=5, shown=acts_in_procedures,
                  urgency=Urgency.DUE))  # fmt: skip
    register(Tile("closed_cases", "未通过或撤回", f"您发起的案件近 {NOTICE_DAYS} 天被不通过或撤回，附理由",
                  "workflow:tasks", Capability.REGISTRY_EDIT, closed_notice_count, query="#case-notices",
                  order=6, shown=_has_closed_notices, urgency=Urgency.DUE))  # fmt: skip
    register(Tile("unposted_publicity", "公示待登记张贴", "公示名单张贴后登记张贴日期，登记前不能通过",
                  "workflow:tasks", Capability.REGISTRY_VIEW, unposted_publicity_count, query="#unposted-publicity",
                  order=7, shown=_has_unposted, urgency=Urgency.DUE))  # fmt: skip
    register(Tile("township_audit", "乡镇审核", "处于乡镇审核环节的案件：批量审核，打印汇总名单",
                  "workflow:township_batch", Capability.REGISTRY_VIEW, _township_audit_count, order=8,
                  shown=uses_township_batch, urgency=Urgency.DUE))  # fmt: skip
    register(Tile("holidays_missing", "节假日待录入",
                  "按工作日计算的公示期只排除周末：请录入法定节假日和调休，再确认录入完毕",
                  "admin:workflow_calendarday_changelist", Capability.USERS_MANAGE,
                  lambda user: len(_holidays_missing(user)), order=3, shown=lambda user: bool(_holidays_missing(user)),
                  items=_holidays_missing))  # fmt: skip
    register(Tile("applications", "自主申报待办", "已提交、核实中的农户扫码申报，待入户核实办结",
                  "workflow:applications", Capability.REGISTRY_EDIT, new_application_count, query="?status=pending",
                  order=25, urgency=Urgency.DUE))  # fmt: skip
    register(Tile("applications_declined", "村级不予纳入待阅",
                  f"近{DECLINE_UNREAD_DAYS}天村里经村两委评议不予纳入、乡镇尚未标记已阅的自主申报",
                  "workflow:applications", Capability.REGISTRY_EDIT, decline_unread_count,
                  query="?status=decline_unread", order=26, shown=may_acknowledge, urgency=Urgency.DUE))  # fmt: skip
    register(Tile("applications_overdue", "自主申报超期", "等待天数已超过识别纳入程序办结时限的申报（点姓名查看）",
                  "workflow:applications", Capability.REGISTRY_EDIT, overdue_application_count,
                  query="?status=overdue", order=4, shown=lambda user: overdue_application_count(user) > 0,
                  items=_overdue_applications, urgency=Urgency.OVERDUE))  # fmt: skip
