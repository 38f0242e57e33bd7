"""The checks a feed type's configuration must pass before it is saved, and what its audit record shows.

A feed type is configured on the configuration site with its columns and rules together (alerts.admin). What is
checked here would otherwise fail later and silently: a month 13 crashed the punctuality page (alerts.periods), a
rule on a column the feed does not have, or an amount rule on a text column, never fired (or failed the upload's
SQL) and nobody was told.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from alerts.choices import Cadence, ColumnKind, RuleKind
from alerts.models import AlertRule, FeedCadence, FeedColumn, FeedType
from alerts.models.feeds import CADENCE_FIELDS, cadence_words
from alerts.periods import period_containing
from households.registry_import.columns import normalize_header

MSG_DAYS = "{cadence}：请填写周期天数（1—366）。"
MSG_DUE_DAY = "每月按截止日报送上月数据：请填写每月截止日（1—31）。"
MSG_MONTH = "请填写1—12之间的月份。"
MSG_WINDOW = "每年固定月份内报送：请填写报送起始月和结束月（1—12），起始月不能晚于结束月。"
MSG_RULE_COLUMN = "“{name}”：判断的列“{key}”不是本数据类型的列，请填写数据列中的列代码。"
MSG_RULE_NO_COLUMN = "“{name}”：请填写判断的列（数据列中的列代码）。"
MSG_RULE_AMOUNT_COLUMN = "“{name}”：金额超过阈值只能判断金额列，“{header}”不是金额列。"
MSG_RULE_THRESHOLD = "“{name}”：请填写大于0的阈值（元）。"
MSG_RULE_RISE = "“{name}”：重新预警增加额请填写大于0的金额（元），或不填（金额有任何增加即重新预警）。"
MSG_RULE_RISE_KIND = "“{name}”：只有“金额超过阈值”的规则才能设置重新预警增加额，请清空。"
MSG_RULE_VALUES = "“{name}”：请填写预警取值（多个用顿号分隔）。"
MSG_RULE_VALUE_NOT_CHOICE = "“{name}”：预警取值“{value}”不是“{header}”可填的值（{choices}）。"
MSG_NOT_ABOVE_KIND = "“{header}”：只有金额列才能设置“不得大于的列”。"
MSG_NOT_ABOVE_COLUMN = "“{header}”：不得大于的列“{key}”应是本数据类型另一个金额列的列代码。"
MSG_HEADER_TAKEN = "“{column}”：表头“{text}”已用于“{other}”，同一表头只能对应一列。"
MSG_VERIFY_DAYS = "核实时限：请填写{low}—{high}之间的天数（预警生成后须在此期限内入户核实）。"
MSG_CANNOT_ACTIVATE = (
    "不能启用：启用的数据类型须有身份证号列（列代码 id_number，类型“身份证号”）、姓名列（类型“姓名”）和至少一条启用的"
    "预警规则，才能比对到档案中的人员并生成预警。现缺少{missing}：请补齐，或取消本数据类型的“启用”后保存。"
)
MISSING_ID_COLUMN = "身份证号列（列代码 id_number）"
MISSING_NAME_COLUMN = "姓名列"
MISSING_ACTIVE_RULE = "启用的预警规则"
MSG_VERIFY_DAYS_LIMIT = (
    "提示：核实时限 {days} 天加两级逾期上报各 {step} 天共 {total} 天，"
    "已达到识别纳入程序“{procedure}”的办结时限 {limit} 天"
    "（自发现风险之日起，入户核实只是第一步）：预警核实到期后，村级评议、公示、审核审批已无时间，纳入即超期。"
    "请确认核实时限（已保存）。"
)
# An alert due the day it is raised is overdue before any village could visit; one due after two months is no
# early warning (seed 001 §二: 早发现、早干预). The seeded feed types ask 7 days (alerts.presets).
VERIFY_DAYS_RANGE = (1, 60)


def cadence_errors(feed: FeedType) -> dict[str, str]:
    """The cadence's own fields: each cadence needs the numbers its periods are built from (alerts.periods)."""
    errors: dict[str, str] = {}
    for name in ("window_start_month", "window_end_month"):
        month = getattr(feed, name)
        if month is not None and not 1 <= month <= 12:
            errors[name] = MSG_MONTH
    if feed.cadence in (Cadence.EVERY_N_DAYS, Cadence.SEASONAL) and not 1 <= feed.cadence_days <= 366:
        errors["cadence_days"] = MSG_DAYS.format(cadence=Cadence(feed.cadence).label)
    if feed.cadence == Cadence.MONTHLY_BY_DAY and not 1 <= feed.due_day <= 31:
        errors["due_day"] = MSG_DUE_DAY
    if feed.cadence == Cadence.SEASONAL and not errors.keys() & {"window_start_month", "window_end_month"}:
        first, last = feed.window_start_month, feed.window_end_month
        if first is None or last is None or first > last:
            errors["window_start_month"] = MSG_WINDOW
    return errors


