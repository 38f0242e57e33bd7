"""Every seeded feed type's alert rules, on crafted rows."""

import datetime as dt

import pytest

from alerts.choices import ColumnKind, RuleKind, UploadStatus
from alerts.models import Alert
from alerts.presets import FEEDS
from tests.alerts.conftest import TODAY, csv_file, feed, ingest

pytestmark = pytest.mark.django_db


def _quiet_choice(column, rules) -> str:
    """A choice value that no value rule of the feed alerts on (or the first choice)."""
    alerting = {v for r in rules if r.kind == RuleKind.VALUE_IN for v in r.value_list()}
    return next((v for v in column.choice_list() if v not in alerting), column.choice_list()[0])


def _row(columns, rules, member, rule=None) -> list[str]:
    row = []
    for c in columns:
        value = {
            ColumnKind.ID_NUMBER: member.id_number,
            ColumnKind.NAME: member.name,
            ColumnKind.TEXT: "测试情况",
            ColumnKind.DATE: "2026-09-08",
            ColumnKind.AMOUNT: "0",
            ColumnKind.CHOICE: _quiet_choice(c, rules) if c.choice_list() else "",
        }[c.kind]
        if rule is not None and rule.column_key == c.key:
            if rule.kind == RuleKind.AMOUNT_ABOVE:
                value = str(rule.threshold + 1)
            elif rule.kind == RuleKind.VALUE_IN:
                value = rule.value_list()[0]
        row.append(value)
    # An amount its column may not exceed (FeedColumn.not_above: 自付 not above 总费用) is raised to match.
    keys = [c.key for c in columns]
    for c in columns:
        if c.not_above in keys:
            row[keys.index(c.not_above)] = row[keys.index(c.key)]
    return row


@pytest.mark.parametrize("code", [spec["code"] for spec in FEEDS])
def test_each_rule_alerts_on_a_row_that_meets_it_and_not_on_one_that_does_not(code, clerks, people):
    feed_type = feed(code)
    columns = list(feed_type.columns.order_by("order", "id"))
    rules = list(feed_type.rules.all())
    rows = [_row(columns, rules, people["zhang"], rule) for rule in rules]
    quiet_row = _row(columns, rules, people["wang"])
    rows.append(quiet_row)
    cell = {c.key: value for c, value in zip(columns, quiet_row, strict=True)}
    # Seasonal feeds are expected in their window: upload in it.
    today = dt.date(2026, 9, 20) if feed_type.cadence == "seasonal" else TODAY

    record = ingest(clerks[feed_type.department], code, csv_file(rows, header=[c.header for c in columns]), today=today)

    assert record.status == UploadStatus.DONE, record.message
    assert record.rows_error == 0, record.message
    raised = set(Alert.objects.filter(member=people["zhang"]).values_list("rule__code", flat=True))
    assert raised == {r.code for r in rules}
    quiet = set(Alert.objects.filter(member=people["wang"]).values_list("rule__code", flat=True))
    # A row alerts only through rules that take every row, or whose values are all the column allows (民政).
    assert quiet == {
        r.code
        for r in rules
        if r.kind == RuleKind.EVERY_ROW or (r.kind == RuleKind.VALUE_IN and cell[r.column_key] in r.value_list())
    }
    assert all(a.due_on == today + dt.timedelta(days=feed_type.verify_days) for a in Alert.objects.all())


def test_nine_items_of_seed_001_are_all_seeded_with_their_cadences(db):
    items = {feed(spec["code"]).seed_item[-1] for spec in FEEDS}
    assert items == set("①②③④⑤⑥⑦⑧⑨")
    assert feed("health-uninsured-cost").cadence_text() == "每月5日前报送上月数据"
    assert feed("medical-cost-monitored").cadence_text() == "每旬报送一次（上旬、中旬、下旬）"  # ② 每10天, by 旬
    assert feed("education-freshmen").cadence_text() == "每年9—10月期间每7天报送"
    assert feed("police-casualty").verify_days == 7 and feed("education-dropout").verify_days == 7
