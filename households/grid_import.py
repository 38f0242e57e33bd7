"""A county's grids (网格) and their grid workers from one sheet (批量导入网格), for the system admin.

A row names a village (its 12-digit code or 乡镇名村名), a grid and, optionally, the username of its grid worker.
A grid the village does not have yet is created; one it has gets the row's worker (a blank worker leaves an
existing grid's worker as it is). Every write goes through
households.services.grids (scope checks, audit). Bad rows are handed back with their row, column and reason; the
good ones are kept. One transaction: an unexpected failure leaves nothing behind.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_record
from accounts.selectors import users_by_username
from accounts.user_import import Column, RegionDirectory, RowError, service_reasons, sheet_values
from households.choices import RegionLevel
from households.models import Grid, Region
from households.selectors import region_directory
from households.services.grids import grid_create, grid_update

MAX_ROWS = 3000
MSG_REQUIRED = "不能为空"
MSG_NOT_VILLAGE = "“{value}”不是村：网格只能建在村下"
MSG_NAME_TOO_LONG = "网格名称不能超过 {n} 个字符"
MSG_REPEATED = "与第{line}行是同一个网格"
MSG_NO_USER = "没有用户名为“{value}”的账号（请先在“用户”中创建或批量导入）"
MSG_NO_ROWS = "文件中没有网格数据行。"

COLUMNS: tuple[Column, ...] = (
    Column("village", "所属村", True, ("村", "村名", "村代码", "区划代码", "行政村"),
           "12位村代码（如 360425100201），或“乡镇名村名”（如 涂埠镇城南村）", "360425100201"),
    Column("name", "网格名称", True, ("网格", "网格名"), "同一村内不重复，如 第一网格", "第一网格"),
    Column("worker", "网格员用户名", False, ("网格员", "网格员账号", "网格员登录名"),
           "网格员的登录用户名；留空则只建网格。网格员须为该村（或其所在乡镇）的村干部或驻村工作队", "chengnan_li"),
)  # fmt: skip
HEADERS = {column.key: column.header for column in COLUMNS}


@dataclass
class GridImportOutcome:
    created: list[Grid] = field(default_factory=list)
    updated: list[Grid] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def grids_import(
    *, actor: Any, rows: Iterable[tuple[int, list[str]]], columns: dict[str, int], file_name: str = ""
) -> GridImportOutcome:
    """Create or update a grid for every good row (`columns`: column key → index in a row)."""
    directory = RegionDirectory(region_directory())
    villages = {r.path: r for r in Region.objects.filter(level=RegionLevel.VILLAGE)}
    grids = {(g.village_id, g.name): g for g in Grid.objects.select_related("village", "worker")}
    seen: dict[tuple[str, str], int] = {}
    outcome = GridImportOutcome()
    limit = Grid._meta.get_field("name").max_length
    with transaction.atomic():
        for line, cells, values in sheet_values(rows, columns, limit=MAX_ROWS):
            reasons = [f"{HEADERS[c.key]}：{MSG_REQUIRED}" for c in COLUMNS if c.required and not values.get(c.key)]
            village = None
            if text := values.get("village", ""):
                entry, message = directory.find(text)
                if message:
                    reasons.append(f"{HEADERS['village']}：{message}")
                elif entry.path not in villages:
                    reasons.append(f"{HEADERS['village']}：{MSG_NOT_VILLAGE.format(value=text)}")
                else:
                    village = villages[entry.path]
            name = values.get("name", "")
            if len(name) > limit:
                reasons.append(f"{HEADERS['name']}：{MSG_NAME_TOO_LONG.format(n=limit)}")
            worker = None
            if username := values.get("worker", ""):
                worker = users_by_username([username]).get(username)
                if worker is None:
                    reasons.append(f"{HEADERS['worker']}：{MSG_NO_USER.format(value=username)}")
            if village is not None and name and not reasons:
                key = (village.path, name)
                if key in seen:
                    reasons.append(f"{HEADERS['name']}：{MSG_REPEATED.format(line=seen[key])}")
                seen.setdefault(key, line)
            if reasons:
                outcome.errors.append(RowError(line, cells, "；".join(reasons)))
                continue
            existing = grids.get((village.pk, name))
            try:
                with transaction.atomic():
                    if existing is None:
                        grid = grid_create(actor=actor, village=village, name=name, worker=worker)
                        grids[(village.pk, name)] = grid
                        outcome.created.append(grid)
                    elif worker is not None and existing.worker_id != worker.pk:
                        outcome.updated.append(grid_update(actor=actor, grid=existing, village=village, name=name,
                                                           worker=worker))  # fmt: skip
                    else:
                        outcome.unchanged += 1
            except ValidationError as error:
                outcome.errors.append(RowError(line, cells, service_reasons(error, HEADERS)))
        if not (outcome.created or outcome.updated or outcome.unchanged or outcome.errors):
            raise ValidationError(MSG_NO_ROWS)
        audit_record(
            actor=actor,
            action="grid.import",
            summary=f"批量导入网格（{file_name or '未命名文件'}）：新建 {len(outcome.created)} 个，"
            f"修改网格员 {len(outcome.updated)} 个，有误 {len(outcome.errors)} 行",
            after={"created": [g.pk for g in outcome.created], "updated": [g.pk for g in outcome.updated],
                   "error_lines": [e.line for e in outcome.errors]},
        )  # fmt: skip
    return outcome
