"""The set-based half of the go-live import, in PostgreSQL.

Checked rows are COPYed into a session-local staging table; the checks that need a whole household or the
database (one head, the head's village, an ID number twice in the file or already held by a living member, a
household number already taken) are a handful of statements over it; and the valid households go into the
registry batch by batch with INSERT … SELECT, one transaction per batch. Nothing here loops over rows in Python.

Temporary tables belong to the database session, so two imports in two workers never see each other's rows.
"""

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from households.choices import LabourCapacity, LabourSkill, LivingStatus
from households.models import Household, HouseholdEvent, Member
from households.registry_import.rows import STAGING_COLUMNS

EVENT_SUMMARY = "上线导入建档"
MSG_NO_HEAD = "是否户主：该户没有是否户主为“是”的成员"
MSG_TWO_HEADS = "是否户主：同户有%s人标为户主（第%s行）"
MSG_VILLAGE_DIFFERS = "村代码：与户主所在行的村代码 %s 不一致"
MSG_TYPE_DIFFERS = "户类型：与户主所在行的户类型不一致"
MSG_ID_TWICE = "身份证号：该号码在文件中出现多次（第%s行）"
MSG_ID_IN_DB = "身份证号：该号码已登记在农户 %s（户主 %s）中"
MSG_ID_ELSEWHERE = "身份证号：该号码已登记在其他县的农户中，请核实"
MSG_NUMBER_TAKEN = "户编号：户编号 %s 已存在于系统中"
MSG_SIBLING = "同户其他成员有错误"

_CREATE = """
DROP TABLE IF EXISTS pg_temp.import_rows, pg_temp.import_households, pg_temp.import_errors, pg_temp.import_load;
CREATE TEMP TABLE import_rows (
    line integer NOT NULL, number text, is_head boolean, village_code text, village_id bigint, group_id bigint,
    region_path text, name text, id_number text, relation text, sex text, birth_date date, ethnicity text,
    education text, student_stage text, health text, disability_grade text, labour_skill text,
    employment_place text, employment_months smallint, medical_insurance boolean, pension_insurance boolean,
    assistance_status text, household_type text, phone text, address text, error text, raw text
);
CREATE TEMP TABLE import_errors (id serial, line integer NOT NULL, message text NOT NULL);
"""

_HOUSEHOLDS = """
CREATE TEMP TABLE import_households AS
SELECT number,
       count(*)::integer AS members,
       count(*) FILTER (WHERE is_head)::integer AS heads,
       bool_or(is_head IS NULL) AS head_unknown,
       min(line) FILTER (WHERE is_head) AS head_line,
       min(line) AS first_line,
       string_agg(line::text, '、' ORDER BY line) FILTER (WHERE is_head) AS head_lines,
       (array_agg(phone ORDER BY is_head IS TRUE DESC, line) FILTER (WHERE phone <> ''))[1] AS phone,
       (array_agg(address ORDER BY is_head IS TRUE DESC, line) FILTER (WHERE address <> ''))[1] AS address,
       false AS done, false AS bad, 0 AS seq
FROM import_rows WHERE number IS NOT NULL GROUP BY number;
CREATE INDEX ON import_rows (number);
CREATE INDEX ON import_rows (line);
CREATE UNIQUE INDEX ON import_households (number);
ANALYZE import_rows;
ANALYZE import_households;
"""

# A retried import finds the households that its earlier, interrupted run already committed by their event.
_DONE = """
UPDATE import_households h SET done = true
FROM households_household hh JOIN households_householdevent e ON e.household_id = hh.id
WHERE hh.number = h.number AND e.summary = %(summary)s AND e.changes @> %(marker)s::jsonb
"""

