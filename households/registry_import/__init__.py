"""上线导入: a county's existing registry, exported from the national system, loaded in one go.

reader.py    the file (CSV in UTF-8/GBK, or XLSX) as a stream of rows
header_row.py  finds the header row, or says what it lacks (and the file's header most like a missing column)
columns.py   the file layout (Chinese headers, accepted labels), also documented in the template
headers.py   the file's columns the import does not read (以下列未导入), and why, from the header row
rows.py      checks of each member row, in Python, into COPY text for the staging table
living.py    人员状态: members imported 已故 or 迁出, not counted as living; households nobody lives in refused
monitoring.py / income.py  the checks of the household's monitoring and income columns (income.py also loads them)
grids.py     网格: the household's grid, named within its village (never created by the import)
staging.py   household and database checks and the bulk load, set-based in PostgreSQL
numbers.py   the 户编号 checks among them (taken already; the village's shape, as the edit page requires)
family.py    the family checks the entry pages apply (ages unfit for relations, a minor head, two 配偶: imported to
             verify) and the households a re-uploaded file repeats (skipped)
results.py   the rejected rows and the rows to verify, read from the staging table for the page and the workbook
workbook.py  the error workbook and the template
services.py  upload (or a check-only run), run (claimed by a conditional UPDATE), retry
finish.py    the steps a run names beside its progress; its final status, message and audit record
confirm.py   确认导入: the file a check-only run checked, imported without uploading it again
summary.py   the message a finished import (or check) gives
selectors.py the imports a user may see
"""

from households.registry_import.confirm import registry_import_confirm
from households.registry_import.services import (
    registry_import_allowed,
    registry_import_create,
    registry_import_requeue,
    registry_import_retry,
    registry_import_run,
)

__all__ = [
    "registry_import_allowed",
    "registry_import_confirm",
    "registry_import_create",
    "registry_import_requeue",
    "registry_import_retry",
    "registry_import_run",
]
