"""Importing a region tree (county → township → village → group) from a table of rows.

The tree is imported all or nothing: every row is validated first and every problem is reported with its
CSV line number and column, so that a county clerk can fix the whole file in one pass. Only then are the
regions created, parents first, in one transaction with one audit event.

A stored code whose row differs only in its name is a rename (更名 in the statistical codes): accepted, each one
audited with its old name (households.services.regions.region_rename_apply). A different level or parent under the
same code is still refused: it would move every scope path below it.
"""

import csv
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import SERVER_COMMAND, audit_record, server_summary
from households.choices import PARENT_LEVEL, RegionLevel
from households.models import Region
from households.regions import parse_level, path_for
from households.services.regions import region_rename_apply

# Column keys and the headers accepted for them (English as exported by scripts, Chinese as typed by people).
COLUMNS = ("code", "name", "level", "parent_code")
COLUMN_LABELS = {"code": "区划代码", "name": "名称", "level": "层级", "parent_code": "上级代码"}
HEADER_ALIASES = {key: key for key in COLUMNS} | {label: key for key, label in COLUMN_LABELS.items()}

MSG_ROW = "第{line}行“{column}”：{message}"
MSG_CODE_REQUIRED = "区划代码不能为空"
MSG_NAME_REQUIRED = "名称不能为空"
MSG_LEVEL_REQUIRED = "层级不能为空"
MSG_DUPLICATE_IN_FILE = "区划代码 {code} 与第{first}行重复"
MSG_CONFLICT_EXISTING = (
    "区划代码 {code} 已存在，但层级或上级不同（现有：{name}，{level}，上级 {parent}）；同一代码只能更改名称"
)
MSG_RENAME_RETIRED = "区划代码 {code}（{name}）已撤销，不能更名"
MSG_PARENT_RETIRED = "上级区划 {code} 已撤销，不能在其下新增区划"
MSG_NAME_TAKEN = "上级区划 {parent} 下已有名为“{name}”的区划（区划代码 {code}），同一上级下不能重名"
MSG_NAME_TWICE = "与第{first}行重名：上级区划 {parent} 下不能有两个名为“{name}”的区划"
MSG_PARENT_REQUIRED = "{level}必须填写上级代码"
MSG_COUNTY_HAS_PARENT = "县是区划树的根，不应填写上级代码"
MSG_PARENT_MISSING = "上级区划 {code} 不存在"
MSG_PARENT_LEVEL = "上级区划 {code} 是{actual}，{level}的上级应为{expected}"
MSG_PARENT_PREFIX = "区划代码 {code} 不属于上级区划 {parent}（应以 {path} 开头）"
MSG_EMPTY_FILE = "文件中没有区划数据。"
MSG_MISSING_COLUMNS = "缺少列：{columns}。表头应为 code,name,level,parent_code 或 区划代码,名称,层级,上级代码。"
MSG_ENCODING = "无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV 文件。"

FIRST_DATA_LINE = 2  # line 1 is the header
# Rows read from a file carry their line number under this key (blank lines and quoted line breaks
# make it differ from the row's index).
LINE_KEY = "_line"


@dataclass
class _Row:
    line: int
    code: str
    name: str
    level: str | None  # None when the level could not be parsed
    parent_code: str
    path: str | None = None  # None when the code is not valid for the level
    errors: list[tuple[int, str]] = field(default_factory=list)  # (column position, message)

    def error(self, column: str, message: str) -> None:
        text = MSG_ROW.format(line=self.line, column=COLUMN_LABELS[column], message=message)
        self.errors.append((COLUMNS.index(column), text))


@dataclass(frozen=True)
class _Known:
    """A region that a row may name as its parent: one already stored or one in the same file."""

    level: str | None
    path: str | None
    retired: bool = False


def _cell(row: Mapping[str, Any], key: str) -> str:
    for header, value in row.items():
        if header is not None and HEADER_ALIASES.get(str(header).strip().lstrip("\ufeff").lower()) == key:
            return "" if value is None else str(value).strip()
    return ""


def _level_label(level: str) -> str:
    return str(RegionLevel(level).label)


def _parse_row(line: int, raw: Mapping[str, Any]) -> _Row:
    row = _Row(
        line=line,
        code=_cell(raw, "code"),
        name=_cell(raw, "name"),
        level=None,
        parent_code=_cell(raw, "parent_code"),
    )
    if not row.code:
        row.error("code", MSG_CODE_REQUIRED)
    if not row.name:
        row.error("name", MSG_NAME_REQUIRED)
    raw_level = _cell(raw, "level")
    if not raw_level:
        row.error("level", MSG_LEVEL_REQUIRED)
    else:
        try:
            row.level = parse_level(raw_level)
        except ValidationError as exc:
            row.error("level", exc.messages[0].rstrip("。"))
    if row.code and row.level:
        try:
            row.path = path_for(row.code, row.level)
        except ValidationError as exc:
            row.error("code", exc.messages[0].rstrip("。"))
    return row


