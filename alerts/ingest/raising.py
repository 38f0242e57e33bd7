"""Alerts from the matched rows of feed_rows (alerts.ingest.staging), one INSERT … SELECT per rule, in the upload's
final transaction.

Feeds report cumulative facts (a year's medical costs to date, a disability, a monitored person's costs every
ten days), so their next file names the same person again. A person is therefore not alerted again for a rule
while an alert of theirs for that rule is pending, nor within the feed type's repeat_quiet_days after one was
verified 纳入监测, 无返贫致贫风险 or 已是监测对象 (QUIET_OUTCOMES: after 纳入监测 the identification case follows the
household), unless

- the identification case the alert was followed through has since ended without inclusion (CASE_NOT_INCLUDED:
  refused or withdrawn); or
- the report is worse than the verified alert (医保 pushes every ten days and sudden risks within seven, seed 001
  §二(四)①②: a worsening must not wait out the quiet days): for an 金额超过阈值 rule, an amount at least
  the rule's rise_amount (重新预警增加额, set per rule by the county; a tenth of the threshold to start with,
  alerts.presets) above the verified alert's amount, or any rise where it is blank (a year-to-date total grows a
  little with each routine prescription, which is not a new risk); for the other rules of a feed that reports
  events (its 发生日期列 set: disasters, epidemics, drop-outs, traffic casualties), an event date later than the
  verified alert's: a second accident, a new disaster. A feed restating a standing fact (a disability, a house's
  grade) stays quiet.

The other outcomes (部门数据有误, 迁出, 已故) hold nothing back. Held-back rows, like a person already alerted for
this period, count as "already raised", and the alert that held each one back records it (later_reported_on,
later_amount: 已预警过 on its page); the upload's result names the first HELD_LINES of their lines. Dedup stays the
partial unique constraint (person, rule, period) over the live alerts: one alert per person, rule and 报送期, whatever
the amounts, except that an alert verified 部门数据有误 is out of it, so the department's corrected row, re-sent in
the same period, raises a new alert for the cadre to verify (the wrong row's alert stays, with its outcome). The
check is one index probe per candidate through that constraint's index (the probe repeats its predicate, LIVE, for
the planner to use it), and the record one UPDATE of the held-back alerts, so nothing here adds a pass over the file.
alerts.repeats tells the cadre the same on the alert's page and in the API.

A row the village verified 部门数据有误 is held back while the department sends it unchanged (医保 re-sends its
cumulative list every ten days): a candidate whose latest alert for the rule was verified so, for the same member
under the same name (the ID number is the probe's key), with no live alert of the rule since and no worse report
than that alert's (the same test as for the quiet outcomes above: an amount up by the rise_amount, a later event),
raises nothing and is counted apart (已核实为部门数据有误、未改正), its line and the note written for the department
listed in the result and the error workbook. A changed name or ID number is the correction and raises a new alert.
The probe goes through the partial index of the alerts verified 部门数据有误 (alert_wrong_data_person_rule), which
the ingestion never writes.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from alerts.choices import (
    CASE_NOT_INCLUDED,
    QUIET_OUTCOMES,
    AlertLevel,
    AlertOutcome,
    AlertStatus,
    ColumnKind,
    RuleKind,
)
from alerts.ingest.cleaning import NAME_LENGTH, Sql, _q
from alerts.ingest.layout import FeedLayout
from alerts.ingest.staging import (
    ALERT_COLUMNS,
    PERSON_COLUMNS,
    _rows_detail,
    _rule_sql,
    _unregistered_add,
    entries_merge,
)
from alerts.models import Alert, FeedUpload, UnregisteredPerson
from workflow.choices import CaseKind

RAISE_COLUMNS = (*ALERT_COLUMNS, "amount", "event_on")  # the INSERT's columns (tests/config/test_raw_inserts.py)
MSG_FILE_ROWS = "本文件共{n}行报送此人；"  # the person named on several rows of the file (alerts.ingest.file_repeats)
# The predicate of the partial unique index alert_unique_live_person_rule_period (alerts.models.Alert.Meta), written
# as Django writes it: ON CONFLICT infers the index from it, and the holder probe repeats it to use the index. A
# constant, not a bound parameter: the planner proves the index usable only from the statement's text.
LIVE = "NOT ({}outcome = '" + AlertOutcome.WRONG_DATA.value + "')"  # .format(alias)
HELD_LINES = 20  # the held-back rows' lines the upload's result names (alerts.ingest.services.MSG_HELD_LINES)
WRONG = AlertOutcome.WRONG_DATA.value


@dataclass
class Raised:
    """What raise_alerts did: alerts raised, rows held back as already raised and the first HELD_LINES + 1 of their
    lines, and the rows held back as verified 部门数据有误 and not corrected: (line, name, the note for the
    department), the first HELD_LINES + 1 of them."""

    raised: int = 0
    repeated: int = 0
    held: list[int] = field(default_factory=list)
    wrong: int = 0
    wrong_rows: list[tuple[int, str, str]] = field(default_factory=list)


def rise(rule: Any) -> Decimal | None:
    """How much higher than a verified alert's amount a report must be to raise a new one: the rule's 重新预警增加额
    (AlertRule.rise_amount), left blank any rise (a cent); None: not an amount rule."""
    if rule.kind != RuleKind.AMOUNT_ABOVE or rule.threshold is None:
        return None
    return rule.rise_amount if rule.rise_amount is not None else Decimal("0.01")


def event_column(layout: FeedLayout) -> Any:
    """The date column a later report's event is read from: the feed's 发生日期列 (FeedType.event_column), set for
    the feeds that report events (disasters, epidemics, drop-outs, traffic casualties), whatever their cadence; None
    for the others, whose later reports restate a standing fact (a disability, an illness, a house's grade)."""
    feed = layout.feed
    column = layout.column(feed.event_column) if feed.event_column else None
    return column if column is not None and column.kind == ColumnKind.DATE else None


def _measures(layout: FeedLayout, rule: Any) -> tuple[str, str]:
    """SQL over the person's rows (window w): (amount, event date) the alert records and a later report is compared
    with (named __alert_amount and __alert_event_on beside the row's own columns, whose keys a county chooses). An
    amount rule's amount is its column's largest; the other rules' event date is the latest."""
    column = layout.column(rule.column_key) if rule.column_key else None
    if rise(rule) is not None and column is not None and column.kind == ColumnKind.AMOUNT:
        return f"max(r.{_q(column.key + '__num')}) OVER w", "NULL::date"
    date = event_column(layout)
    if rise(rule) is None and date is not None:
        return "NULL::numeric", f"max(r.{_q(date.key + '__date')}) OVER w"
    return "NULL::numeric", "NULL::date"


def raise_alerts(
    cursor: Any,
    layout: FeedLayout,
    upload: FeedUpload,
    *,
    today: dt.date,
    due_on: dt.date,
    repeats: bool = False,
    step: Callable[[float], None] | None = None,
) -> Raised:
    """Alerts for matched rows, unregistered persons for unmatched ones; returns what it did (Raised: of the held
    lines, one more than shown says "等").
    `repeats`: the file names some ID number on several rows (the temporary table feed_repeats holds them).
    `step`: told the share of the rules done after each one (alerts.ingest.progress)."""
    raised = repeated = wrong = 0
    held: set[int] = set()
    wrong_rows: dict[int, tuple[int, str, str]] = {}
    now = timezone.now()
    quiet_since = today - dt.timedelta(days=layout.feed.repeat_quiet_days)
    names = ", ".join(_q(Alert._meta.get_field(n).column) for n in RAISE_COLUMNS)
    person_names = ", ".join(_q(UnregisteredPerson._meta.get_field(n).column) for n in PERSON_COLUMNS)
    name_column = next((c for c in layout.columns if c.kind == ColumnKind.NAME), None)
    person = f"left(r.{_q(name_column.key)}, {NAME_LENGTH})" if name_column else "''"
    for done, rule in enumerate(layout.rules, start=1):
        if step is not None:
            step(done / (len(layout.rules) + 1))
        if rule.registers_exclusion:
            continue  # alerts.ingest.staging.add_exclusions
        sql = Sql({})
        condition, detail = _rule_sql(layout, rule, sql)
        rule_id = sql.bind(rule.pk)
        amount, event_on = _measures(layout, rule)
        step = rise(rule)
        worse = ["c.__alert_event_on > p.event_on"]
        if step is not None:
            worse = [f"c.__alert_amount >= p.amount + {sql.bind(step)}"]
        detail_sql = _rows_detail(person, detail, sql)
        file_rows, join = "", ""
        if repeats:
            file_rows = (
                f"CASE WHEN f.n > 1 THEN format({sql.bind(MSG_FILE_ROWS.replace('{n}', '%s'))}, f.n) ELSE '' END || "
            )
            join = "LEFT JOIN feed_repeats f ON f.id_number = r.id_number"
        # The earlier alert holding the row back, found through the unique constraint's index (id_number, rule_id,
        # period_key). A verification's quiet ends early when the identification case it is followed through
        # (opened, joined or pointed to) has ended without inclusion (one primary-key probe, only for the few
        # recent ones found), or when the report is worse than the verified alert.
        holder = f"""SELECT p.id FROM alerts_alert p WHERE p.id_number = c.id_number AND p.rule_id = {rule_id}
            AND {LIVE.format("p.")}
            AND (p.status = {sql.bind(AlertStatus.PENDING.value)}
                 OR (p.outcome = ANY({sql.bind([str(o) for o in QUIET_OUTCOMES])})
                     AND p.verified_on > {sql.bind(quiet_since)}
                     AND NOT coalesce({" OR ".join(worse)}, false)
                     AND NOT EXISTS (SELECT 1 FROM workflow_case k WHERE k.id = p.case_id
                                     AND k.kind = {sql.bind(CaseKind.IDENTIFICATION.value)}
                                     AND k.status = ANY({sql.bind([str(s) for s in CASE_NOT_INCLUDED])}))))
            ORDER BY p.id DESC LIMIT 1"""
        # The alert verified 部门数据有误 the row repeats unchanged (same member, same name), unless a live alert of
        # the rule came after it (the department's corrected row was alerted since) or the report is worse than the
        # wrong alert's (as for the quiet outcomes: a real risk that came since must reach the village).
        wrong_by = f"""SELECT p.id FROM alerts_alert p WHERE p.id_number = h.id_number AND p.rule_id = {rule_id}
            AND p.outcome = '{WRONG}' AND p.member_id = h.member_id AND p.person_name = h.person
            AND NOT coalesce({" OR ".join(w.replace("c.", "h.") for w in worse)}, false)
            AND NOT EXISTS (SELECT 1 FROM alerts_alert q WHERE q.id_number = h.id_number AND q.rule_id = {rule_id}
                            AND {LIVE.format("q.")} AND q.id > p.id)
            ORDER BY p.id DESC LIMIT 1"""
        cursor.execute(
            f"""WITH c AS (
                SELECT DISTINCT ON (r.id_number) r.*, {person} AS person,
                       left({file_rows}{detail_sql}, 300) AS detail,
                       {amount} AS __alert_amount, {event_on} AS __alert_event_on
                FROM feed_rows r {join}
                WHERE r.error IS NULL AND r.member_id IS NOT NULL AND ({condition})
                WINDOW w AS (PARTITION BY r.id_number ORDER BY r.line
                             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                ORDER BY r.id_number, r.line
            ), h AS (
                SELECT c.*, ({holder}) AS held_by FROM c
            ), hw AS (
                SELECT h.*, CASE WHEN h.held_by IS NULL THEN ({wrong_by}) END AS wrong_by FROM h
            ), ins AS (
                INSERT INTO alerts_alert ({names})
                SELECT {sql.bind(layout.feed.pk)}, {rule_id}, {sql.bind(rule.name)}, {sql.bind(upload.pk)},
                       {sql.bind(upload.department)}, member_id, household_id, region_path, id_number, person, detail,
                       line, {sql.bind(upload.period_key)}, {sql.bind(today)}, {sql.bind(due_on)}, {sql.bind(due_on)},
                       {sql.bind(AlertLevel.VILLAGE.value)}, NULL, {sql.bind(AlertStatus.PENDING.value)}, '', '',
                       NULL, NULL, NULL, NULL, {sql.bind(now)}, __alert_amount, __alert_event_on
                FROM hw WHERE held_by IS NULL AND wrong_by IS NULL ORDER BY line
                ON CONFLICT (id_number, rule_id, period_key) WHERE {LIVE.format("")} DO NOTHING
                RETURNING line
            ), later AS (
                UPDATE alerts_alert p SET later_reported_on = {sql.bind(today)}, later_amount = h.__alert_amount
                FROM h WHERE p.id = h.held_by
                RETURNING 1
            ), w AS (
                SELECT hw.line, hw.person, p.department_note FROM hw JOIN alerts_alert p ON p.id = hw.wrong_by
            )
            SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM ins), (SELECT count(*) FROM later),
                   ARRAY(SELECT c.line FROM c WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.line = c.line)
                         AND NOT EXISTS (SELECT 1 FROM w WHERE w.line = c.line)
                         ORDER BY c.line LIMIT {HELD_LINES + 1}),
                   (SELECT count(*) FROM w),
                   ARRAY(SELECT ARRAY[w.line::text, w.person, w.department_note] FROM w
                         ORDER BY w.line LIMIT {HELD_LINES + 1})""",
            sql.params,
        )
        candidates, inserted, _, lines, wrong_n, wrong_seen = cursor.fetchone()
        raised += inserted
        repeated += candidates - inserted - wrong_n
        wrong += wrong_n
        held.update(lines)
        for line, name, note in wrong_seen:
            wrong_rows.setdefault(int(line), (int(line), name, note))
    _unregistered_add(cursor, layout, upload, person, person_names, now)
    entries_merge(cursor, upload.pk)
    shown_wrong = [wrong_rows[line] for line in sorted(wrong_rows)][: HELD_LINES + 1]
    return Raised(raised, repeated, sorted(held)[: HELD_LINES + 1], wrong, shown_wrong)


def raw_cells(cursor: Any, keep: list[int], lines: list[int]) -> dict[int, str]:
    """The file's own cells of these few lines (the rows held back as 部门数据有误、未改正), joined as the error
    workbook reads them (alerts.ingest.staging.error_rows): from the triage's kept rows where it ran (they hold every
    row a rule fires on), else from the staged file."""
    from households.registry_import.rows import CELL_SEPARATOR

    if not lines:
        return {}
    cursor.execute("SELECT to_regclass('pg_temp.feed_kept') IS NOT NULL")
    table = "feed_kept" if cursor.fetchone()[0] else "feed_raw"
    cells = ", ".join(f"coalesce(w.c{i}, '')" for i in keep) or "''"
    cursor.execute(
        f"SELECT w.line, array_to_string(ARRAY[{cells}], %s) FROM {table} w WHERE w.line = ANY(%s)",
        [CELL_SEPARATOR, lines],
    )
    return dict(cursor.fetchall())
