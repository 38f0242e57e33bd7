"""The family checks of the go-live import, set-based over the staging table as the entry pages apply them per
household (households.services.relation_ages, members): what the household and member forms ask "仍要保存" for
is imported and listed to verify, not refused; a relation of the other sex than the ID number's is refused (rows.py,
as the member form refuses it). Also the households the file repeats (EXISTING): one already in the registry with the
same members (a corrected file uploaded whole again) is skipped, not reported as an error; one whose members differ
is refused row by row, naming the members to add on the household's page, instead of skipped as if unchanged.

The thresholds and relations are those of relation_ages (ADULT_AGE, SPOUSE_REFUSED_BELOW, MARRIAGE_AGE, the
generations) and its messages, turned into format() strings for PostgreSQL; nothing here loops over rows."""

import json
import re

from households.choices import LivingStatus, Relation, Sex
from households.services.relation_ages import (
    ADULT_AGE,
    MARRIAGE_AGE,
    MSG_MINOR_HEAD_SPOUSE,
    MSG_OLDER_THAN_HEAD,
    MSG_UNDER_MARRIAGE_AGE,
    MSG_YOUNGER_THAN_HEAD,
    OLDER_GENERATIONS,
    SPOUSE_REFUSED_BELOW,
    YOUNGER_GENERATIONS,
)

MSG_MINOR_HEAD = "户主{name}未满18周岁（{age}岁）。由未成年人担任户主（如孤儿）须核实，请核对身份证号和与户主关系。"
MSG_TWO_SPOUSES = "同户有{count}名成员与户主关系为“配偶”（第{lines}行），请核对与户主关系。"


def sql_format(template: str, *names: str) -> str:
    """A message template of the entry pages ("{name}（{year}年生）…") as a PostgreSQL format() string whose
    arguments come in the order of `names` ("%1$s（%2$s年生）…")."""
    escaped = template.replace("%", "%%")
    return re.sub(r"\{(\w+)\}", lambda match: f"%{names.index(match.group(1)) + 1}$s", escaped)


# format()'s arguments: the number, the registry's head; then one of the row's two (its member's name); then, on a
# row already in the registry, the others to add; then the registry's living members the file lacks.
MSG_EXISTING = "户编号：户编号 {number} 的农户（户主 {head}）已在系统中，导入只新建农户，不会给已有农户增减成员"
MSG_EXISTING_ADD = "。本行的{name}不在该户档案中：请到该户页面点“添加成员”添加"
MSG_EXISTING_KEPT = "。本行的{name}已在该户档案中，未作更改"
# A row the file gives as 已故 or 迁出 (living.py): not a member to add, but a mark to make on the household's page.
MSG_EXISTING_GONE = (
    "。本行的{name}在文件中为{status}：如该户档案中尚未标记，请到该户页面对该成员点“标记已故/迁出”，"
    "标记为{status}并填写日期"
)
MSG_EXISTING_OTHERS = "；该户还需添加{names}：请到该户页面点“添加成员”添加"
MSG_EXISTING_MISSING = "；该户档案中的{names}不在文件中：如已去世或迁出，请到该户页面点“标记已故/迁出”"

# A member as the file and the registry both name it: by ID number, a baby without one yet by name.
_KEY = "coalesce(nullif({0}.id_number, ''), {0}.name)"
DECEASED, MOVED_OUT = LivingStatus.DECEASED.value, LivingStatus.MOVED_OUT.value
_LIVING = "m.household_id = h.existing AND m.living_status = %(living)s"
# Whether row `{0}` is a living member of the registry's household; whether member m is among the file's rows.
_IN_REGISTRY = f"EXISTS (SELECT 1 FROM households_member m WHERE {_LIVING} AND {_KEY.format('m')} = {_KEY})"
_IN_FILE = f"EXISTS (SELECT 1 FROM import_rows f WHERE f.number = h.number AND {_KEY.format('f')} = {_KEY.format('m')})"
# The same among the file's living rows (a member it gives as 已故 or 迁出 is no living member of the registry's).
_LIVING_IN_FILE = _IN_FILE.replace("WHERE f.number", "WHERE f.living_status = %(living)s AND f.number")