def _check_parent(row: _Row, known: Mapping[str, _Known], creating: set[str]) -> None:
    if row.level is None:
        return
    if row.level == RegionLevel.COUNTY:
        if row.parent_code:
            row.error("parent_code", MSG_COUNTY_HAS_PARENT)
        return
    if not row.parent_code:
        row.error("parent_code", MSG_PARENT_REQUIRED.format(level=_level_label(row.level)))
        return
    parent = known.get(row.parent_code)
    if parent is None:
        row.error("parent_code", MSG_PARENT_MISSING.format(code=row.parent_code))
        return
    if parent.retired and row.code in creating:
        row.error("parent_code", MSG_PARENT_RETIRED.format(code=row.parent_code))
        return
    if parent.level is None:
        return  # the parent's own row is wrong and reported there
    expected = PARENT_LEVEL[RegionLevel(row.level)]
    if parent.level != expected:
        row.error(
            "parent_code",
            MSG_PARENT_LEVEL.format(
                code=row.parent_code,
                actual=_level_label(parent.level),
                level=_level_label(row.level),
                expected=_level_label(expected),
            ),
        )
    elif row.path is not None and parent.path is not None and not row.path.startswith(parent.path):
        # Scope is a path prefix (accounts.scoping): a child outside its parent's prefix would be invisible
        # to the parent's officers.
        row.error("parent_code", MSG_PARENT_PREFIX.format(code=row.code, parent=row.parent_code, path=parent.path))


def _validate(rows: list[dict[str, Any]]) -> tuple[list[_Row], list[tuple[_Row, Region]], dict[str, Region]]:
    """Parse and check every row; returns the rows to create, the stored regions to rename (with their rows) and
    the stored regions the rows refer to."""
    parsed = [_parse_row(int(raw.get(LINE_KEY) or FIRST_DATA_LINE + index), raw) for index, raw in enumerate(rows)]
    wanted = {row.code for row in parsed if row.code} | {row.parent_code for row in parsed if row.parent_code}
    stored = {region.code: region for region in Region.objects.filter(code__in=wanted).select_related("parent")}

    first_line: dict[str, int] = {}
    to_create: list[_Row] = []
    to_rename: list[tuple[_Row, Region]] = []
    for row in parsed:
        if not row.code:
            continue
        if row.code in first_line:
            row.error("code", MSG_DUPLICATE_IN_FILE.format(code=row.code, first=first_line[row.code]))
            continue
        first_line[row.code] = row.line
        existing = stored.get(row.code)
        if existing is None:
            to_create.append(row)
            continue
        existing_parent = existing.parent.code if existing.parent else ""
        if (existing.level, existing_parent) == (row.level, row.parent_code):
            if existing.name == row.name:
                continue  # an identical row is already there: importing the same tree twice changes nothing
            if existing.is_active:
                to_rename.append((row, existing))
            else:
                row.error("name", MSG_RENAME_RETIRED.format(code=row.code, name=existing.name))
        else:
            row.error(
                "code",
                MSG_CONFLICT_EXISTING.format(
                    code=row.code,
                    name=existing.name,
                    level=_level_label(existing.level),
                    parent=existing_parent or "无",
                ),
            )

    known = {code: _Known(level=r.level, path=r.path, retired=not r.is_active) for code, r in stored.items()}
    for row in to_create:
        known.setdefault(row.code, _Known(level=row.level, path=row.path))
    creating = {row.code for row in to_create}
    for row in parsed:
        # Rows with other problems get their parent checked too, so that every error shows up at once.
        _check_parent(row, known, creating)

    _check_sibling_names(parsed, to_create, to_rename)

    # In file order, and within a line in column order, whatever check found the problem first.
    errors = [message for row in parsed for _, message in sorted(row.errors, key=lambda error: error[0])]
    if errors:
        raise ValidationError(errors)
    return to_create, to_rename, stored


