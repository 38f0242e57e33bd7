"""Text cells of the workbooks we write: never read back as a formula, never longer than Excel takes.

Any text starting with = + - @ (or a tab / carriage return) is prefixed with an apostrophe, so that a spreadsheet
re-reading the value (CSV round trips, copy-paste) cannot run it as a formula (OWASP "CSV injection")."""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32767  # Excel's limit on characters in a cell


def safe_text(value: Any) -> Any:
    if value is None:
        return None
    if value.__class__ is not str:
        value = str(value)
    if value and value[0] in FORMULA_STARTS:
        return "'" + value[: MAX_CELL - 1]
    return value[:MAX_CELL]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
