"""The audit log as an XLSX file, for the audit admin's archive and the MLPS (等保) review.

Written row by row (xlsxwriter's constant_memory mode) from a server-side cursor, so a long period costs flat
memory; at most MAX_ROWS rows, else the admin is asked to narrow the filters. The export itself is audited."""

import datetime as dt
import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import IO, Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone

from accounts.audit import SYSTEM_ACTOR, audit_record
from accounts.audit_actions import action_label
from accounts.audit_labels import (
    CATEGORY_CHOICES,
    category_label,
    changes_in_words,
    gone_words,
    object_type_label,
    place_names,
    shown_summary,
)
from accounts.audit_objects import USER_OBJECT, object_names, object_shown
from accounts.audit_regions import region_path_of
from accounts.models import AuditEvent
from config.dates import cn_datetime
from config.errors import ApplicationError
from config.xlsx import safe_text
from households.privacy import mask_numbers_in_text

MAX_ROWS = 200_000
CHUNK = 2000  # rows read from the cursor, and their objects named, at a time
MSG_TOO_MANY = "符合条件的日志有 {n} 条，超过单次导出上限 {limit} 条。请缩短日期范围或增加筛选条件后再导出。"
HEADERS = [
    ("时间", 20),
    ("操作人账号", 14),
    ("操作人", 10),
    ("IP地址", 16),
    ("操作类别", 22),
    ("操作", 24),
    ("说明", 60),
    ("对象类型", 18),
    ("对象", 30),
    ("对象编号", 10),
    ("区划", 22),
    ("变更前", 40),
    ("变更后", 40),
]


# Failed sign-ins have no actor (no one signed in): the 操作人 column names the account that was tried, where it exists;
# so do the lock those failures set and the refusals of a disabled or unapproved account (accounts.signals).
ATTEMPT_ACTIONS = frozenset(
    {"auth.login_failed", "auth.login_locked", "auth.lockout", "auth.login_inactive", "auth.login_unapproved"}
)
ATTEMPT_WORDS = "尝试登录的账号：{name}"


def _chunks(rows: Iterator[tuple[Any, ...]], size: int = CHUNK) -> Iterator[list[tuple[Any, ...]]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _actor_name(actor_name: str, object_name: str, action: str, username: str) -> str:
    """The operator's name as it was when the event was recorded (AuditEvent.actor_name), never the account's name
    today; for a sign-in attempt, the account tried, by its name then (object_name) or else its username."""
    if actor_name or action not in ATTEMPT_ACTIONS or not (object_name or username):
        return actor_name
    return ATTEMPT_WORDS.format(name=object_name or username)


def _lines(changes: list[dict[str, Any]], side: str, gone: str | None = None) -> str:
    """One side of the changes as lines, "角色：行业部门数据报送人员"; given `gone` (accounts.audit_labels.gone_words),
    the after side shows it for a value recorded only before."""
    shown = [(c["label"], c[side] if c[side] is not None or c["old"] is None else gone) for c in changes]
    return "\n".join(f"{label}：{value}" if label else value for label, value in shown if value is not None)


def write_audit_log(target: IO[bytes], *, events: QuerySet[AuditEvent], description: str, reader: Any) -> int:
    """Write the events (newest first) to `target`; returns the number of rows. Values as `reader` may see them
    and in words (accounts.audit_labels), as on the page: the object type and the fields by their names, choices by
    their labels, places by their names (every region, groups included, named in one query)."""
    # 时间 is a date-time cell (sorted and filtered as one, as the ledgers' dates are), local time, to the second.
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd hh:mm:ss",
        },
    )
    try:
        sheet = workbook.add_worksheet("审计日志")
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#DDE7F3", "border": 1})
        for index, (_, width) in enumerate(HEADERS):
            sheet.set_column(index, index, width)
        sheet.write_string(0, 0, "审计日志", title)
        sheet.write_string(1, 0, description)
        for index, (name, _) in enumerate(HEADERS):
            sheet.write_string(2, index, name, header)
        sheet.freeze_panes(3, 0)
        rows = events.values_list(
            "created_at", "actor_username", "actor_name", "object_name", "ip_address", "action",
            "summary", "object_type", "object_id", "region_path", "before", "after",
        )  # fmt: skip
        places = place_names()
        count = 0
        for chunk in _chunks(rows.iterator(chunk_size=CHUNK)):
            # The objects as the page names them (accounts.audit_objects): accounts, households and places in words.
            named = object_names((row[7], row[8]) for row in chunk)
            for created, username, name, object_name, ip, action, summary, kind, pk, path, before, after in chunk:
                changes = changes_in_words(reader, kind, action, before, after, places)
                tried = named.get((kind, pk), "") if kind == USER_OBJECT else ""
                values = [
                    username or SYSTEM_ACTOR, _actor_name(name, object_name, action, tried), ip,
                    category_label(action), action_label(action),
                    shown_summary(reader, summary, action), object_type_label(kind),
                    object_shown(kind, pk, named, object_name) if kind else "", pk,
                    places.get(path, path) if path else "",
                    _lines(changes, "old"), _lines(changes, "new", gone_words(action)),
                ]  # fmt: skip
                when = timezone.localtime(created).replace(tzinfo=None, microsecond=0)
                sheet.write_row(3 + count, 0, [when, *(safe_text(v) if v else None for v in values)])
                count += 1
        sheet.autofilter(2, 0, 2 + max(count, 1), len(HEADERS) - 1)
        return count
    finally:
        workbook.close()


def description_of(filters: dict[str, Any], actor: Any) -> str:
    words = {"q": "关键词", "actor": "操作人", "category": "操作类别", "action": "操作"}
    shown = {**filters, "category": dict(CATEGORY_CHOICES).get(filters.get("category") or "", "")}
    if shown.get("action"):
        shown["action"] = action_label(shown["action"])
    if shown.get("q"):
        shown["q"] = mask_numbers_in_text(shown["q"])  # a searched ID number is not written into the log
    parts = [f"{label}：{shown[key]}" for key, label in words.items() if shown.get(key)]
    if filters.get("region"):
        path = region_path_of(filters["region"]) or ""
        named = place_names([path]).get(path)  # the code beside the name, as the log names a region object
        parts.append(f"区划：{named}（{filters['region']}）" if named else f"区划：{filters['region']}")
    start, end = filters.get("date_from"), filters.get("date_to")
    parts.append(f"日期：{start.isoformat() if start else '不限'} 至 {end.isoformat() if end else '不限'}")
    parts.append(f"导出时间：{cn_datetime(timezone.now())}")
    parts.append(f"导出人：{actor.get_full_name() or actor.get_username()}")
    return "　".join(parts)


def export_name(today: dt.date) -> str:
    return f"审计日志_{today:%Y%m%d}.xlsx"


def audit_log_export(*, actor: Any, events: QuerySet[AuditEvent], filters: dict[str, Any]) -> tuple[IO[bytes], str]:
    """The filtered log as an XLSX file (rewound, for the response to send and close) and its name; the export is
    itself logged. ApplicationError when it is longer than one export takes."""
    count = events.count()
    if count > MAX_ROWS:
        raise ApplicationError(MSG_TOO_MANY.format(n=count, limit=MAX_ROWS))
    description = description_of(filters, actor)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller's response closes it
    written = write_audit_log(handle, events=events, description=description, reader=actor)
    handle.seek(0)
    audit_record(actor=actor, action="audit.export", summary=f"导出审计日志 {written} 条（{description}）")
    return handle, export_name(timezone.localdate())
