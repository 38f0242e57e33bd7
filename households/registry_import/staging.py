"""The set-based half of the go-live import, in PostgreSQL.

Checked rows are COPYed into a session-local staging table (temporary tables belong to the database session: two
imports in two workers never see each other's rows); the checks that need a whole household or the database (one
head, the head's village, a head and a household living (living.py), an ID number twice in the file or already
held by a living member, a household number already taken or not of its village's shape: numbers.py) are a handful
of statements over it; and the valid households go into the registry batch by batch with INSERT … SELECT, one
transaction per batch. Nothing here loops over rows in Python."""

import io
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from households.choices import (
    LabourCapacity,
    LabourSkill,
    LivingStatus,
    MonitoringCategory,
    NationalMarking,
    NationalRiskType,
    RiskType,
)
from households.models import Household, HouseholdEvent, Member
from households.registry_import import family, grids, income, living, numbers
from households.registry_import.rows import STAGING_COLUMNS
from households.services.members import ID_HOLDING_STATUSES

EVENT_SUMMARY = "上线导入建档"
MSG_NO_HEAD = "是否户主：该户没有是否户主为“是”的成员"
MSG_TWO_HEADS = "是否户主：同户有%s人标为户主（第%s行）"
MSG_VILLAGE_DIFFERS = "村代码：与户主所在行的村代码 %s 不一致"
MSG_TYPE_DIFFERS = "户类型：与户主所在行的户类型不一致"
MSG_SIBLING = "同户其他成员有错误"
MSG_CATEGORY_DIFFERS = "监测对象类别：与户主所在行的监测对象类别不一致"
MSG_START_DIFFERS = "纳入监测时间：与户主所在行的纳入监测时间不一致"
MSG_RISKS_DIFFER = "风险类型：与户主所在行的风险类型不一致"
MSG_ELIMINATED_DIFFERS = "风险是否消除：与户主所在行的风险是否消除不一致"
MSG_ELIMINATED_ON_DIFFERS = "风险消除时间：与户主所在行的风险消除时间不一致"
MONITORING_SOURCE = "国家系统（上线导入，未经本系统识别纳入程序）"
ELIMINATED_SOURCE = "国家系统已标注“风险消除”（上线导入，不再是监测对象；再出现风险的走风险再标注程序）"

_CREATE = """
DROP TABLE IF EXISTS pg_temp.import_rows, pg_temp.import_households, pg_temp.import_errors, pg_temp.import_load,
    pg_temp.import_warnings;
CREATE TEMP TABLE import_rows (
    line integer NOT NULL, number text, is_head boolean, village_code text, village_id bigint, group_id bigint,
    region_path text, name text, id_number text, relation text, sex text, birth_date date, ethnicity text,
    education text, student_stage text, health text, disability_grade text, labour_skill text,
    employment_place text, employment_months smallint, medical_insurance boolean,
    employee_medical_insurance boolean, pension_insurance boolean, assistance_status text, household_type text,
    phone text, address text, grid_name text, monitoring_category text, monitoring_start date, risk_types text[],
    national_risk_types text[], risk_eliminated boolean, risk_eliminated_on date, income_year smallint,
    income_amounts numeric[], living_status text, status_changed_on date, left_reason text, left_note text,
    error text, raw text
);
CREATE TEMP TABLE import_errors (id serial, line integer NOT NULL, message text NOT NULL);
"""

