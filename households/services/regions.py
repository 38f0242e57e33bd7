"""The region tree kept up with the statistical division codes (统计用区划代码): the system admin adds a village under
a township or a villager group under a village, renames a region, and retires (撤销) a village or group whose code
was withdrawn. Regions are never deleted: closed households and their history keep pointing at them.

Region administration is configuration, the system admin's (accounts.permissions.user_is_config_admin; 三权分立:
the security and audit admins do not configure). The paths are computed by the same function as the import's
(households.regions.path_for), so a region added here and one imported from the file are alike.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.audit import SERVER_COMMAND, audit_record, server_summary
from accounts.permissions import user_is_config_admin
from households.choices import RegionLevel
from households.models import Grid, Household, Region
from households.regions import path_for
from households.selectors import grids_in_order

MSG_NO_CONFIG = "只有系统管理员可以维护行政区划。"
MSG_PARENT_LEVEL = "只能在乡镇下新增村，或在村下新增村民小组；{name}是{level}。"
MSG_PARENT_RETIRED = "{name}已撤销，不能在其下新增区划。"
MSG_VILLAGE_CODE = "村的区划代码应为12位数字，以所属乡镇的代码 {path} 开头（如 {path}201）。"
MSG_GROUP_CODE = "村民小组的区划代码应为15位数字：所属村的代码 {path} 加3位组号（如 {path}001）。"
MSG_CODE_TAKEN = "区划代码 {code} 已被“{name}”使用。"
MSG_NAME_REQUIRED = "名称不能为空。"
MSG_NAME_TAKEN = "{parent}下已有名为“{name}”的{level}。"
MSG_RETIRED = "{name}已撤销，不能修改。"
MSG_RETIRE_LEVEL = "只能撤销村或村民小组；{name}是{level}。"
MSG_RETIRE_HOUSEHOLDS = "{name}还有 {count} 户在册农户（未注销），请先将其整户迁移到其他村或注销。"
MSG_RETIRE_GRIDS = "{name}有 {count} 个网格还有在册农户：{grids}。"
MSG_RETIRE_ACCOUNTS = (
    "{name}还有 {count} 个有效账号的管辖范围在该村：{users}，请先在“用户”中调整账号管辖范围（或停用不再使用的账号）。"
)
MSG_RETIRE_WORKERS = "{name}有 {count} 个网格还指定了网格员：{grids}，请先在“网格”中释放网格员（清空网格员）。"
MSG_RETIRE_BLOCKED = "{name}不能撤销：{reasons}"

CHILD_LEVEL = {RegionLevel.TOWNSHIP: RegionLevel.VILLAGE, RegionLevel.VILLAGE: RegionLevel.GROUP}
# Digits a child adds to its parent's path: a village's 3 of the 12-digit code, a group's 3-digit number.
CHILD_DIGITS = 3
RETIRED_GROUPS = "retired_groups"
ACCOUNTS_RENAMED = "accounts_renamed"
NAMES_SHOWN = 10  # accounts or grids named in a refusal; the rest counted (等 N 个)


def _require_config_admin(actor: Any) -> None:
    if not user_is_config_admin(actor):
        raise PermissionDenied(MSG_NO_CONFIG)


def _level_label(level: str) -> str:
    return str(RegionLevel(level).label)


def _snapshot(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent": region.parent.code if region.parent else "",
        "path": region.path,
    }


def _child_path(parent: Region, code: str) -> str:
    """The new region's path under `parent`, by the import's own rule (path_for), or a field error for the code."""
    level = CHILD_LEVEL[RegionLevel(parent.level)]
    message = (MSG_VILLAGE_CODE if level == RegionLevel.VILLAGE else MSG_GROUP_CODE).format(path=parent.path)
    try:
        path = path_for(code, level)
    except ValidationError:
        raise ValidationError({"code": message}) from None
    # Scope is a path prefix (accounts.scoping): a child outside its parent's prefix would be invisible to the
    # parent's officers.
    if not path.startswith(parent.path) or len(path) != len(parent.path) + CHILD_DIGITS:
        raise ValidationError({"code": message})
    return path


def _name_clean(name: str, *, parent: Region | None, level: str, exclude: Region | None = None) -> str:
    """The name stripped, refused when blank or when the parent already holds an active one of that name (two
    城南村 in one township could not be told apart on a picker or a notice)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": MSG_NAME_REQUIRED})
    if parent is not None:
        twins = Region.objects.active().filter(parent=parent, name=name)
        if exclude is not None:
            twins = twins.exclude(pk=exclude.pk)
        if twins.exists():
            raise ValidationError(
                {"name": MSG_NAME_TAKEN.format(parent=parent.name, name=name, level=_level_label(level))}
            )
    return name


