"""Words for the keys an audit event records that are no field of the event's object (accounts.audit_labels.field_label
reads the object's own fields first): an import's counts, a batch's cases, a member's event carrying its household's
head_name. A key none of these names reads as UNLABELLED, never as its code: the audit admin reads words
(tests/accounts/test_audit_field_words.py walks the keys the services record)."""

import functools

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

# Words for the keys of the records that are no field of the event's object (an import's counts, a batch's cases),
# and for fields whose verbose name reads poorly alone.
FIELD_WORDS = {
    "is_active": "是否有效",
    "members": "家庭成员",
    "approval": "审核状态",
    "failures": "连续失败次数",
    "typed_key": "所输账号名的摘要（不可还原，用于识别可疑登录）",
    "locked_at": "锁定时间",
    "login_at": "登录时间",
    # An alert verified 已故/已迁出 marks its member (alerts.services.verification).
    "left_on": "去世或迁出日期",
    "member_marked": "是否已标记该成员",
    # A data check's finding marked 已核实 (households.services.check_reviews).
    "check": "数据比对项目",
    # A year's holidays confirmed entered (workflow.services.holiday_years).
    "rest_days": "已录入的放假日天数",
    "working_days": "已录入的调休上班日天数",
    "not_seen": "说明中未见的节日",
    "ip_addresses": "登录地址",
    # A security policy change that locked or freed accounts at once (accounts.policy_update).
    "locked_now": "因此立即锁定的账号",
    "unlocked_now": "因此立即解除锁定的账号",
    "created": "新建",
    # A village retired with its villager groups (households.services.regions.region_retire).
    "retired_groups": "一并撤销的村民小组",
    # A region renamed, its name carried to the accounts scoped to it (households.services.regions).
    "accounts_renamed": "管辖区划名称随之更新的账号数",
    "updated": "修改",
    "error_lines": "有误的行",
    "count": "合计",
    "full_id_numbers": "含完整身份证号的条数",
    "county": "县",
    "township": "乡镇",
    "village": "村",
    "group": "村民小组",
    "villages": "村",
    "phases": "阶段",
    "case_ids": "案件编号",
    "decided_on": "批复日期",
    "outcome": "核实结果",
    "identity_confirmed": "已核实为本人或本户成员",  # a self-application's outcome (workflow.services.applications)
    "note": "说明",
    "attempted": "尝试的操作",  # a refused attempt (accounts.refusals)
    "reason": "理由",  # e.g. why a masked ID number was revealed (households.services.reveal)
    "limit": "每日上限",
    "refused": "拒绝原因",  # a reveal refused at the daily cap (households.services.reveal)
    "case": "案件编号",
    # A county approval's household changes, recorded on the case (workflow.services.outcomes, batch_fast).
    "monitoring_start": "纳入监测日期",
    "monitoring_category": "监测对象类别",
    "risk_eliminated_on": "风险消除时间",
    # The go-live import's counts (households.registry_import.services).
    "monitored_households": "其中监测对象户数",
    "eliminated_households": "其中已标注风险消除户数",
    "households_with_income": "其中导入年度收支户数",
    "households_nobody_living": "全户已故或迁出未建档户数",  # households.registry_import.living
    "unread_columns": "未导入的列",  # the file's columns the import did not read (households.registry_import.headers)
    "plan": "帮扶方案编号",
    "help_contact": "帮扶联系人",  # a household's contact, recorded on the assignment (assistance.services.contacts)
    "rows_read": "读取行数",
    "rows_error": "有误行数",
    "alerts_raised": "产生预警数",
    "columns": "数据列",
    "rules": "预警规则",
    "region_prefix": "适用区划",
    "params": "参数",
    # An alert's verification (alerts.services.verification, .verification_row).
    "joined_case": "并入该户办理中的识别案件",
    "member_health_updated": "同时更新了成员的健康状况",
    "settled_with": "随同核实的预警编号",
    # Why members joined or left, on a household's event (households.services.member_changes: 新登记, 分户, 合户).
    "change_reason": "变动原因",
    # A member's event that changed the household's name (households.services.registry.head_name_change).
    "head_name": "户主姓名",
    # A suspicious-login notice (accounts.login_spread).
    "kind": "类别",
    "subject": "账号或地址",
    "names": "涉及的地址或账号",
    "minutes": "统计时长（分钟）",
    # A batch announcement (workflow.services.batch_announce), a procedure replaced (workflow.services.procedures).
    "announced_on": "公告日期",
    "refused_ids": "未能公告的案件编号",
    "replaced": "被替换的流程",
    # A campaign closed or deleted (screening.services.campaign_close).
    "assignments": "排查任务数",
    "warnings_acknowledged": "关闭时已知悉的提示",
    "emptied": "无在世在户人员、未列入排查的户数",
}
# What a key no model and no FIELD_WORDS names reads as: never its code (a reviewer cannot read head_name).
UNLABELLED = "其他信息"
PROJECT_APPS = frozenset({"accounts", "households", "alerts", "assistance", "workflow", "screening", "reports"})


@functools.cache
def any_model_label(name: str) -> str:
    """The verbose name of a field of this name on one of the project's models ("" if none): a key recorded on an
    event about another object (a member's event carrying its household's head_name, say) still reads in words."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(found, "verbose_name", None) and not str(found.verbose_name).isascii():
            return str(found.verbose_name)
    return ""
