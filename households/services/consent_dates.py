"""When a 承诺和授权查询书 (seed 003 附件1) can have been signed: not before the monitoring mechanism it belongs to,
and not after today.

The seeds' county plans under 健全防止返贫动态监测和帮扶机制 set their first monitoring range for the year 2021
(000: "作为 2021 年监测范围", 6,000 元; 003, dated 2021-06-09, brings the form itself as 附件1): a consent dated
before 2021-01-01 is a mistyped year (2010 for 2021), not a paper the county holds."""

import datetime as dt

CONSENT_EARLIEST = dt.date(2021, 1, 1)
MSG_SIGNED_TOO_EARLY = (
    "签署日期不能早于2021年1月1日（防止返贫动态监测和帮扶机制自2021年起实施），请核对授权书上的日期。"
)
MSG_SIGNED_FUTURE = "签署日期不能晚于今天。"


def signed_on_error(signed_on: dt.date, *, today: dt.date) -> str:
    """What is wrong with a consent's signing date, or ""."""
    if signed_on < CONSENT_EARLIEST:
        return MSG_SIGNED_TOO_EARLY
    if signed_on > today:
        return MSG_SIGNED_FUTURE
    return ""