def verify_days_errors(feed: FeedType) -> dict[str, str]:
    """The days a village has to verify an alert (raise date + verify_days is its first deadline)."""
    low, high = VERIFY_DAYS_RANGE
    if feed.verify_days is not None and not low <= feed.verify_days <= high:
        return {"verify_days": MSG_VERIFY_DAYS.format(low=low, high=high)}
    return {}


def verify_days_warnings(feed: FeedType) -> list[str]:
    """Not a refusal: the verification days and the two escalation steps (alerts.services.due) reach the 办结时限 of
    an active identification procedure, which counts from the alert's raise date (seed 001 §三: "自发现…一般不超过
    15天"), the visit being its first step. Feed types serve every county, so each county's procedure is compared."""
    from alerts.services.due import ESCALATION_DAYS
    from workflow.choices import ProcedureKind
    from workflow.models import Procedure

    if feed.verify_days is None:
        return []
    total = feed.verify_days + 2 * ESCALATION_DAYS
    procedures = Procedure.objects.filter(
        kind=ProcedureKind.IDENTIFICATION, is_active=True, limit_days__isnull=False, limit_days__lte=total
    ).order_by("limit_days", "region_prefix")
    return [
        MSG_VERIFY_DAYS_LIMIT.format(
            days=feed.verify_days, step=ESCALATION_DAYS, total=total, procedure=p.name, limit=p.limit_days
        )
        for p in procedures
    ]


def header_errors(columns: list[dict[str, Any]]) -> dict[int, dict[str, str]]:
    """The columns' headers and aliases (their forms' values, in the order given) each name one column: the
    ingestion reads a file's header cell as the first column that has it (alerts.ingest.layout.reader_layout), so
    a second column with the same header or alias is never found and every upload of the template fails. Compared
    as the ingestion compares them (normalize_header). Of the columns that name one text, the one that already had
    it as saved ("saved_header", "saved_aliases": the admin passes the forms' initial values) keeps it, so that the
    edit is what is refused; then a header over an alias, then the column listed first. The refused column is named
    by its header as saved, the other by its header as submitted. Returns index → {field: message}."""
    position = {
        i: n for n, i in enumerate(sorted(range(len(columns)), key=lambda i: (columns[i].get("order") or 0, i)))
    }
    claims: dict[str, list[tuple[tuple[int, int, int], int, str, str]]] = {}
    for index, row in enumerate(columns):
        saved = {normalize_header(t) for t in (row.get("saved_header") or "", *_aliases(row.get("saved_aliases")))}
        names = [("header", row.get("header") or ""), *(("aliases", a) for a in _aliases(row.get("aliases")))]
        for field, text in names:
            if normal := normalize_header(text):
                rank = (normal not in saved, field != "header", position[index])
                claims.setdefault(normal, []).append((rank, index, field, text.strip()))
    found: dict[int, dict[str, str]] = {}
    for claimed in claims.values():
        _, owner, _, _ = min(claimed)
        for _, index, field, text in sorted(claimed):
            if index == owner or field in found.get(index, {}):
                continue  # a column's alias repeating its own header reads the same column
            column, taken = _column_name(columns[index], saved=True), _column_name(columns[owner])
            if column == taken:  # two columns headed alike: their codes tell them apart
                column, taken = f"{column}（{columns[index].get('key')}）", f"{taken}（{columns[owner].get('key')}）"
            found.setdefault(index, {})[field] = MSG_HEADER_TAKEN.format(column=column, text=text, other=taken)
    return found


def _aliases(text: str | None) -> list[str]:
    return FeedColumn(aliases=text or "").alias_list()


def _column_name(row: dict[str, Any], *, saved: bool = False) -> str:
    return str((saved and row.get("saved_header")) or row.get("header") or row.get("key") or "").strip()


