"""Numbers that come from the department-feed (alerts/) and assistance (assistance/) apps, which are merged
after this one. Each returns None while its app has no models yet; the pages then show "待部门数据模块上线".

To wire one in after merging, replace the body (keep the signature), starting from `visible_to(actor)`:
- `alerts_overdue_count`: alerts past their verification deadline and not verified, in `region_path`;
- `return_visits_overdue_count`: assistance return visits (回访) past due, in `region_path`;
- `alerts_verified_on_time`: per village path (12 digits), (alerts due in [start, end], verified by their
  deadline) as a dict {path: (on_time, due)};
- `feed_punctuality`: per department, (feeds due in [start, end], received by their deadline) as a list of
  (department label, on_time, due)."""

import datetime as dt
from typing import Any


def alerts_overdue_count(*, actor: Any, region_path: str) -> int | None:
    return None


def return_visits_overdue_count(*, actor: Any, region_path: str) -> int | None:
    return None


def alerts_verified_on_time(
    *, actor: Any, region_path: str, start: dt.date, end: dt.date
) -> dict[str, tuple[int, int]] | None:
    return None


def feed_punctuality(*, actor: Any, start: dt.date, end: dt.date) -> list[tuple[str, int, int]] | None:
    return None