_HOUSEHOLDS = f"""
CREATE TEMP TABLE import_households AS
SELECT number,
       count(*)::integer AS members,{living.HOUSEHOLD_COLUMNS}
       count(*) FILTER (WHERE is_head)::integer AS heads,
       bool_or(is_head IS NULL) AS head_unknown,
       min(line) FILTER (WHERE is_head) AS head_line,
       min(line) AS first_line,
       string_agg(line::text, '、' ORDER BY line) FILTER (WHERE is_head) AS head_lines,
       (array_agg(phone ORDER BY is_head IS TRUE DESC, line) FILTER (WHERE phone <> ''))[1] AS phone,
       (array_agg(address ORDER BY is_head IS TRUE DESC, line) FILTER (WHERE address <> ''))[1] AS address,
       coalesce(bool_or(is_head AND monitoring_category <> '' AND risk_eliminated_on IS NULL), false) AS monitored,
       coalesce(bool_or(is_head AND risk_eliminated_on IS NOT NULL), false) AS eliminated,
       coalesce(bool_or(is_head AND income_year IS NOT NULL), false) AS with_income,
       false AS done, false AS bad, false AS skipped, 0 AS seq
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
    numbers.LOCK,
    *family.EXISTING,
    # Exactly one head (a row whose head flag could not be read has its own error already).
    """INSERT INTO import_errors (line, message)
    SELECT r.line, CASE WHEN h.heads = 0 THEN %(no_head)s ELSE format(%(two_heads)s, h.heads, h.head_lines) END
    FROM import_rows r JOIN import_households h USING (number)
    WHERE NOT h.done AND NOT h.head_unknown AND h.heads <> 1 AND (h.heads = 0 OR r.is_head) AND h.existing IS NULL""",
    # Member rows may leave the household's columns blank; filled in, they must agree with the head's row: the same
    # village (a group's code names its village; a code that is wrong has its own error, NULL here).
    """INSERT INTO import_errors (line, message)
    SELECT r.line, format(%(village_differs)s, hr.village_code)
    FROM import_rows r JOIN import_households h USING (number) JOIN import_rows hr ON hr.line = h.head_line
    WHERE h.heads = 1 AND NOT h.done AND r.line <> hr.line AND r.village_code <> ''
      AND r.village_id <> hr.village_id""",
    """INSERT INTO import_errors (line, message)
    SELECT r.line, %(type_differs)s
    FROM import_rows r JOIN import_households h USING (number) JOIN import_rows hr ON hr.line = h.head_line
    WHERE h.heads = 1 AND NOT h.done AND r.line <> hr.line AND r.household_type <> ''
      AND r.household_type IS DISTINCT FROM hr.household_type""",
    # The same for the monitoring columns; a cell that could not be read has its own error already (NULL here).
    # Only the member rows that fill one are joined to their head's: most leave them blank.
    """INSERT INTO import_errors (line, message)
    SELECT r.line, m.message
    FROM import_rows r JOIN import_households h USING (number) JOIN import_rows hr ON hr.line = h.head_line
    CROSS JOIN LATERAL (VALUES
        (r.monitoring_category <> '' AND r.monitoring_category IS DISTINCT FROM hr.monitoring_category,
         %(category_differs)s),
        (r.monitoring_start IS DISTINCT FROM hr.monitoring_start AND r.monitoring_start IS NOT NULL, %(start_differs)s),
        (r.risk_types <> '{}' AND r.risk_types IS DISTINCT FROM hr.risk_types, %(risks_differ)s),
        -- A blank 风险是否消除 (NULL) on the head's row reads 否.
        (r.risk_eliminated IS DISTINCT FROM coalesce(hr.risk_eliminated, false) AND r.risk_eliminated IS NOT NULL,
         %(eliminated_differs)s),
        (r.risk_eliminated_on IS DISTINCT FROM hr.risk_eliminated_on AND r.risk_eliminated_on IS NOT NULL,
         %(eliminated_on_differs)s)
    ) m (differs, message)
    WHERE h.heads = 1 AND NOT h.done AND r.line <> hr.line AND m.differs AND r.is_head IS NOT TRUE
      AND (r.monitoring_category <> '' OR r.monitoring_start IS NOT NULL OR r.risk_types <> '{}'
           OR r.risk_eliminated IS NOT NULL OR r.risk_eliminated_on IS NOT NULL)""",
    *income.INCOME_CHECKS,
    *living.CHECKS,
    *grids.CHECKS,
    *living.ID_CHECKS,
    *numbers.NUMBER_CHECKS,
    """UPDATE import_rows r SET error = concat_ws('；', r.error, e.message)
    FROM (SELECT line, string_agg(message, '；' ORDER BY id) AS message FROM import_errors GROUP BY line) e
    WHERE e.line = r.line""",
    # One bad row rejects its whole household; one in the registry as the file has it is skipped (family.EXISTING).
    """UPDATE import_households h SET bad = true
    FROM (SELECT DISTINCT number FROM import_rows WHERE error IS NOT NULL AND number IS NOT NULL) b
    WHERE b.number = h.number AND NOT h.done AND NOT h.skipped""",
    """UPDATE import_households h SET seq = s.seq
    FROM (SELECT number, row_number() OVER (ORDER BY first_line) AS seq
          FROM import_households WHERE NOT bad AND NOT done AND NOT skipped) s
    WHERE s.number = h.number""",
    "CREATE INDEX ON import_households (seq)",
    "ANALYZE import_households",
    *numbers.HOLD,
    *family.WARNINGS,
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
    "number", "village", "group", "grid", "region_path", "address", "phone", "head_name", "household_type",
    "monitoring_category", "monitoring_start", "risk_types", "national_risk_types", "risk_eliminated_on",
    "national_marking", "labour_capacity", "is_active", "created_at", "updated_at",
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
    "employment_months", "medical_insurance", "employee_medical_insurance", "pension_insurance", "assistance_status",
    *living.MEMBER_COLUMNS,
)  # fmt: skip
EVENT_COLUMNS = ("household", "region_path", "actor", "created_at", "summary", "changes")


# The history row says what monitoring status the household came with, and from where: the national system
# through this import, not a case of this system. Entries only for what the file gave (`hr`, the head's row). A
# household marked 风险消除 comes without its category, as an exit approved here leaves it (workflow.services.
# outcomes): the category it had is the entry's old value, so nothing the file said is lost.
MONITORING_CHANGES = """CASE
    WHEN hr.monitoring_category = '' AND hr.risk_types = '{}' AND hr.national_risk_types = '{}'
         AND hr.risk_eliminated_on IS NULL THEN '[]'::jsonb
    ELSE coalesce((
        SELECT jsonb_agg(jsonb_build_object('field', f.field, 'label', f.label, 'old', coalesce(f.before, ''),
                                            'new', coalesce(f.after, '')) ORDER BY f.position)
        FROM (VALUES
            (1, 'monitoring_category', %(category_label)s,
             CASE WHEN new.risk_eliminated_on IS NOT NULL
                  THEN %(labels)s::jsonb -> 'category' ->> hr.monitoring_category END,
             %(labels)s::jsonb -> 'category' ->> new.monitoring_category),
            (2, 'monitoring_start', %(start_label)s, NULL, new.monitoring_start::text),
            (3, 'risk_types', %(risks_label)s, NULL,
             (SELECT string_agg(%(labels)s::jsonb -> 'risk' ->> code, '、') FROM unnest(new.risk_types) code)),
            (4, 'national_risk_types', %(national_label)s, NULL,
             (SELECT string_agg(%(labels)s::jsonb -> 'national' ->> code, '、')
              FROM unnest(new.national_risk_types) code)),
            (5, 'risk_eliminated_on', %(eliminated_label)s, NULL, new.risk_eliminated_on::text),
            (6, 'monitoring_source', %(source_label)s, NULL,
             CASE WHEN new.risk_eliminated_on IS NOT NULL THEN %(eliminated_source)s
                  WHEN new.monitoring_category <> '' THEN %(source)s END)
        ) f (position, field, label, before, after)
        WHERE f.before <> '' OR f.after <> ''), '[]'::jsonb) END"""


def _load_sql() -> str:
    # One statement per batch: the households, their history rows and their members.
    return f"""