_CHECKS = (
    # Exactly one head (a row whose head flag could not be read has its own error already).
    """INSERT INTO import_errors (line, message)
    SELECT r.line, CASE WHEN h.heads = 0 THEN %(no_head)s ELSE format(%(two_heads)s, h.heads, h.head_lines) END
    FROM import_rows r JOIN import_households h USING (number)
    WHERE NOT h.done AND NOT h.head_unknown AND h.heads <> 1 AND (h.heads = 0 OR r.is_head)""",
    # Member rows may leave the household's columns blank; filled in, they must agree with the head's row.
    """INSERT INTO import_errors (line, message)
    SELECT r.line, format(%(village_differs)s, hr.village_code)
    FROM import_rows r JOIN import_households h USING (number) JOIN import_rows hr ON hr.line = h.head_line
    WHERE h.heads = 1 AND NOT h.done AND r.line <> hr.line AND r.village_code <> ''
      AND r.village_code <> hr.village_code""",
    """INSERT INTO import_errors (line, message)
    SELECT r.line, %(type_differs)s
    FROM import_rows r JOIN import_households h USING (number) JOIN import_rows hr ON hr.line = h.head_line
    WHERE h.heads = 1 AND NOT h.done AND r.line <> hr.line AND r.household_type <> ''
      AND r.household_type IS DISTINCT FROM hr.household_type""",
    """INSERT INTO import_errors (line, message)
    SELECT r.line, format(%(id_twice)s, d.lines)
    FROM import_rows r JOIN (
        SELECT id_number, string_agg(line::text, '、' ORDER BY line) AS lines
        FROM import_rows WHERE id_number IS NOT NULL GROUP BY id_number HAVING count(*) > 1
    ) d USING (id_number)""",
    # Say which household holds the number only when it lies in the uploader's county (need to know).
    """INSERT INTO import_errors (line, message)
    SELECT r.line, CASE WHEN m.region_path LIKE %(scope_like)s
                        THEN format(%(id_in_db)s, hh.number, coalesce(nullif(hh.head_name, ''), '—'))
                        ELSE %(id_elsewhere)s END
    FROM import_rows r
    JOIN households_member m ON m.id_number = r.id_number AND m.living_status = %(living)s
    JOIN households_household hh ON hh.id = m.household_id
    LEFT JOIN import_households d ON d.number = hh.number AND d.done
    WHERE d.number IS NULL""",
    """INSERT INTO import_errors (line, message)
    SELECT r.line, format(%(number_taken)s, r.number)
    FROM import_rows r JOIN import_households h USING (number) JOIN households_household hh ON hh.number = r.number
    WHERE NOT h.done""",
    """UPDATE import_rows r SET error = concat_ws('；', r.error, e.message)
    FROM (SELECT line, string_agg(message, '；' ORDER BY id) AS message FROM import_errors GROUP BY line) e
    WHERE e.line = r.line""",
    # One bad row rejects its whole household.
    """UPDATE import_households h SET bad = true
    FROM (SELECT DISTINCT number FROM import_rows WHERE error IS NOT NULL AND number IS NOT NULL) b
    WHERE b.number = h.number AND NOT h.done""",
    """UPDATE import_households h SET seq = s.seq
    FROM (SELECT number, row_number() OVER (ORDER BY first_line) AS seq
          FROM import_households WHERE NOT bad AND NOT done) s
    WHERE s.number = h.number""",
    "CREATE INDEX ON import_households (seq)",
    "ANALYZE import_households",
    # The rows to load, in load order: each batch then reads one index range instead of scanning every row.
    """CREATE TEMP TABLE import_load AS
    SELECT h.seq, r.* FROM import_rows r JOIN import_households h USING (number)
    WHERE h.seq > 0 ORDER BY h.seq, r.is_head IS TRUE DESC, r.line""",
    "CREATE INDEX ON import_load (seq)",
    "ANALYZE import_load",
)


def _columns(model: Any, names: tuple[str, ...]) -> str:
    # Column names come from the model, so a renamed field fails here loudly instead of loading wrong data.
    return ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)


HOUSEHOLD_COLUMNS = (
    "number", "village", "group", "region_path", "address", "phone", "head_name", "household_type",
    "monitoring_category", "labour_capacity", "is_active", "created_at", "updated_at",
)  # fmt: skip
# The household's labour capacity from its members' labour skills (the file has no household column for it):
# a skilled or ordinary labourer makes it 有劳动能力, else a weak one 弱劳动能力; 无劳动能力 only when every
# member's skill is given; unknown ('') when some are blank.
LABOUR_CAPACITY = f"""CASE WHEN bool_or(m.labour_skill IN ('{LabourSkill.SKILLED}', '{LabourSkill.ORDINARY}'))
         THEN '{LabourCapacity.HAS_LABOUR}'
     WHEN bool_or(m.labour_skill = '{LabourSkill.WEAK}') THEN '{LabourCapacity.PARTIAL}'
     WHEN bool_and(coalesce(m.labour_skill, '') <> '') THEN '{LabourCapacity.NONE}'
     ELSE '' END"""
MEMBER_COLUMNS = (
    "household", "region_path", "name", "id_number", "relation", "sex", "birth_date", "ethnicity", "education",
    "student_stage", "health", "disability_grade", "disability_type", "labour_skill", "employment_place",
    "employment_months", "medical_insurance", "pension_insurance", "assistance_status", "living_status",
)  # fmt: skip
EVENT_COLUMNS = ("household", "region_path", "actor", "created_at", "summary", "changes")


