"""The audit log's categories of actions, in words: the audit admin filters and reads by these, not by codes.

Each category is the action codes it covers: a code ending in "." covers every action of that prefix. An action
no category names is shown by its code (the log keeps whatever a later app records).

What the log shows of recorded values: the audit admin reads who did what, not the registry (separated duties;
PIPL: ID numbers, illness and children's data are sensitive). The page, the API and the export show ID numbers
and phones masked, birth dates by year and health or disability changes only as changed, for every reader that
households.privacy masks; the stored rows keep the values (the full history is in the household's own events).
Summaries of the actions that name a person beside health or disability detail lose that detail for the same
readers (SUMMARY_REDACTIONS).

How it reads: the stored rows keep codes (a field's name, a choice's value, a region's path, a model's label),
which are stable but mean nothing to a reviewer; the page, the export and the API's added fields put them in words
from the models' own verbose names and choices, and name places from the region tree."""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from accounts.audit_field_words import FIELD_WORDS, UNLABELLED, any_model_label

# What an event is about, in words: re-exported, the page, the API and the export read them from here.
from accounts.audit_objects import object_labels, object_model, object_type_label  # noqa: F401
from accounts.file_access import FILE_ACTIONS
from households.privacy import masked_value, sees_personal_numbers, shown_text

CONFIG_ACTIONS = (
    "workflow.procedure_save",
    "workflow.step_save",
    "workflow.procedure_activate",
    "workflow.procedure_deactivate",
    "workflow.procedure_switch",
    "workflow.calendar_day_save",
    "workflow.holiday_year_confirm",
    "workflow.holiday_year_withdraw",
    "screening.rule_save",
    "screening.line_save",
    "screening.warning_save",
    "reports.settings",
)
AUDIT_CATEGORIES: list[tuple[str, str, tuple[str, ...]]] = [
    # First: a refused attempt (on an account, a page, an ID number past the daily cap) is read as refused.
    ("refused", "越权操作被拒绝", ("user.refused", "access.denied", "access.denied_api", "member.reveal_refused")),
    ("login", "登录、退出与令牌", ("auth.",)),
    ("users", "用户账号与密码", ("user.",)),
    ("security", "安全策略", ("security.",)),
    # The configuration site's settings (before 识别纳入 and 台账, whose beginnings would otherwise take them): the
    # auditor finds a changed procedure, calendar or deadline under one category, by the page's name.
    ("config", "系统配置（程序、工作日、筛查规则、时限）", CONFIG_ACTIONS),
    # With the daily cap's notice (member.reveal_limit): read beside the reveals that reached it.
    (
        "reveal",
        "查看完整身份证号（含按完整号码查找）",
        ("member.reveal_id_number", "member.search_id_number", "member.reveal_limit"),
    ),
    (
        "files",
        "查看或下载含个人信息的文件（授权书扫描件、走访照片、环节附件、会议记录、错误清单，打印授权书、采集表）",
        FILE_ACTIONS,
    ),
    (
        "registry",
        "农户档案（户、成员、收支、走访、授权书、区划网格、导入）",
        # households.region_phone (修改监督举报电话) and the registry's other households.* rows (a migration's fill);
        # the prints of that prefix are named by 查看文件 and 帮扶 above and below.
        ("household.", "households.", "member.", "income.", "visit.", "consent.", "grid.", "region.", "registry."),
    ),
    ("screening", "筛查与排除情形", ("screening.",)),
    ("campaign", "集中排查", ("campaign.",)),
    ("workflow", "识别纳入、风险消除与自主申报", ("workflow.",)),
    # The 明白卡 is the help's own print, beside 打印帮扶方案 (assistance.plan_print), though its code says households.
    ("assistance", "帮扶措施与回访", ("assistance.", "households.help_card_print")),
    ("alerts", "部门数据与预警", ("alerts.",)),
    ("reports", "台账导出与国家系统标注", ("reports.",)),
    ("audit", "审计日志导出", ("audit.",)),
    ("demo", "演示数据", ("demo.",)),
]
CATEGORY_CHOICES = [(code, label) for code, label, _ in AUDIT_CATEGORIES]
CATEGORY_ACTIONS = {code: actions for code, _, actions in AUDIT_CATEGORIES}


