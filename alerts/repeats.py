"""Whether an alert holds back the next reports of its person for its rule, said in words for the cadre a
department asks why its row raised no alert (the alert's page and the API). The ingestion applies the same rule in
SQL (alerts.ingest.raising.raise_alerts): one alert per person, rule and 报送期 (one verified 部门数据有误 aside,
so that the corrected row raises a new one, while the same row re-sent unchanged raises none); none while one is
pending; none
within the feed type's repeat_quiet_days after one was verified 纳入监测, 无返贫致贫风险 or 已是监测对象, unless the
identification case it was followed through has since ended without inclusion (refused or withdrawn)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from alerts.choices import CASE_NOT_INCLUDED, QUIET_OUTCOMES, AlertOutcome, AlertStatus, ColumnKind
from alerts.ingest.raising import rise
from alerts.models import Alert
from alerts.privacy import shown_alert_rule_name
from workflow.choices import CaseKind, CaseStatus

MSG_PERIOD = "同一报送期（{period}）内，同一人同一规则只生成一条预警。"
MSG_PENDING = "待核实期间，此人再次被报送“{rule}”不重复生成预警；核实后按核实结果确定是否再次预警。"
MSG_QUIET = "{until}前，此人再次被报送“{rule}”不重复生成预警（核实为“{outcome}”后{days}天内不重复预警），{worse}。"
# What still raises a new alert within the quiet days (alerts.ingest.raising): a worse report.
MSG_WORSE_AMOUNT = "但报送金额比本预警（{amount} 元）高出 {rise} 元及以上的，仍重新生成预警"
MSG_WORSE_ANY_RISE = "但报送金额高于本预警（{amount} 元）的，仍重新生成预警"
MSG_WORSE_EVENT = "但报送的{column}晚于本预警（{day}）的（新发生的情况），仍重新生成预警"
MSG_WORSE_NONE = "期间情况加重的，请村里据实核实"
MSG_LATER = "已预警过：{day}再次报送{amount}，{why}，未另生成预警。"
MSG_QUIET_OVER = "核实为“{outcome}”已满{days}天，此人再次被报送将重新生成预警。"
MSG_CASE_ENDED = (
    "识别案件已于{date}办结：{how}。此人再次被报送“{rule}”将重新生成预警，不受核实后{days}天不重复预警的限制。"
)
MSG_NOT_QUIET = "核实结果为“{outcome}”，不影响再次预警：此人再次被报送将重新生成预警。"
# Out of the one-alert-a-period rule (alerts.ingest.raising): the department's corrected row, even of the same period.
MSG_WRONG_DATA = (
    "核实结果为“部门数据有误”：报送部门未改正（姓名、身份证号不变）再次报送此人的，不再生成预警，在其处理结果和错误清单中"
    "列为“已核实为部门数据有误、未改正”，但情况加重的（金额增加达到重新预警增加额，或发生日期更晚）仍生成预警；"
    "改正后再次报送（同一报送期内也可），将重新生成预警。"
)
CASE_ENDED_LABELS = {CaseStatus.REJECTED: "未通过（未予纳入）", CaseStatus.WITHDRAWN: "已撤回（程序终止）"}


@dataclass(frozen=True)
class RepeatHold:
    held: bool  # a report of the person for the rule in a later period is not alerted now
    until: dt.date | None  # the first day it is alerted again, when the hold ends by itself
    text: str  # the hold, and the one-per-period rule, in Chinese


def repeat_hold(alert: Alert, today: dt.date | None = None, *, viewer: Any = None) -> RepeatHold:
    """The hold as the ingestion would apply it today; reads the alert's rule, upload, feed type and case. The
    rule is named as `viewer` may read it (alerts.privacy: a health rule's name is hidden from read-only roles)."""
    today = today or timezone.localdate()
    rule = alert.rule_name if viewer is None else shown_alert_rule_name(viewer, alert)
    period = MSG_PERIOD.format(period=alert.upload.period_label or alert.period_key)
    if alert.status == AlertStatus.PENDING:
        return RepeatHold(True, None, MSG_PENDING.format(rule=rule) + period + later_report(alert))
    if alert.outcome == AlertOutcome.WRONG_DATA:
        return RepeatHold(False, None, MSG_WRONG_DATA)
    outcome, days = _short(alert.outcome, alert.get_outcome_display()), alert.feed_type.repeat_quiet_days
    if alert.outcome not in QUIET_OUTCOMES or alert.verified_on is None:
        return RepeatHold(False, None, MSG_NOT_QUIET.format(outcome=outcome) + period)
    case = alert.case
    if case is not None and case.kind == CaseKind.IDENTIFICATION and case.status in CASE_NOT_INCLUDED:
        how = CASE_ENDED_LABELS[CaseStatus(case.status)]
        text = MSG_CASE_ENDED.format(how=how, date=_day(case.closed_on), rule=rule, days=days)
        return RepeatHold(False, None, text + period)
    until = alert.verified_on + dt.timedelta(days=days)
    if today >= until:
        return RepeatHold(False, None, MSG_QUIET_OVER.format(outcome=outcome, days=days) + period)
    text = MSG_QUIET.format(until=_day(until), rule=rule, outcome=outcome, days=days, worse=_worse(alert))
    return RepeatHold(True, until, text + period + later_report(alert))


def _worse(alert: Alert) -> str:
    """What report of the person still raises a new alert during the quiet days (alerts.ingest.raising)."""
    step = rise(alert.rule)
    if step is not None and alert.amount is not None and alert.rule.rise_amount is None:
        return MSG_WORSE_ANY_RISE.format(amount=f"{alert.amount:,.2f}")
    if step is not None and alert.amount is not None:
        return MSG_WORSE_AMOUNT.format(amount=f"{alert.amount:,.2f}", rise=f"{step:,.2f}")
    if step is None and alert.event_on is not None:
        column = alert.feed_type.columns.filter(kind=ColumnKind.DATE, key=alert.feed_type.event_column).first()
        return MSG_WORSE_EVENT.format(column=column.header if column else "发生日期", day=_day(alert.event_on))
    return MSG_WORSE_NONE


def later_report(alert: Alert) -> str:
    """已预警过: the latest report of the person for the rule this alert held back, with its day and amount."""
    if alert.later_reported_on is None:
        return ""
    amount = f"（金额 {alert.later_amount:,.2f} 元）" if alert.later_amount is not None else ""
    why = "本预警待核实" if alert.status == AlertStatus.PENDING else "未达重新预警条件"
    return MSG_LATER.format(day=_day(alert.later_reported_on), amount=amount, why=why)


def _day(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "日期未记录"


def _short(outcome: str, label: str) -> str:
    """纳入监测 without the form's "（发起识别）"."""
    return "纳入监测" if outcome == AlertOutcome.INCLUDE else label