WITH capacity AS (
    SELECT m.seq, {LABOUR_CAPACITY} AS labour_capacity
    FROM import_load m WHERE m.seq BETWEEN %(first)s AND %(last)s AND m.living_status = %(living)s GROUP BY m.seq
), new AS (
    INSERT INTO households_household ({_columns(Household, HOUSEHOLD_COLUMNS)}{income.LATEST_INCOME_COLUMNS})
    SELECT h.number, hr.village_id, hr.group_id, {grids.VALUE}, hr.region_path, coalesce(h.address, ''),
           coalesce(h.phone, ''), hr.name, hr.household_type,
           CASE WHEN hr.risk_eliminated_on IS NULL THEN hr.monitoring_category ELSE '' END, hr.monitoring_start,
           hr.risk_types, hr.national_risk_types, hr.risk_eliminated_on,
           -- Monitored or marked 风险消除 there: the national system holds the household's status already.
           CASE WHEN hr.monitoring_category <> '' OR hr.risk_eliminated_on IS NOT NULL THEN %(marked)s
                ELSE %(not_applicable)s END,
           c.labour_capacity, true, %(now)s, %(now)s{income.LATEST_INCOME_VALUES}
    FROM import_load hr JOIN import_households h ON h.seq = hr.seq JOIN capacity c ON c.seq = hr.seq
    WHERE hr.seq BETWEEN %(first)s AND %(last)s AND hr.is_head
    ORDER BY hr.seq
    RETURNING id, number, region_path, monitoring_category, monitoring_start, risk_types, national_risk_types,
              risk_eliminated_on
), events AS (
    INSERT INTO households_householdevent ({_columns(HouseholdEvent, EVENT_COLUMNS)})
    SELECT new.id, new.region_path, %(actor)s, %(now)s, %(summary)s, %(changes)s::jsonb || {MONITORING_CHANGES}
           || {income.INCOME_CHANGES} || {grids.CHANGES} || coalesce(g.gone, '[]'::jsonb)
    FROM new JOIN import_load hr ON hr.number = new.number AND hr.is_head JOIN import_households g ON g.seq = hr.seq
    WHERE hr.seq BETWEEN %(first)s AND %(last)s
){income.INCOME_INSERT}, members AS (
    INSERT INTO households_member ({_columns(Member, MEMBER_COLUMNS)})
    SELECT new.id, new.region_path, r.name, r.id_number, r.relation, r.sex, r.birth_date, r.ethnicity, r.education,
           r.student_stage, r.health, r.disability_grade, '', r.labour_skill, r.employment_place,
           r.employment_months, r.medical_insurance, r.employee_medical_insurance, r.pension_insurance,
           r.assistance_status, {living.MEMBER_VALUES}
    FROM import_load r JOIN new ON new.number = r.number
    WHERE r.seq BETWEEN %(first)s AND %(last)s
    RETURNING id, household_id, region_path, living_status, status_changed_on, left_reason, left_note
)
{living.CHANGES_INSERT}
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
        "pg_temp.import_load, pg_temp.import_warnings"
    )
    cursor.execute("RESET work_mem")