def category_label(action: str) -> str:
    """The category an action code belongs to, in words ("" for none). A category naming the code takes it before
    one covering its beginning, as the filter reads them (accounts.selectors): households.help_card_print is 帮扶's,
    not the registry's households.*."""
    for _, label, actions in AUDIT_CATEGORIES:
        if action in actions:
            return label
    for _, label, actions in AUDIT_CATEGORIES:
        if any(a.endswith(".") and action.startswith(a) for a in actions):
            return label
    return ""


# Member fields whose values are health data: shown only as changed.
HEALTH_FIELDS = frozenset({"health", "disability_grade", "disability_type"})
HEALTH_HIDDEN = "（已修改，内容不显示）"
HEALTH_RECORDED = "（已登记，内容不显示）"  # the same, for the values a new member was registered with
NOTE_HIDDEN = "（内容不显示）"
NAME_HIDDEN = "＊"

# Summaries whose builders put a person beside health or disability detail, or free text that may carry it (a
# department's alert text, a verifier's or a villager's note). For a reader who sees personal numbers masked, the
# person's name and that detail are dropped: what remains is the household number (the summary's prefix), the
# action, the measure type, amounts, dates, statuses and outcomes. The builders are assistance.services.measures
# (_describe: the measure type, then the member's name in parentheses), assistance.services.claims, alerts.services
# .verification and .unregistered, and workflow.services.objections; a pattern that no longer matches shows the
# summary unchanged, so tests/accounts/test_audit_summaries.py pins each builder's wording.
_LAST_PARENS = r"（[^（）]*）"  # the measure's member; a measure type's own gloss (低保) when no member is named
SUMMARY_REDACTIONS: dict[str, tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...]] = {
    "assistance.measure_add": ((re.compile(_LAST_PARENS + "(?=，责任单位)"), ""),),
    "assistance.measure_update": ((re.compile(_LAST_PARENS + "$"), ""),),
    "assistance.measure_status": (
        (re.compile(_LAST_PARENS + "(?=”)"), ""),
        (re.compile(r"(→ [^。]*)。.+$", re.S), r"\1。" + NOTE_HIDDEN),
    ),
    # 登记实施进展 (the village's, the township's, the department's): the note stays on the measure, the member goes.
    "assistance.measure_progress": ((re.compile(_LAST_PARENS + "(?=”)"), ""),),
    "assistance.measure_department_progress": ((re.compile(_LAST_PARENS + "(?=”)"), ""),),
    "assistance.measure_department_done": (
        (re.compile(_LAST_PARENS + "(?=”)"), ""),
        (re.compile(r"(→ 已完成）)：.+$", re.S), r"\1：" + NOTE_HIDDEN),
    ),
    "assistance.claim_create": ((re.compile(r"(申报防贫保理赔：)[^，]*"), r"\1（原因不显示）"),),
    "assistance.claim_status": ((re.compile(r"(→ [^（]*)（.+$", re.S), r"\1" + NOTE_HIDDEN),),
    "alerts.verify": (
        (
            re.compile(r"(核实部门预警 )(\S)(\S*?)（.*）：", re.S),
            lambda m: f"{m.group(1)}{m.group(2)}{NAME_HIDDEN * len(m.group(3))}：",
        ),
    ),
    "alerts.unregistered_check": ((re.compile(r"。.+$", re.S), "。" + NOTE_HIDDEN),),
    # The workflow's free text (an objection, its verification, a step's opinion) is recorded apart, in `after`'s
    # note (workflow.services.case_records._event); these patterns are for the rows written before that, and for a
    # county batch approval's fast path (workflow.services.batch_fast), which still writes the opinion inline:
    # 收到异议（2026-12-04）：… and 公示期满后补登异议（2026-12-01收到）：…; 异议核实：异议成立，…; 村级评议：通过，….
    "workflow.objection_add": ((re.compile(r"(异议（[^（）]*）：).+$", re.S), r"\1" + NOTE_HIDDEN),),
    "workflow.objection_resolve": ((re.compile(r"(异议核实：[^，]*，).+$", re.S), r"\1" + NOTE_HIDDEN),),
    # A withdrawal's reason, a joined self-application's difficulties, a green channel's reason: typed or chosen
    # words about the household's plight, written inline by their builders (workflow.services.cases.case_withdraw,
    # .applications, .green_channel).
    "workflow.case_note": (
        (re.compile(r"(：撤回：).+$", re.S), r"\1" + NOTE_HIDDEN),
        (re.compile(r"(并入农户自主申报（[^（）]*）：).+$", re.S), r"\1" + NOTE_HIDDEN),
    ),
    "workflow.green_channel": (
        (re.compile(r"(开辟绿色通道（[^：（）]*：).+(），先行办理)", re.S), r"\1" + NOTE_HIDDEN + r"\2"),
    ),
    "workflow.case_act": (
        (re.compile(r"(：(?:通过|不通过|免于比对|退回村级补正|退回乡镇补正)，).+$", re.S), r"\1" + NOTE_HIDDEN),
    ),
}
# Free-text fields recorded in before/after values (a measure's content, a plan's or an employment record's note,
# a step's opinion): words typed about a household's plight, which may name an illness. Hidden from readers who see
# personal numbers masked, whatever the action (an action added later is hidden too, not shown by default).
# An exit decision's advisories (workflow.services.case_records.ADVISORIES) quote an earlier refusal's opinion.
NOTE_FIELDS = frozenset({"note", "content", "advisories"})
# A 工作日调整's 说明 names a holiday (国庆节放假), never a household: the auditor reads it.
PUBLIC_NOTE_ACTIONS = frozenset({"workflow.calendar_day_save"})