def rule_errors(rule: dict[str, Any], columns: dict[str, dict[str, Any]]) -> dict[str, str]:
    """A rule (its form's values) against the feed's columns (key → the column's values): the column it reads
    exists and has the kind its evaluator reads (alerts.ingest.staging._rule_sql), with its threshold or values."""
    name, kind, key = rule.get("name") or rule.get("code") or "", rule.get("kind"), (rule.get("column_key") or "")
    rise = rule.get("rise_amount")
    if rise is not None and kind != RuleKind.AMOUNT_ABOVE:
        return {"rise_amount": MSG_RULE_RISE_KIND.format(name=name)}
    if kind == RuleKind.EVERY_ROW:
        return {}
    if not key:
        return {"column_key": MSG_RULE_NO_COLUMN.format(name=name)}
    column = columns.get(key)
    if column is None:
        return {"column_key": MSG_RULE_COLUMN.format(name=name, key=key)}
    errors = {}
    if kind == RuleKind.AMOUNT_ABOVE:
        if column["kind"] != ColumnKind.AMOUNT:
            errors["column_key"] = MSG_RULE_AMOUNT_COLUMN.format(name=name, header=column["header"])
        if rule.get("threshold") is None or rule["threshold"] <= 0:
            errors["threshold"] = MSG_RULE_THRESHOLD.format(name=name)
        if rise is not None and rise <= 0:
            errors["rise_amount"] = MSG_RULE_RISE.format(name=name)
    if kind == RuleKind.VALUE_IN:
        values = AlertRule(values=rule.get("values") or "").value_list()
        choices = FeedColumn(choices=column.get("choices") or "").choice_list()
        if not values:
            errors["values"] = MSG_RULE_VALUES.format(name=name)
        elif column["kind"] == ColumnKind.CHOICE and choices and (wrong := [v for v in values if v not in choices]):
            errors["values"] = MSG_RULE_VALUE_NOT_CHOICE.format(
                name=name, value=wrong[0], header=column["header"], choices="、".join(choices)
            )
    return errors


def activation_error(columns: Iterable[dict[str, Any]], rules: Iterable[dict[str, Any]]) -> str:
    """Why a feed type with these columns and rules may not be 启用 ("" when it may): with no ID number column
    keyed id_number no row matches a registry member, with no name column a mistyped ID number goes unseen (the
    name is what the verifying visit checks), and with no active rule no row raises anything."""
    missing = []
    if not any(c.get("key") == "id_number" and c.get("kind") == ColumnKind.ID_NUMBER for c in columns):
        missing.append(MISSING_ID_COLUMN)
    if not any(c.get("kind") == ColumnKind.NAME for c in columns):
        missing.append(MISSING_NAME_COLUMN)
    if not any(r.get("is_active") for r in rules):
        missing.append(MISSING_ACTIVE_RULE)
    return MSG_CANNOT_ACTIVATE.format(missing="、".join(missing)) if missing else ""


def not_above_errors(column: dict[str, Any], columns: dict[str, dict[str, Any]]) -> dict[str, str]:
    """A column's 不得大于的列 (its form's values) against the feed's columns (key → the column's values): both it and
    the column it names are amount columns (alerts.ingest.layout.FeedLayout.not_above), and not the same one."""
    key, header = column.get("not_above") or "", column.get("header") or column.get("key") or ""
    if not key:
        return {}
    if column.get("kind") != ColumnKind.AMOUNT:
        return {"not_above": MSG_NOT_ABOVE_KIND.format(header=header)}
    other = columns.get(key)
    if other is None or other.get("kind") != ColumnKind.AMOUNT or key == column.get("key"):
        return {"not_above": MSG_NOT_ABOVE_COLUMN.format(header=header, key=key)}
    return {}


def snapshot(feed: FeedType, columns: Iterable[FeedColumn], rules: Iterable[AlertRule]) -> dict[str, Any]:
    """What the audit record keeps of a feed type: its fields, and each column and rule as one line of words."""
    fields = [
        "name", "department", "seed_item", "population", "is_active", "cadence", "cadence_days", "due_day",
        "window_start_month", "window_end_month", "event_column", "grace_days", "active_since", "verify_days",
        "repeat_quiet_days",
    ]  # fmt: skip
    values: dict[str, Any] = {name: getattr(feed, name) for name in fields}
    values["active_since"] = feed.active_since.isoformat() if feed.active_since else None
    values["columns"] = [
        f"{c.header}（{c.key}，{ColumnKind(c.kind).label}，{'必填' if c.required else '选填'}"
        f"{'，可接受：' + c.aliases if c.aliases else ''}{'，可填：' + c.choices if c.choices else ''}"
        f"{'，不得大于 ' + c.not_above if c.not_above else ''}）"
        for c in columns
    ]
    values["rules"] = [
        f"{r.name}（{r.code}，{RuleKind(r.kind).label}{'，列 ' + r.column_key if r.column_key else ''}"
        f"{f'，阈值 {r.threshold}' if r.threshold is not None else ''}{_rise_words(r)}"
        f"{'，取值 ' + r.values if r.values else ''}"
        f"，{r.get_risk_type_display()}{'，登记为' + r.get_exclusion_kind_display() if r.exclusion_kind else ''}"
        f"，{'启用' if r.is_active else '停用'}）"
        for r in rules
    ]
    return values


