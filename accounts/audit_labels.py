"""The audit log's categories of actions, in words: the audit admin filters and reads by these, not by codes.

Each category is the action codes it covers: a code ending in "." covers every action of that prefix. An action
no category names is shown by its code (the log keeps whatever a later app records).

What the log shows of recorded values: the audit admin reads who did what, not the registry (separated duties;
PIPL: ID numbers, illness and children's data are sensitive). The page, the API and the export show ID numbers
and phones masked, birth dates by year and health or disability changes only as changed, for every reader that
households.privacy masks; the stored rows keep the values (the full history is in the household's own events)."""

from typing import Any

from households.privacy import masked_value, sees_personal_numbers, shown_text

AUDIT_CATEGORIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("login", "登录、退出与令牌", ("auth.",)),
    ("users", "用户账号与密码", ("user.",)),
    ("security", "安全策略", ("security.",)),
    ("reveal", "查看完整身份证号", ("member.reveal_id_number",)),
    (
        "registry",
        "农户档案（户、成员、收支、走访、授权书、区划网格、导入）",
        ("household.", "member.", "income.", "visit.", "consent.", "grid.", "region.", "registry."),
    ),
    ("screening", "筛查与排除情形", ("screening.",)),
    ("campaign", "集中排查", ("campaign.",)),
    ("workflow", "识别纳入、风险消除与自主申报", ("workflow.",)),
    ("assistance", "帮扶措施与回访", ("assistance.",)),
    ("alerts", "部门数据与预警", ("alerts.",)),
    ("reports", "台账导出与国家系统标注", ("reports.",)),
    ("audit", "审计日志导出", ("audit.",)),
    ("demo", "演示数据", ("demo.",)),
]
CATEGORY_CHOICES = [(code, label) for code, label, _ in AUDIT_CATEGORIES]
CATEGORY_ACTIONS = {code: actions for code, _, actions in AUDIT_CATEGORIES}


def category_label(action: str) -> str:
    """The category an action code belongs to, in words ("" for none)."""
    for _, label, actions in AUDIT_CATEGORIES:
        if any(action == a or (a.endswith(".") and action.startswith(a)) for a in actions):
            return label
    return ""


# Member fields whose values are health data: shown only as changed.
HEALTH_FIELDS = frozenset({"health", "disability_grade", "disability_type"})
HEALTH_HIDDEN = "（已修改，内容不显示）"


def shown_values(actor: Any, values: Any) -> Any:
    """An event's before/after record as `actor` may read it."""
    if values is None or sees_personal_numbers(actor):
        return values
    if not isinstance(values, dict):
        return masked_value("", values)
    return {
        name: HEALTH_HIDDEN if name in HEALTH_FIELDS and value not in (None, "") else masked_value(name, value)
        for name, value in values.items()
    }


def shown_summary(actor: Any, summary: str) -> str:
    return shown_text(actor, summary)