def shown_values(actor: Any, values: Any, action: str = "") -> Any:
    """An event's before/after record as `actor` may read it."""
    if values is None or sees_personal_numbers(actor):
        return values
    if not isinstance(values, dict):
        return masked_value("", values)
    return {name: _shown_value(name, value, action) for name, value in values.items()}


def _shown_value(name: str, value: Any, action: str) -> Any:
    if value in (None, ""):
        return value
    if name in HEALTH_FIELDS:
        return HEALTH_RECORDED if action.endswith(".create") else HEALTH_HIDDEN
    if name in NOTE_FIELDS and action not in PUBLIC_NOTE_ACTIONS:
        return NOTE_HIDDEN
    return masked_value(name, value)


def shown_summary(actor: Any, summary: str, action: str = "") -> str:
    """The summary as `actor` may read it: numbers masked, and health detail dropped (SUMMARY_REDACTIONS)."""
    if sees_personal_numbers(actor):
        return summary
    text = shown_text(actor, summary)
    for pattern, replacement in SUMMARY_REDACTIONS.get(action, ()):
        text = pattern.sub(replacement, text, count=1)
    return text


# Keys whose word depends on what the event is about: an alert's "note" is the verifier's 核实情况.
OBJECT_FIELD_WORDS = {"alerts.alert": {"note": "核实情况"}, "workflow.case": {"advisories": "办理时提示"}}
OVERRIDES = frozenset({"is_active"})
# Keys whose values are region paths (a user's scope, a rule's area, a grid's village).
REGION_KEYS = frozenset({"region_path", "region_prefix", "village", "township", "county", "path"})
PATH_LENGTHS = frozenset({6, 9, 12, 15})
WORDS = {True: "是", False: "否", None: "（空）", "": "（空）"}


def _field(object_type: str, name: str) -> Any:
    model = object_model(object_type)
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def field_label(object_type: str, name: str) -> str:
    """role → 角色, region_path → 管辖区划: the verbose name of the event's object's field."""
    if name in OBJECT_FIELD_WORDS.get(object_type, {}):
        return OBJECT_FIELD_WORDS[object_type][name]
    found = None if name in OVERRIDES else _field(object_type, name)
    if found is not None and getattr(found, "verbose_name", None):
        return str(found.verbose_name)
    return FIELD_WORDS.get(name) or any_model_label(name) or UNLABELLED


def is_region_value(name: str, value: Any) -> bool:
    return (
        (name in REGION_KEYS or name.endswith("_path"))
        and isinstance(value, str)
        and value.isdigit()
        and len(value) in PATH_LENGTHS
    )


def value_words(object_type: str, name: str, value: Any, places: dict[str, str]) -> str:
    """department_clerk → 行业部门数据报送人员, True → 是, 360425100201004 → 涂埠镇新山村四组: a recorded value
    in words (the choices of the object's field, the region tree), else as recorded."""
    if isinstance(value, bool) or value is None:
        return WORDS[value]
    if is_region_value(name, value):
        return places.get(value, value)
    if isinstance(value, list | tuple):
        return "、".join(value_words(object_type, name, item, places) for item in value) or WORDS[None]
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    found = _field(object_type, name)
    # A list's items are its field's base field's choices (ArrayField: a measure type's 对应风险类型).
    choices = dict(
        getattr(found, "flatchoices", None) or getattr(getattr(found, "base_field", None), "flatchoices", ())
    )
    # A blank value is （空） unless the choices name it: an account's approval is blank once approved (已审核).
    return str(choices.get(value, WORDS[""] if value == "" else value))


