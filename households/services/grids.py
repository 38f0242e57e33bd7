"""Grids (网格): a part of a village with its grid worker, configured by the system admin."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.approvals import login_refusal
from accounts.audit import UNCHANGED, audit_changes, audit_record
from accounts.choices import VILLAGE_ROLES, Approval
from accounts.permissions import user_is_config_admin
from households.choices import RegionLevel
from households.models import Grid, Household, Region

MSG_NO_CONFIG = "只有系统管理员可以配置网格。"
MSG_NOT_A_VILLAGE = "网格必须属于一个村。"
MSG_WORKER_INACTIVE = "该用户已停用，不能担任网格员。"
MSG_WORKER_NOT_APPROVED = "“{user}”的账号未经安全管理员审核通过（{state}），不能登录办理网格工作，不能担任网格员。"
MSG_WORKER_SCOPE = "网格员的管辖区划必须包含该村。"
MSG_WORKER_ROLE = "网格员须为村干部/网格员或驻村工作队，“{user}”是{role}。"
MSG_WORKER_RELEASED = "网格 {grid} 的网格员 {user} 已解除：{why}"
MSG_GRID_MOVE = "该网格已有 {households} 户、{users} 个账号，不能改到其他村；如需调整请新建网格。"
MSG_WORKER_OTHER_GRID = "“{user}”的管辖范围限定为{grid}，看不到其他网格的农户，不能担任其他网格的网格员。"


def _worker_problem(worker: Any, village_path: str, grid: Grid | None = None) -> str:
    """Why `worker` cannot be the grid worker of `grid` (None: a new one) in the village at `village_path`, or ""
    when they can."""
    if worker.role not in VILLAGE_ROLES:
        return MSG_WORKER_ROLE.format(user=worker.username, role=worker.get_role_display())
    if not worker.is_active:
        return MSG_WORKER_INACTIVE
    if not (worker.region_path and village_path.startswith(worker.region_path)):
        return MSG_WORKER_SCOPE
    if worker.grid_id is not None and (grid is None or grid.pk != worker.grid_id):
        # Limited to one grid (accounts.scoping), they would not see the households of this one.
        return MSG_WORKER_OTHER_GRID.format(user=worker.username, grid=worker.scope_label)
    return ""


def _approval_problem(worker: Any) -> str:
    """Why a worker about to be named cannot sign in (accounts.approvals): pending, or refused by the security admin.
    Asked when a grid is given a worker, not by grid_workers_release: a password reset awaiting approval closes the
    account for a day, and its grids should not lose their worker for that."""
    if not login_refusal(worker):
        return ""
    return MSG_WORKER_NOT_APPROVED.format(user=worker.username, state=Approval(worker.approval).label)


def _validate(*, actor: Any, village: Region, worker: Any, grid: Grid | None = None) -> None:
    if not user_is_config_admin(actor):
        raise PermissionDenied(MSG_NO_CONFIG)
    errors: dict[str, str] = {}
    if village.level != RegionLevel.VILLAGE:
        errors["village"] = MSG_NOT_A_VILLAGE
    unchanged = grid is not None and worker is not None and Grid.objects.filter(pk=grid.pk, worker=worker).exists()
    if worker is not None and (
        problem := _worker_problem(worker, village.path, grid) or ("" if unchanged else _approval_problem(worker))
    ):
        errors["worker"] = problem
    if errors:
        raise ValidationError(errors)


def _snapshot(grid: Grid) -> dict[str, Any]:
    return {"village": grid.village.path, "name": grid.name, "worker": grid.worker.username if grid.worker else ""}


@transaction.atomic
def grid_create(*, actor: Any, village: Region, name: str, worker: Any = None) -> Grid:
    _validate(actor=actor, village=village, worker=worker)
    # region_path is the village's: households in the grid are scoped by the same path.
    grid = Grid(village=village, name=name, worker=worker, region_path=village.path)
    grid.full_clean()
    grid.save()
    audit_record(
        actor=actor, action="grid.create", summary=f"新建网格 {village.name}{name}", target=grid, after=_snapshot(grid)
    )
    return grid


@transaction.atomic
def grid_update(*, actor: Any, grid: Grid, village: Region, name: str, worker: Any = None) -> Grid:
    _validate(actor=actor, village=village, worker=worker, grid=grid)
    # Locked: a household or account given this grid meanwhile would otherwise end up in another village's grid.
    stored = Grid.objects.select_for_update().get(pk=grid.pk)
    if stored.village_id != village.pk:
        # Its households and the accounts limited to it are the old village's: moved with the grid, a household
        # would sit in another village's grid and a cadre would be limited to a grid outside their scope.
        households, users = Household.objects.filter(grid=grid).count(), grid.limited_users.count()
        if households or users:
            raise ValidationError({"village": MSG_GRID_MOVE.format(households=households, users=users)})
    before = _snapshot(stored)
    grid.village, grid.name, grid.worker, grid.region_path = village, name, worker, village.path
    grid.full_clean()
    grid.save()
    old, new = audit_changes(before, _snapshot(grid))
    audit_record(
        actor=actor,
        action="grid.update",
        summary=f"修改网格 {village.name}{name}" + ("" if new else UNCHANGED),
        target=grid,
        before=old,
        after=new,
    )
    return grid


@transaction.atomic
def grid_workers_release(*, actor: Any, user: Any) -> list[Grid]:
    """After a change to an account (deactivated, another role, another scope or grid): the grids whose worker it can no
    longer be are left without a worker, each audited with the reason, so the grid list shows them as 无网格员 to be
    given a new one instead of naming someone who has left. Runs in the account change's transaction."""
    released = []
    for grid in Grid.objects.select_for_update().filter(worker=user).select_related("village").order_by("pk"):
        problem = _worker_problem(user, grid.village.path, grid)
        if not problem:
            continue
        before = _snapshot(grid)
        grid.worker = None
        grid.save(update_fields=["worker"])
        audit_record(
            actor=actor,
            action="grid.worker_released",
            summary=MSG_WORKER_RELEASED.format(grid=f"{grid.village.name}{grid.name}", user=user.username, why=problem),
            target=grid,
            before=before,
            after=_snapshot(grid),
        )
        released.append(grid)
    return released