def _check_sibling_names(parsed: list[_Row], to_create: list[_Row], to_rename: list[tuple[_Row, Region]]) -> None:
    """The admin's rule (households.services.regions._name_clean) for every name a row gives or changes: no two
    active regions of one parent bear it, as the tree stands after the import (a sibling renamed away in the same
    file frees its name). Two 城南村 in one township could not be told apart on a picker or a notice."""
    creating = {id(row) for row in to_create}
    renaming = {id(row) for row, _ in to_rename}
    changed = [row for row in parsed if (id(row) in creating or id(row) in renaming) and row.parent_code and row.name]
    if not changed:
        return
    renamed_codes = {row.code for row, _ in to_rename}
    siblings = Region.objects.active().filter(parent__code__in={row.parent_code for row in changed})
    taken: dict[tuple[str, str], tuple[str, int | None]] = {}  # (parent code, name) → (code, line in the file)
    for code, name, parent_code in siblings.values_list("code", "name", "parent__code"):
        if code not in renamed_codes:
            taken[(parent_code, name)] = (code, None)
    for row in changed:
        holder = taken.setdefault((row.parent_code, row.name), (row.code, row.line))
        if holder[0] == row.code:
            continue
        code, line = holder
        if line is None:
            message = MSG_NAME_TAKEN.format(parent=row.parent_code, name=row.name, code=code)
        else:
            message = MSG_NAME_TWICE.format(first=line, parent=row.parent_code, name=row.name)
        row.error("name", message)


@dataclass(frozen=True)
class RegionImportResult:
    created: int
    renamed: list[tuple[str, str, str]]  # (code, old name, new name), in file order


@transaction.atomic
def region_import(*, actor: Any, rows: list[dict[str, Any]], server_user: str = "") -> RegionImportResult:
    """Import a region tree: create the new regions and rename those whose row differs only in its name. Raises
    ValidationError listing every bad row (Chinese, with line number and column) and writes nothing if any row is
    wrong. With actor None the import ran on the server (manage.py import_regions, `server_user` the login that ran
    it)."""
    to_create, to_rename, stored = _validate(rows)
    renamed = []
    for row, region in to_rename:
        locked = Region.objects.select_for_update().get(pk=region.pk)
        renamed.append((locked.code, locked.name, row.name))
        region_rename_apply(actor=actor, region=locked, name=row.name, server_user=server_user)
    created = _create(actor=actor, to_create=to_create, stored=stored, server_user=server_user)
    return RegionImportResult(created=created, renamed=renamed)


def region_import_rows(*, actor: Any, rows: list[dict[str, Any]], server_user: str = "") -> int:
    """region_import, returning how many regions were created (seed_demo)."""
    return region_import(actor=actor, rows=rows, server_user=server_user).created


def _create(*, actor: Any, to_create: list[_Row], stored: dict[str, Region], server_user: str) -> int:
    if not to_create:
        return 0
    ids = {code: region.pk for code, region in stored.items()}
    # Parents first: a path is longer than its parent's, so one bulk insert per level in path-length order.
    by_length: dict[int, list[_Row]] = {}
    for row in to_create:
        assert row.path is not None and row.level is not None  # guaranteed by _validate
        by_length.setdefault(len(row.path), []).append(row)
    for length in sorted(by_length):
        batch = by_length[length]
        created = Region.objects.bulk_create(
            [
                Region(
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    path=row.path,
                    parent_id=ids[row.parent_code] if row.parent_code else None,
                )
                for row in batch
            ]
        )
        ids.update({region.code: region.pk for region in created})
    counts = Counter(row.level for row in to_create)
    detail = "、".join(f"{label}{counts[value]}个" for value, label in RegionLevel.choices if counts.get(value))
    summary = f"导入区划 {len(to_create)} 个（{detail}）"
    audit_record(
        actor=actor,
        actor_username=SERVER_COMMAND if actor is None else "",
        action="region.import",
        summary=server_summary(summary, server_user) if actor is None else summary,
        object_type="households.region",
        region_path=min((row.path for row in to_create if row.path), key=len, default=""),
        after={"count": len(to_create), **{str(level): n for level, n in counts.items()}},
    )
    return len(to_create)


def decode_csv(data: bytes) -> str:
    """Departments and counties save CSV as UTF-8 (with or without BOM) or GBK; GB 18030 is GBK's superset."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(MSG_ENCODING)


def region_rows_from_csv(data: bytes) -> list[dict[str, Any]]:
    """Read region rows from CSV bytes; the header may be English or Chinese."""
    reader = csv.DictReader(io.StringIO(decode_csv(data), newline=""))
    headers = {HEADER_ALIASES.get((name or "").strip().lower()) for name in reader.fieldnames or []}
    missing = [COLUMN_LABELS[key] for key in COLUMNS if key not in headers]
    if missing:
        raise ValidationError(MSG_MISSING_COLUMNS.format(columns="、".join(missing)))
    rows: list[dict[str, Any]] = []
    for row in reader:
        if any(isinstance(value, str) and value.strip() for value in row.values()):
            rows.append({**row, LINE_KEY: reader.line_num})
    if not rows:
        raise ValidationError(MSG_EMPTY_FILE)
    return rows