def place_names(paths: Iterable[str] | None = None) -> dict[str, str]:
    """Region path → its name below the county (涂埠镇城南村, 涂埠镇新山村四组; the county's own name for the
    county), for the given paths or, with None, for every region. One query. A group named after its village
    (新山村四组) is not preceded by the village's name again."""
    region = apps.get_model("households", "Region")  # unscoped: the auditor sees no registry, but reads places
    regions = region.objects.all()
    if paths is not None:
        wanted = {path[:n] for path in paths if path for n in PATH_LENGTHS if n <= len(path)}
        regions = regions.filter(path__in=wanted)
    names = dict(regions.values_list("path", "name"))
    shown = {}
    for path in names:
        parts: list[str] = []
        for n in (9, 12, 15):
            name = names.get(path[:n], "") if n <= len(path) else ""
            if not name:
                continue
            if parts and name.startswith(parts[-1]):
                parts.pop()
            parts.append(name)
        shown[path] = "".join(parts) or names[path]
    return shown


def value_paths(values: Any) -> set[str]:
    """The region paths among a record's values (for place_names)."""
    if not isinstance(values, dict):
        return set()
    return {value for name, value in values.items() if is_region_value(name, value)}


def changes_in_words(
    reader: Any, object_type: str, action: str, before: Any, after: Any, places: dict[str, str]
) -> list[dict[str, Any]]:
    """The before/after record as {field, label, old, new} in words, as `reader` may read it (the household
    history's shape). A side the event did not record is None."""
    before, after = shown_values(reader, before, action), shown_values(reader, after, action)
    if not isinstance(before, dict | None) or not isinstance(after, dict | None):
        return [{"field": "", "label": "", "old": _json(before), "new": _json(after)}]
    names = [*(after or {}), *(name for name in before or {} if name not in (after or {}))]
    return [
        {
            "field": name,
            "label": field_label(object_type, name),
            "old": value_words(object_type, name, before[name], places) if before and name in before else None,
            "new": value_words(object_type, name, after[name], places) if after and name in after else None,
        }
        for name in names
    ]


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


CLEARED = "（已清除）"
DELETED = "（已删除）"


def gone_words(action: str) -> str:
    """What a value recorded only before the act became: a deletion's (campaign.delete) is deleted, any other's
    cleared (auth.unlock forgets the lock's failures and records the lock as it stood)."""
    return DELETED if action.endswith("delete") else CLEARED


def change_line(change: dict[str, Any], action: str = "") -> str:
    """角色：村干部 → 行业部门数据报送人员; a value recorded once alone: a new account's as it is, a cleared lock's
    as gone (连续失败次数：5（已清除）)."""
    old, new = change["old"], change["new"]
    if old is not None and new is not None:
        shown = f"{old} → {new}"
    else:
        shown = new if new is not None else f"{old}{gone_words(action)}"
    return f"{change['label']}：{shown}" if change["label"] else shown


@dataclass
class AuditRow:
    """One event as the page shows it: the stored event, and its words for this reader."""

    event: Any
    summary: str
    category: str
    action: str
    object: str
    place: str
    changes: list[str] = field(default_factory=list)


def audit_rows(reader: Any, events: Iterable[Any]) -> list[AuditRow]:
    """The events in words for `reader`, their places named in one query."""
    from accounts.audit_actions import action_label  # it reads this module's categories

    events = list(events)
    places = place_names({e.region_path for e in events} | {p for e in events for p in event_value_paths(e)})
    objects = object_labels(events)  # as the API names them (accounts.api.AuditEventSerializer)
    return [
        AuditRow(
            event=e,
            summary=shown_summary(reader, e.summary, e.action),
            category=category_label(e.action),
            action=action_label(e.action),
            object=objects[e.pk],
            place=places.get(e.region_path, e.region_path),
            changes=[
                change_line(c, e.action)
                for c in changes_in_words(reader, e.object_type, e.action, e.before, e.after, places)
            ],
        )
        for e in events
    ]


def event_value_paths(event: Any) -> set[str]:
    return value_paths(event.before) | value_paths(event.after)
