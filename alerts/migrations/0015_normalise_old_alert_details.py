"""Dates and amounts in the 预警内容 of alerts (and 未在档人员) stored before the ingestion wrote them cleaned.

Since the feed change of 3 December 2026 (889228c) a date or amount cell that had to be cleaned is quoted in the
detail in its plain form (2026/3/5, 20260305, 2026年3月5日, ２０２６-０３-０５ or an XLSX date's 2026-03-05T00:00:00
as 2026-03-05; ２５,０００元 as 25000); rows sent before still quote the cell as the department wrote it. This
rewrites those "列名：值" parts of the stored details, for the feed type's date and amount columns, as the ingestion
now writes them.

The ingestion's cleaning is SQL inside its one statement (alerts.ingest.cleaning: _clean and _typed); there is
no Python function of it to import, and a migration importing app code would change whenever that code does. So
the minimal pure logic is copied here (date_text, amount_text); tests/alerts/test_old_details_migration.py holds
it to what the ingestion writes for the same cells. An Excel serial number (46086) is no date to the ingestion, then
or now: such a row was refused, never alerted, and nothing here turns a number into a date.

A detail the ingestion cut at 300 characters keeps its last value as it is (it may be cut short: 2026/3/1 of
2026/3/15). Batched by primary key, each batch in its own transaction: the rewrite gives the same text when run
again, so a migration stopped half-way is simply run again. Reversing it does nothing (the written forms are lost).
"""

import re

from django.db import migrations, transaction

DETAIL_LENGTH = 300  # Alert.detail, UnregisteredPerson.detail and UnregisteredEntry.detail
BATCH = 2000

_DIGITS, _FULL_DIGITS = "0123456789", "０１２３４５６７８９"
_DATE_ANY = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?(?:[T ][0-9:.]*)?")
_DATE_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_AMOUNT_ANY = re.compile(r"-?[0-9]{1,10}(?:\.[0-9]{1,2})?")
_WIDE_DIGITS = str.maketrans(_FULL_DIGITS, _DIGITS)
_WIDE_AMOUNT = str.maketrans(_FULL_DIGITS + "．－", _DIGITS + ".-")
_NO_DIGITS = str.maketrans("", "", _DIGITS)
# What regexp_replace(…, '[,，元¥￥[:space:]]', '', 'g') takes out: PostgreSQL's [:space:] is the C library's
# iswspace, which has no no-break spaces (U+00A0, U+2007, U+202F).
_SPACES = " \t\n\v\f\r\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
_AMOUNT_DROP = str.maketrans("", "", ",，元¥￥" + _SPACES)


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date_text(value: str) -> str:
    """A date cell as the ingestion quotes it: YYYY-MM-DD when it is a real day from 1900 on, else as written."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and not value.translate(_NO_DIGITS).strip("-"):
        parts = (value[0:4], value[5:7], value[8:10])
    else:
        iso = value.strip(" ").translate(_WIDE_DIGITS)
        match = _DATE_ANY.fullmatch(iso) or _DATE_COMPACT.fullmatch(iso)
        if match is None:
            return value
        parts = match.groups()
    try:
        year, month, day = (int(part) for part in parts)
    except ValueError:
        return value
    if not (1900 <= year <= 2999 and 1 <= month <= 12 and 1 <= day <= _days_in(year, month)):
        return value
    return f"{year:04d}-{month:02d}-{day:02d}"


def amount_text(value: str) -> str:
    """An amount cell as the ingestion quotes it: digits and a point as written; else cleaned of full-width
    digits, separators, 元 and currency signs when that leaves a number; else as written."""
    if 1 <= len(value) <= 12 and value.translate(_NO_DIGITS) in ("", ".") and value != ".":
        return value
    cleaned = value.strip(" ").translate(_WIDE_AMOUNT).translate(_AMOUNT_DROP)
    return cleaned if _AMOUNT_ANY.fullmatch(cleaned) else value


_CLEANERS = {"date": date_text, "amount": amount_text}


def columns_pattern(headers: list[str]) -> re.Pattern[str]:
    """A "列名：值" part of a detail, for these headers: after the rule's "规则名：" or another part's "；"."""
    names = "|".join(re.escape(header) for header in sorted(headers, key=len, reverse=True))
    return re.compile(rf"(?:(?<=：)|(?<=；))({names})：([^；]*)")


def normalise_detail(detail: str, kinds: dict[str, str], pattern: re.Pattern[str] | None = None) -> str:
    """The detail with the values of the columns in `kinds` (header → "date" or "amount") as the ingestion
    writes them now. A detail as long as the column may have been cut: its last value is left alone."""
    if not kinds or not detail:
        return detail
    pattern = pattern or columns_pattern(list(kinds))
    cut = len(detail) >= DETAIL_LENGTH

    def rewrite(match: re.Match[str]) -> str:
        header, value = match.groups()
        if cut and match.end() == len(detail):
            return match.group(0)
        return f"{header}：{_CLEANERS[kinds[header]](value)}"

    return pattern.sub(rewrite, detail)[:DETAIL_LENGTH]


def feed_columns(apps) -> dict[int, tuple[dict[str, str], re.Pattern[str]]]:
    """Per feed type with date or amount columns: header → kind, and the pattern that finds them in a detail."""
    FeedColumn = apps.get_model("alerts", "FeedColumn")
    kinds: dict[int, dict[str, str]] = {}
    for feed_id, header, kind in FeedColumn.objects.filter(kind__in=list(_CLEANERS)).values_list(
        "feed_type_id", "header", "kind"
    ):
        kinds.setdefault(feed_id, {})[header] = kind
    return {feed_id: (columns, columns_pattern(list(columns))) for feed_id, columns in kinds.items()}


def rewrite_details(model, feed_field: str, feeds: dict, alias: str) -> int:
    """Rewrites the details of `model`'s rows of those feed types (`feed_field` leads to the feed type's id), in
    batches by primary key; returns how many changed."""
    changed_total, last = 0, 0
    rows = model.objects.using(alias).filter(**{f"{feed_field}__in": list(feeds)}).order_by("pk")
    while True:
        batch = list(rows.filter(pk__gt=last).values_list("pk", "detail", feed_field)[:BATCH])
        if not batch:
            return changed_total
        last = batch[-1][0]
        changed = []
        for pk, detail, feed_id in batch:
            kinds, pattern = feeds[feed_id]
            new = normalise_detail(detail, kinds, pattern)
            if new != detail:
                changed.append(model(pk=pk, detail=new))
        if changed:
            with transaction.atomic(using=alias):
                model.objects.using(alias).bulk_update(changed, ["detail"])
            changed_total += len(changed)


def forwards(apps, schema_editor) -> None:
    alias = schema_editor.connection.alias if schema_editor is not None else "default"
    feeds = feed_columns(apps)
    if not feeds:
        return
    rewrite_details(apps.get_model("alerts", "Alert"), "feed_type_id", feeds, alias)
    rewrite_details(apps.get_model("alerts", "UnregisteredPerson"), "feed_type_id", feeds, alias)
    # A person's entry holds the detail of the latest row that named them.
    rewrite_details(apps.get_model("alerts", "UnregisteredEntry"), "latest__feed_type_id", feeds, alias)


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch (forwards can be run again)

    dependencies = [
        ("alerts", "0014_repeat_quiet_case_ended"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