def _load_sql() -> str:
    # One statement per batch: the households, their history rows and their members.
    return f"""
WITH capacity AS (
    SELECT m.seq, {LABOUR_CAPACITY} AS labour_capacity
    FROM import_load m WHERE m.seq BETWEEN %(first)s AND %(last)s GROUP BY m.seq
), new AS (
    INSERT INTO households_household ({_columns(Household, HOUSEHOLD_COLUMNS)})
    SELECT h.number, hr.village_id, hr.group_id, hr.region_path, coalesce(h.address, ''), coalesce(h.phone, ''),
           hr.name, hr.household_type, '', c.labour_capacity, true, %(now)s, %(now)s
    FROM import_load hr JOIN import_households h ON h.seq = hr.seq JOIN capacity c ON c.seq = hr.seq
    WHERE hr.seq BETWEEN %(first)s AND %(last)s AND hr.is_head
    ORDER BY hr.seq
    RETURNING id, number, region_path
), events AS (
    INSERT INTO households_householdevent ({_columns(HouseholdEvent, EVENT_COLUMNS)})
    SELECT new.id, new.region_path, %(actor)s, %(now)s, %(summary)s, %(changes)s::jsonb FROM new
)
INSERT INTO households_member ({_columns(Member, MEMBER_COLUMNS)})
SELECT new.id, new.region_path, r.name, r.id_number, r.relation, r.sex, r.birth_date, r.ethnicity, r.education,
       r.student_stage, r.health, r.disability_grade, '', r.labour_skill, r.employment_place, r.employment_months,
       r.medical_insurance, r.pension_insurance, r.assistance_status, %(living)s
FROM import_load r JOIN new ON new.number = r.number
WHERE r.seq BETWEEN %(first)s AND %(last)s
"""


def event_marker(import_id: int) -> list[dict[str, Any]]:
    return [{"field": "registry_import", "import_id": import_id}]


def create(cursor: Any) -> None:
    # The checks group and sort the whole file: let them do it in memory (the default 4 MB spills to disk).
    cursor.execute("SET work_mem = '64MB'")
    cursor.execute(_CREATE)


def copy_rows(cursor: Any, buffer: io.StringIO) -> None:
    buffer.seek(0)
    cursor.copy_expert(f"COPY import_rows ({', '.join(STAGING_COLUMNS)}) FROM STDIN", buffer)


def drop(cursor: Any) -> None:
    cursor.execute(
        "DROP TABLE IF EXISTS pg_temp.import_rows, pg_temp.import_households, pg_temp.import_errors, "
        "pg_temp.import_load"
    )
    cursor.execute("RESET work_mem")


@dataclass(frozen=True)
class Outcome:
    households_ok: int  # households imported, including those an interrupted earlier run committed
    members_ok: int
    households_done: int  # committed by an earlier, interrupted run of the same import
    to_load: int  # households this run inserts (sequence numbers 1…to_load)


def check(cursor: Any, *, import_id: int, scope: str, resumed: bool) -> Outcome:
    cursor.execute(_HOUSEHOLDS)
    if resumed:
        cursor.execute(_DONE, {"summary": EVENT_SUMMARY, "marker": json.dumps(event_marker(import_id))})
    params = {
        "no_head": MSG_NO_HEAD,
        "two_heads": MSG_TWO_HEADS,
        "village_differs": MSG_VILLAGE_DIFFERS,
        "type_differs": MSG_TYPE_DIFFERS,
        "id_twice": MSG_ID_TWICE,
        "id_in_db": MSG_ID_IN_DB,
        "id_elsewhere": MSG_ID_ELSEWHERE,
        "number_taken": MSG_NUMBER_TAKEN,
        "scope_like": scope + "%",
        "living": LivingStatus.LIVING.value,
    }
    for statement in _CHECKS:
        cursor.execute(statement, params)
    cursor.execute(
        """SELECT count(*) FILTER (WHERE NOT bad), coalesce(sum(members) FILTER (WHERE NOT bad), 0),
                  count(*) FILTER (WHERE done), count(*) FILTER (WHERE NOT bad AND NOT done)
           FROM import_households"""
    )
    households_ok, members_ok, done, to_load = cursor.fetchone()
    return Outcome(households_ok, members_ok, done, to_load)


def load(cursor: Any, *, first: int, last: int, actor_id: int, now: Any, changes: list[dict[str, Any]]) -> None:
    cursor.execute(
        _load_sql(),
        {
            "first": first,
            "last": last,
            "actor": actor_id,
            "now": now,
            "summary": EVENT_SUMMARY,
            "changes": json.dumps(changes, ensure_ascii=False),
            "living": LivingStatus.LIVING.value,
        },
    )


def error_rows(batch: int = 5000) -> Iterator[tuple[int, str, str]]:
    """The rows of rejected households in file order: (line, original cells joined, reason). Streamed through
    a server-side cursor, so a file that is wrong throughout does not have to fit in memory."""
    connection.ensure_connection()
    with transaction.atomic(), connection.connection.cursor(name="registry_import_errors") as cursor:
        cursor.itersize = batch
        cursor.execute(
            """SELECT r.line, r.raw, coalesce(r.error, %s)
               FROM import_rows r LEFT JOIN import_households h USING (number)
               WHERE r.number IS NULL OR h.bad ORDER BY r.line""",
            [MSG_SIBLING],
        )
        yield from cursor
