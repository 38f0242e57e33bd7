"""Whether the nightly whole-county screening is running (settings.CELERY_BEAT_SCHEDULE "screening-nightly", 02:00).

A county run is one transaction (services.runs.screening_run): one that crashes leaves no row at all, and one whose
scheduler is down leaves none either. So the sign of trouble is the absence of a finished county run in the last
day, not a failed row; and a run that finished with failures (rules that could not be evaluated, households that
failed) says so in its row. Both are told to the county bureau and the system administrator on their home page and
to everyone on the screening results page, whose empty state promises a nightly run.

A county with no finished run at all is told only once its registry is older than a day (a county just imported
has not yet had its first night)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from households.models import Household
from screening.choices import RunStatus
from screening.models import ScreeningRun

STALE_AFTER = dt.timedelta(hours=26)  # the 02:00 run, with two hours' slack for a long one

MSG_CHECK = "请系统管理员检查后台任务（定时任务与任务队列）。"
MSG_NEVER = "全县尚未完成过一次筛查：每日夜间自动筛查未运行，筛查结果不是最新的。" + MSG_CHECK
MSG_STALE = "最近一次全县筛查完成于 {when}，已超过一天未运行，筛查结果可能不是最新的。" + MSG_CHECK
MSG_PARTIAL = "最近一次全县筛查（{when}）部分失败（{n} 项），失败的规则或农户未筛查，详见筛查记录。"
MSG_LAST = "最近一次全县筛查：{when}，{status}。"


@dataclass(frozen=True)
class RunHealth:
    text: str
    warn: bool


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def county_run_health(now: dt.datetime | None = None) -> RunHealth | None:
    """What to tell of the county's screening runs: a warning, or the last run's time; None when there is nothing to
    tell (no finished run yet, and a registry not a day old)."""
    now = now or timezone.now()
    last = (
        ScreeningRun.objects.filter(
            household__isnull=True, status__in=[RunStatus.DONE, RunStatus.DONE_WITH_FAILURES], finished_at__isnull=False
        )
        .order_by("-finished_at", "-id")
        .first()
    )
    if last is None:
        first = Household.objects.order_by("created_at").values_list("created_at", flat=True).first()
        return RunHealth(MSG_NEVER, True) if first is not None and now - first > STALE_AFTER else None
    when = _when(last.finished_at)
    if now - last.finished_at > STALE_AFTER:
        return RunHealth(MSG_STALE.format(when=when), True)
    if last.status == RunStatus.DONE_WITH_FAILURES:
        return RunHealth(MSG_PARTIAL.format(when=when, n=len(last.failures)), True)
    return RunHealth(MSG_LAST.format(when=when, status=last.get_status_display()), False)


def county_run_warning(now: dt.datetime | None = None) -> str:
    """The warning alone (empty when the runs are in order)."""
    health = county_run_health(now)
    return health.text if health is not None and health.warn else ""
