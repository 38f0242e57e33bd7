"""Screening's tiles on the home page (accounts.tiles)."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.roles import Capability
from accounts.tiles import Tile, Urgency, register
from screening.choices import ResultStatus
from screening.models import ScreeningResult
from screening.run_health import county_run_warning
from screening.selectors import line_notice


def _to_act(user: Any) -> int:
    return ScreeningResult.objects.visible_to(user).filter(status=ResultStatus.HIT).count()


def _line_notice() -> str:
    """Worded for whom enters the lines: the only ones told on their home page (they can act on it)."""
    return line_notice(on_date=timezone.localdate(), enters_lines=True)


def _enters_lines(role: str) -> Callable[[Any], bool]:
    """Shown to whom enters the county's lines (services.config.CONFIG_ROLES: the bureau on its lines page, the
    system admin on the configuration site), while this year's line is missing (000 §三(一)1: adjusted every year;
    until it is entered every comparison uses an earlier year's line)."""
    return lambda user: user.role == role and bool(_line_notice())


def _notice_item(url_name: str) -> Callable[[Any], list[tuple[str, str]]]:
    return lambda user: [(_line_notice(), reverse(url_name))]


def _runs_stalled(role: str) -> Callable[[Any], bool]:
    """Shown to the county bureau and the system administrator (who can mend the scheduler) while the nightly
    county run has not finished for a day, or finished with failures (run_health)."""
    return lambda user: user.role == role and bool(county_run_warning())


def _run_item(url_name: str) -> Callable[[Any], list[tuple[str, str]]]:
    return lambda user: [(county_run_warning(), reverse(url_name))]


# (key suffix, role, capability, url name): the county bureau on its own pages, the system admin on the
# configuration site.
_BUREAU_AND_ADMIN = (
    ("", Role.COUNTY_OFFICER, Capability.REGISTRY_VIEW),
    ("_admin", Role.SYSTEM_ADMIN, Capability.USERS_MANAGE),
)


def _register_warning(
    key: str,
    label: str,
    hint: str,
    order: int,
    url_names: tuple[str, str],
    shown: Callable[[str], Callable[[Any], bool]],
    item: Callable[[str], Callable[[Any], list[tuple[str, str]]]],
) -> None:
    """One warning tile per role of _BUREAU_AND_ADMIN, each linking to where that role acts on it."""
    for (suffix, role, capability), url_name in zip(_BUREAU_AND_ADMIN, url_names, strict=True):
        register(
            Tile(
                key + suffix,
                label,
                hint,
                url_name,
                capability,
                order=order,
                shown=shown(role),
                items=item(url_name),
                warn=True,
            )
        )


def register_tiles() -> None:
    _register_warning(
        "line_missing",
        "监测标准待录入",
        "本年度监测标准录入前，筛查和各处收入对照都沿用往年标准",
        1,
        ("screening:lines", "admin:screening_monitoringline_changelist"),
        _enters_lines,
        _notice_item,
    )
    _register_warning(
        "runs_stalled",
        "全县筛查未按时完成",
        "每日夜间全县筛查未运行或部分失败，筛查结果可能不是最新的",
        2,
        ("screening:runs", "admin:index"),
        _runs_stalled,
        _run_item,
    )
    # Not the others' home page: they cannot enter the line. The screening's pages (its results, the lines) tell them
    # what the screening does meanwhile, where the hits it finds are read (screening.views).
    register(
        Tile(
            "screening",
            "筛查待处理",
            "系统筛查命中、待核实的农户",
            "screening:worklist",
            Capability.REGISTRY_VIEW,
            _to_act,
            order=30,
            urgency=Urgency.DUE,
        )
    )
    register(
        Tile(
            "campaigns",
            "集中排查",
            "入户排查表、问题整改台账与汇总",
            "campaigns:list",
            Capability.REGISTRY_VIEW,
            order=40,
        )
    )