@transaction.atomic
def region_create(*, actor: Any, parent: Region, code: str, name: str) -> Region:
    """Add a village under a township or a villager group under a village (audited); field errors in Chinese."""
    _require_config_admin(actor)
    parent = Region.objects.select_for_update().get(pk=parent.pk)
    if parent.level not in CHILD_LEVEL:
        raise ValidationError({"parent": MSG_PARENT_LEVEL.format(name=parent.name, level=_level_label(parent.level))})
    if not parent.is_active:
        raise ValidationError({"parent": MSG_PARENT_RETIRED.format(name=parent.name)})
    level = CHILD_LEVEL[RegionLevel(parent.level)]
    code = (code or "").strip()
    errors: dict[str, str] = {}
    path = ""
    try:
        path = _child_path(parent, code)
        if taken := Region.objects.filter(Q(code=code) | Q(path=path)).first():
            errors["code"] = MSG_CODE_TAKEN.format(code=code, name=taken.name)
    except ValidationError as error:
        errors["code"] = error.message_dict["code"][0]
    try:
        name = _name_clean(name, parent=parent, level=level)
    except ValidationError as error:
        errors["name"] = error.message_dict["name"][0]
    if errors:
        raise ValidationError(errors)
    region = Region.objects.create(code=code, name=name, level=level, parent=parent, path=path)
    audit_record(
        actor=actor,
        action="region.create",
        summary=f"新增{_level_label(level)} {parent.name}{name}（{code}）",
        target=region,
        after=_snapshot(region),
    )
    return region


def region_rename_apply(*, actor: Any, region: Region, name: str, server_user: str = "") -> bool:
    """Give a locked, active region its new name and audit the old one; False when it already bears it. Shared by
    the admin (region_rename) and the import of a renamed code (households.region_import)."""
    if name == region.name:
        return False
    before = region.name
    region.name = name
    region.save(update_fields=["name"])
    after: dict[str, Any] = {"name": name}
    if renamed := _accounts_rename(region):
        after[ACCOUNTS_RENAMED] = renamed
    summary = f"{_level_label(region.level)}更名（{region.code}）：{before} → {name}" + (
        f"，{renamed} 个账号的管辖区划名称随之更新" if renamed else ""
    )
    audit_record(
        actor=actor,
        actor_username=SERVER_COMMAND if actor is None else "",
        action="region.rename",
        summary=server_summary(summary, server_user) if actor is None else summary,
        target=region,
        before={"name": before},
        after=after,
    )
    return True


def _accounts_rename(region: Region) -> int:
    """The region's new name on the accounts scoped to exactly it (User.region_name, which the header, the account
    lists and their search read) and on a scope change awaiting approval to it; how many accounts got it."""
    users = get_user_model().objects
    count = users.filter(region_path=region.path).exclude(region_name=region.name).update(region_name=region.name)
    waiting = users.filter(approval_pending__region_path=region.path)
    for user in waiting.select_for_update():
        if user.approval_pending.get("region_name") != region.name:
            user.approval_pending = {**user.approval_pending, "region_name": region.name}
            user.save(update_fields=["approval_pending"])
            count += user.region_path != region.path
    return count


@transaction.atomic
def region_rename(*, actor: Any, region: Region, name: str) -> Region:
    """Rename a region (the name only: its code, and so every scope path, stays), the old name kept in the audit."""
    _require_config_admin(actor)
    region = Region.objects.select_for_update(of=("self",)).select_related("parent").get(pk=region.pk)
    if not region.is_active:
        raise ValidationError({"name": MSG_RETIRED.format(name=region.name)})
    name = _name_clean(name, parent=region.parent, level=region.level, exclude=region)
    region_rename_apply(actor=actor, region=region, name=name)
    return region


@dataclass(frozen=True)
class RetireCheck:
    """What stands in the way of retiring a region, in words (empty when nothing does), and the groups that go
    with a village."""

    region: Region
    reasons: list[str]
    groups: list[Region]

    @property
    def allowed(self) -> bool:
        return not self.reasons


