"""The audit log's categories of actions, in words: the audit admin filters and reads by these, not by codes.

Each category is the action codes it covers: a code ending in "." covers every action of that prefix. An action
no category names is shown by its code (the log keeps whatever a later app records)."""

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