def _rise_words(rule: AlertRule) -> str:
    """An amount rule's 重新预警增加额 in the audit line."""
    if rule.kind != RuleKind.AMOUNT_ABOVE:
        return ""
    return f"，重新预警增加额 {rule.rise_amount}" if rule.rise_amount is not None else "，金额有增加即重新预警"


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only what differs (a new feed type: everything, with no before)."""
    if before is None:
        return {}, after
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


MSG_CADENCE_FROM = (
    "“{name}”的报送频次自 {until:%Y-%m-%d} 起按新设置（{new}）计算；此前开始的报送期（含本期）仍按原频次"
    "（{old}）应报，已按时报送的不会改判为漏报。"
)
MSG_CADENCE_UNDONE = (
    "“{name}”的报送频次已改回本期开始时的设置（{cadence}）：此前保存、原定自 {until:%Y-%m-%d} 起执行的修改已撤销，"
    "本期及以后各期都按{cadence}应报。"
)


def _same_cadence(one: FeedType | FeedCadence, other: FeedType | FeedCadence) -> bool:
    """Whether two cadences cut the same periods with the same deadlines: compared in words (cadence_words reads
    every field that matters for its kind), so a field the cadence does not use (a monthly feed's 周期天数) neither
    makes a change nor keeps a mistake from being undone."""
    return cadence_words(one) == cadence_words(other)


def pending_cadence(feed: FeedType, today: dt.date) -> FeedCadence | None:
    """The cadence still in force for the period holding `today` when a change to the feed type's own is waiting
    for the next period (feed_cadence_change), else None."""
    return FeedCadence.objects.filter(feed_type=feed, until__gt=today).order_by("until").first()


def feed_cadence_change(*, feed: FeedType, before: FeedType | None, today: dt.date) -> dt.date | None:
    """Record the cadence `before` had when `feed` (saved) changed any field its periods are cut by
    (CADENCE_FIELDS): it stays in force until the period holding `today` ends, so every period already begun keeps
    the cadence it is reported under (seed 001 §二 不得迟报、漏报 judged by the rule in force). Returns the day the new
    one applies from, or None when the periods need no history: no cadence field changed, the feed type does not
    report yet (or since today only), or the change goes back to the cadence still in force, which undoes the one
    waiting (a wrong 每月截止日 saved and put back within the period: its row is removed, and the audit record of the
    save says so, cadence_change_note). A second change before that day replaces the first, which never applied."""
    if before is None or _same_cadence(feed, before):
        return None
    pending = pending_cadence(feed, today)
    feed.__dict__.pop("_past_cadences", None)  # alerts.periods.cadence_history's copy
    if pending is not None:
        if _same_cadence(feed, pending):
            pending.delete()
            return None
        return pending.until
    if today <= before.reporting_since:
        return None
    until = period_containing(before, today).end + dt.timedelta(days=1)
    FeedCadence.objects.create(feed_type=feed, until=until, **{name: getattr(before, name) for name in CADENCE_FIELDS})
    return until


def cadence_change_note(*, feed: FeedType, until: dt.date | None, pending: FeedCadence | None = None) -> str:
    """What the configuration site says after a save (and its audit record keeps): the change undone when the
    cadence waiting before the save (`pending`, read by pending_cadence) is gone, else from when the new cadence
    applies and which one the periods begun before keep."""
    if pending is not None and not FeedCadence.objects.filter(pk=pending.pk).exists():
        return MSG_CADENCE_UNDONE.format(name=feed.name, cadence=cadence_words(feed), until=pending.until)
    past = FeedCadence.objects.filter(feed_type=feed, until=until).first() if until else None
    if past is None:
        return ""
    return MSG_CADENCE_FROM.format(name=feed.name, until=until, old=cadence_words(past), new=cadence_words(feed))