@dataclass(frozen=True)
class Outcome:
    households_ok: int  # households imported, including those an interrupted earlier run committed
    members_ok: int
    households_skipped: int  # in the registry already as the file has them (family.EXISTING): left alone
    members_skipped: int
    households_done: int  # committed by an earlier, interrupted run of the same import
    to_load: int  # households this run inserts (sequence numbers 1…to_load)
    monitored: int  # of households_ok: those the file gives a monitoring category, not marked 风险消除
    eliminated: int  # of households_ok: those the file marks 风险消除
    with_income: int  # of households_ok: those the file gives a year's income
    deceased: int  # of members_ok: imported 已故 (living.py), not counted in a household's size
    moved_out: int  # of members_ok: imported 迁出
    nobody_living: int  # households refused because nobody in them lives (living.MSG_NOBODY_LIVING)


def check(cursor: Any, *, import_id: int, scope: str, resumed: bool) -> Outcome:
    cursor.execute(_HOUSEHOLDS)
    if resumed:
        cursor.execute(_DONE, {"summary": EVENT_SUMMARY, "marker": json.dumps(event_marker(import_id))})
    params = {
        "no_head": MSG_NO_HEAD,
        "two_heads": MSG_TWO_HEADS,
        "village_differs": MSG_VILLAGE_DIFFERS,
        "type_differs": MSG_TYPE_DIFFERS,
        "holding": [str(status) for status in ID_HOLDING_STATUSES],
        **numbers.params(import_id=import_id, scope=scope, summary=EVENT_SUMMARY),
        "category_differs": MSG_CATEGORY_DIFFERS,
        "start_differs": MSG_START_DIFFERS,
        "risks_differ": MSG_RISKS_DIFFER,
        "eliminated_differs": MSG_ELIMINATED_DIFFERS,
        "eliminated_on_differs": MSG_ELIMINATED_ON_DIFFERS,
        "scope_like": scope + "%",
        "living": LivingStatus.LIVING.value,
        "today": timezone.localdate(),
        **family.PARAMS,
        **grids.PARAMS,
    }
    for statement in _CHECKS:
        cursor.execute(statement, params)
    cursor.execute(
        """SELECT count(*) FILTER (WHERE ok), coalesce(sum(members) FILTER (WHERE ok), 0),
                  count(*) FILTER (WHERE skipped), coalesce(sum(members) FILTER (WHERE skipped), 0),
                  count(*) FILTER (WHERE done),
                  count(*) FILTER (WHERE ok AND NOT done), count(*) FILTER (WHERE ok AND monitored),
                  count(*) FILTER (WHERE ok AND eliminated), count(*) FILTER (WHERE ok AND with_income),
                  coalesce(sum(deceased) FILTER (WHERE ok), 0), coalesce(sum(moved_out) FILTER (WHERE ok), 0),
                  count(*) FILTER (WHERE nobody_living AND bad)
           FROM (SELECT *, NOT bad AND NOT skipped AS ok FROM import_households) h"""
    )
    return Outcome(*cursor.fetchone())


def _label(name: str) -> str:
    return str(Household._meta.get_field(name).verbose_name)


_MONITORING_PARAMS = {
    "marked": NationalMarking.MARKED.value,
    "not_applicable": NationalMarking.NOT_APPLICABLE.value,
    "category_label": _label("monitoring_category"),
    "start_label": _label("monitoring_start"),
    "risks_label": _label("risk_types"),
    "national_label": _label("national_risk_types"),
    "eliminated_label": _label("risk_eliminated_on"),
    "source_label": "监测身份来源",
    "source": MONITORING_SOURCE,
    "eliminated_source": ELIMINATED_SOURCE,
    "labels": json.dumps(
        {
            "category": {value: str(label) for value, label in MonitoringCategory.choices},
            "risk": {value: str(label) for value, label in RiskType.choices},
            "national": {value: str(label) for value, label in NationalRiskType.choices},
        },
        ensure_ascii=False,
    ),
}


def load(cursor: Any, *, first: int, last: int, actor_id: int, now: Any, changes: list[dict[str, Any]]) -> None:
    income.prepare_incomes(cursor, first=first, last=last)
    cursor.execute(numbers.RELEASE, {"first": first, "last": last})
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
            **_MONITORING_PARAMS,
        },
    )