# Before the checks, which then leave these households out (their number and their members' ID numbers are the
# registry's, rightly): the file's households already in the county's registry, by the same 户编号 and head's ID
# number, or by the 户编号 alone for a file without the head's row (members sent alone, to be added). Skipped when
# the file lists the registry's living members, no more and no fewer; else every row says what to do instead.
EXISTING = (
    "ALTER TABLE import_households ADD COLUMN existing bigint, ADD COLUMN existing_head text",
    """UPDATE import_households h SET existing = hh.id, existing_head = hh.head_name
    FROM households_household hh
    WHERE hh.number = h.number AND NOT h.done AND hh.region_path LIKE %(scope_like)s AND NOT h.head_unknown
      AND (h.heads = 0 OR h.heads = 1 AND EXISTS (
          SELECT 1 FROM import_rows hr JOIN households_member m ON m.id_number = hr.id_number
          WHERE hr.line = h.head_line AND hr.id_number <> '' AND m.household_id = hh.id AND m.relation = %(head)s))""",
    f"""UPDATE import_households h SET skipped = true
    WHERE h.existing IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM import_rows f
                      WHERE f.number = h.number AND f.living_status = %(living)s AND NOT {_IN_REGISTRY.format("f")})
      AND NOT EXISTS (SELECT 1 FROM households_member m WHERE {_LIVING} AND NOT {_LIVING_IN_FILE})""",
    f"""INSERT INTO import_errors (line, message)
    SELECT r.line, format(%(existing)s, h.number, coalesce(nullif(h.existing_head, ''), '—'))
        || CASE WHEN r.living_status IN ('{DECEASED}', '{MOVED_OUT}')
                THEN format(%(existing_gone)s, r.name,
                            CASE r.living_status WHEN '{DECEASED}' THEN '已故' ELSE '迁出' END)
                WHEN k.known THEN format(%(existing_kept)s, r.name) ELSE format(%(existing_add)s, r.name) END
        || CASE WHEN k.known AND d.added IS NOT NULL THEN format(%(existing_others)s, d.added) ELSE '' END
        || CASE WHEN h.heads = 1 AND d.missing IS NOT NULL THEN format(%(existing_missing)s, d.missing) ELSE '' END
    FROM import_households h
    CROSS JOIN LATERAL (SELECT
        (SELECT string_agg(f.name, '、' ORDER BY f.line) FROM import_rows f
         WHERE f.number = h.number AND f.living_status = %(living)s AND NOT {_IN_REGISTRY.format("f")}) AS added,
        (SELECT string_agg(m.name, '、' ORDER BY m.id) FROM households_member m
         WHERE {_LIVING} AND NOT {_IN_FILE}) AS missing) d
    JOIN import_rows r ON r.number = h.number
    CROSS JOIN LATERAL (SELECT {_IN_REGISTRY.format("r")} AS known) k
    WHERE h.existing IS NOT NULL AND NOT h.skipped""",
)

_AGE = "date_part('year', age(%(today)s::date, {}.birth_date))::integer"