def region_retire_check(region: Region) -> RetireCheck:
    """Why `region` cannot be retired now: only a village or group; none of its households still in the registry
    (not closed), no grid of it holding one, and for a village no active account scoped to it and no grid of it with
    a worker. Closed households may stay: they keep their village; so do its grids, no longer offered."""
    if region.level not in (RegionLevel.VILLAGE, RegionLevel.GROUP):
        reason = MSG_RETIRE_LEVEL.format(name=region.name, level=_level_label(region.level))
        return RetireCheck(region=region, reasons=[reason], groups=[])
    own = "village" if region.level == RegionLevel.VILLAGE else "group"
    households = Household.objects.filter(**{own: region}, is_active=True)
    reasons = []
    if count := households.count():
        reasons.append(MSG_RETIRE_HOUSEHOLDS.format(name=region.name, count=count))
    if region.level == RegionLevel.VILLAGE:
        grids = grids_in_order(Grid.objects.filter(pk__in=households.values("grid")))  # 第一网格、第二网格
        if grids:
            names = "、".join(grid.name for grid in grids)
            reasons.append(MSG_RETIRE_GRIDS.format(name=region.name, count=len(grids), grids=names))
        reasons.extend(_people_reasons(region))
    groups = list(region.children.filter(is_active=True).order_by("path"))
    return RetireCheck(region=region, reasons=reasons, groups=groups)


def _listed(names: list[str]) -> str:
    shown = "、".join(names[:NAMES_SHOWN])
    return shown + (f"等 {len(names)} 个" if len(names) > NAMES_SHOWN else "")


def _people_reasons(village: Region) -> list[str]:
    """A village's accounts and grid workers, which would otherwise outlive it: an active account scoped to it (or
    to one of its grids, or asking to be, awaiting the security admin) would still sign in to a retired village,
    and a grid's worker would still be offered its grid."""
    accounts = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(region_path__startswith=village.path)
            | Q(grid__village=village)
            | Q(approval_pending__region_path__startswith=village.path)
        )
    )
    users = [
        f"{user.username}（{user.get_full_name() or user.get_role_display()}）"
        for user in accounts.order_by("username")
    ]
    reasons = []
    if users:
        reasons.append(MSG_RETIRE_ACCOUNTS.format(name=village.name, count=len(users), users=_listed(users)))
    staffed = grids_in_order(Grid.objects.filter(village=village, worker__isnull=False).select_related("worker"))
    if staffed:
        grids = [f"{grid.name}（{grid.worker.get_full_name() or grid.worker.username}）" for grid in staffed]
        reasons.append(MSG_RETIRE_WORKERS.format(name=village.name, count=len(grids), grids=_listed(grids)))
    return reasons


@transaction.atomic
def region_retire(*, actor: Any, region: Region, on: dt.date | None = None) -> Region:
    """撤销 a village (with its villager groups) or a group: it leaves the pickers and reports (Region.objects.active)
    and the region list marks it 已撤销. Refused, saying what blocks it, while it holds households in the registry."""
    _require_config_admin(actor)
    region = Region.objects.select_for_update().get(pk=region.pk)
    if not region.is_active:
        raise ValidationError(MSG_RETIRED.format(name=region.name))
    # The registry services refuse a retired place (households.services.registry.place_path), so no household
    # is added here once this commits.
    check = region_retire_check(region)
    if not check.allowed:
        raise ValidationError(MSG_RETIRE_BLOCKED.format(name=region.name, reasons="".join(check.reasons)))
    day = on or timezone.localdate()
    retired = [region, *check.groups]
    Region.objects.filter(pk__in=[r.pk for r in retired], is_active=True).update(is_active=False, retired_on=day)
    region.refresh_from_db()
    after: dict[str, Any] = {"is_active": False, "retired_on": day}
    if check.groups:
        after[RETIRED_GROUPS] = [f"{group.name}（{group.code}）" for group in check.groups]
    audit_record(
        actor=actor,
        action="region.retire",
        summary=f"撤销{_level_label(region.level)} {region.name}（{region.code}）"
        + (f"，及其 {len(check.groups)} 个村民小组" if check.groups else ""),
        target=region,
        before={"is_active": True},
        after=after,
    )
    return region