# Run once the households to load are numbered (seq > 0): only those imported are listed to verify.
WARNINGS = (
    "DROP TABLE IF EXISTS pg_temp.import_warnings",
    "CREATE TEMP TABLE import_warnings (id serial, line integer NOT NULL, message text NOT NULL)",
    f"""INSERT INTO import_warnings (line, message)
    SELECT hr.line, format(%(minor_head)s, hr.name, {_AGE.format("hr")})
    FROM import_households h JOIN import_rows hr ON hr.line = h.head_line
    WHERE h.seq > 0 AND {_AGE.format("hr")} < %(adult)s""",
    f"""INSERT INTO import_warnings (line, message)
    SELECT p.line, p.message FROM (
        SELECT r.line, CASE
            WHEN r.relation = %(spouse)s AND a.head_age < %(adult)s
            THEN format(%(minor_head_spouse)s, hr.name, a.head_age, r.name)
            WHEN r.relation = %(spouse)s AND a.age >= %(spouse_below)s AND a.age < (%(marriage)s::jsonb ->> r.sex)::int
            THEN format(%(under_marriage)s, '配偶', r.name, a.age, %(sexes)s::jsonb ->> r.sex,
                        %(marriage)s::jsonb ->> r.sex)
            WHEN r.relation = %(spouse)s AND a.head_age >= %(spouse_below)s
                 AND a.head_age < (%(marriage)s::jsonb ->> hr.sex)::int
            THEN format(%(under_marriage)s, '户主', hr.name, a.head_age, %(sexes)s::jsonb ->> hr.sex,
                        %(marriage)s::jsonb ->> hr.sex)
            WHEN r.relation = ANY(%(younger)s) AND r.birth_date < hr.birth_date
            THEN format(%(older_than_head)s, r.name, extract(year FROM r.birth_date),
                        %(relations)s::jsonb ->> r.relation, hr.name, extract(year FROM hr.birth_date))
            WHEN r.relation = ANY(%(older)s) AND r.birth_date > hr.birth_date
            THEN format(%(younger_than_head)s, r.name, extract(year FROM r.birth_date),
                        %(relations)s::jsonb ->> r.relation, hr.name, extract(year FROM hr.birth_date))
        END AS message
        FROM import_households h JOIN import_rows hr ON hr.line = h.head_line
        JOIN import_rows r ON r.number = h.number AND r.line <> hr.line
        CROSS JOIN LATERAL (SELECT {_AGE.format("r")} AS age, {_AGE.format("hr")} AS head_age) a
        WHERE h.seq > 0 AND r.birth_date IS NOT NULL AND hr.birth_date IS NOT NULL
    ) p WHERE p.message IS NOT NULL""",
    """INSERT INTO import_warnings (line, message)
    SELECT min(r.line), format(%(two_spouses)s, count(*), string_agg(r.line::text, '、' ORDER BY r.line))
    FROM import_rows r JOIN import_households h USING (number)
    WHERE h.seq > 0 AND r.relation = %(spouse)s AND r.living_status = %(living)s
    GROUP BY r.number HAVING count(*) > 1""",
    "CREATE INDEX ON import_warnings (line)",
)

PARAMS = {
    "head": Relation.HEAD.value,
    "spouse": Relation.SPOUSE.value,
    "adult": ADULT_AGE,
    "spouse_below": SPOUSE_REFUSED_BELOW,
    "marriage": json.dumps(MARRIAGE_AGE),
    "sexes": json.dumps({value: str(label) for value, label in Sex.choices}, ensure_ascii=False),
    "relations": json.dumps({value: str(label) for value, label in Relation.choices}, ensure_ascii=False),
    "younger": [str(relation) for relation in YOUNGER_GENERATIONS],
    "older": [str(relation) for relation in OLDER_GENERATIONS],
    "minor_head": sql_format(MSG_MINOR_HEAD, "name", "age"),
    "minor_head_spouse": sql_format(MSG_MINOR_HEAD_SPOUSE, "head", "age", "name"),
    "under_marriage": sql_format(MSG_UNDER_MARRIAGE_AGE, "role", "name", "age", "sex", "minimum"),
    "older_than_head": sql_format(MSG_OLDER_THAN_HEAD, "name", "year", "relation", "head", "head_year"),
    "younger_than_head": sql_format(MSG_YOUNGER_THAN_HEAD, "name", "year", "relation", "head", "head_year"),
    "two_spouses": sql_format(MSG_TWO_SPOUSES, "count", "lines"),
    "existing": sql_format(MSG_EXISTING, "number", "head"),
    "existing_add": sql_format(MSG_EXISTING_ADD, "name"),
    "existing_kept": sql_format(MSG_EXISTING_KEPT, "name"),
    "existing_gone": sql_format(MSG_EXISTING_GONE, "name", "status"),
    "existing_others": sql_format(MSG_EXISTING_OTHERS, "names"),
    "existing_missing": sql_format(MSG_EXISTING_MISSING, "names"),
}
