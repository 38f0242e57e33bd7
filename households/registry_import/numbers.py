"""The 户编号 checks of the go-live import, set-based over the staging table (households.registry_import.staging runs
them with the others): a number already in the registry, and a number not of its village's shape, the rule the
household edit page and the API apply (households.services.household_rules.number_error: the village's 12-digit
division code and a 4-digit sequence from 0001), so that the registry holds one shape of number whichever way a
household came in.

A number taken by a household numbered here (新建农户, 分户, 整户迁移, an edit) rather than imported is said with
that household and the act that gave it the number, when and by whom: the county reconciles the two. The numbers of
the households the file names but that are not loaded (rejected, or still to load after an interrupted run) are held
(households.models.RegistryImportNumber, with the row that names them) so that local numbering
(households.services.numbering) passes over them; all of it under the county's lock, which local numbering takes
shared."""

from django.conf import settings

from households.models import RegistryImport
from households.services.household_rules import NUMBER_SEQUENCE_DIGITS
from households.services.numbering import HELD_LOCK_CLASS, county_key

MSG_NUMBER_TAKEN = "户编号：户编号 %s 已存在于系统中"
# format()'s arguments: the number, the household's head, its village, how it got the number (NUMBER_GIVEN or
# NUMBER_UNRECORDED). Said on the head's row; the other rows say the above.
MSG_NUMBER_TAKEN_LOCALLY = (
    "户编号：户编号 %1$s 已被本系统登记的另一户占用：%2$s户（%3$s），%4$s，"
    "其户主与本行户主不是同一人。户编号以国家系统为准：请县乡村振兴局与该村核实后，在本系统将该户的户编号改为"
    "本村未用的编号，再重新上传本户"
)
# format()'s arguments: the day, who (User.get_full_name, their scope beside), how (NUMBER_HOW), the history row of
# the act that gave the household its current number.
NUMBER_GIVEN = "%1$s 由%2$s在本系统%3$s（%4$s）"
NUMBER_HOW_REGISTERED = "登记"
NUMBER_HOW_RELOCATED = "整户迁移时改为此编号"
NUMBER_HOW_CHANGED = "改为此编号"
# A household with no such row: the demo data (seed_demo) or data put in before the history was kept.
NUMBER_UNRECORDED = "该户是系统初始数据，本系统没有其登记或编号的记录"
# The history rows that give a household its number: its registration (households.services.registry: 新建农户档案…;
# households.services.moves: 由农户 … 分户新建…), and a row changing 户编号 to it (整户迁移,
# households.services.relocation, or an edit); the go-live import's own (staging.EVENT_SUMMARY) says the number came
# from the national system.
CREATED_LIKE = "新建农户档案%"
SPLIT_LIKE = "由农户 % 分户新建%"
RELOCATED_LIKE = "整户迁移（%"
# format()'s arguments: the length, the village's code, the number as typed, the sequence's digits, the code's
# length, the number's first digits. No example number: one built from the village's code may be a household's.
MSG_NUMBER_FORMAT = "户编号：“%3$s”不符合本村户编号格式，应为%1$s位数字：本村区划代码 %2$s 加%4$s位序号（序号从0001起）"
# The length and digits are right, the village is not: a number of another village, or the wrong 村代码.
MSG_NUMBER_VILLAGE = (
    "户编号：“%3$s”的前%5$s位 %6$s 不是户主所在村的区划代码 %2$s：户编号应以本村区划代码开头，后加%4$s位序号，"
    "请核对户编号或村代码"
)

NUMBER_CHECKS = (
    # A household of the county whose number was given here (not by an import) is named with the history row of
    # the act that gave it its current number: registration (新建农户, 分户), 整户迁移 or an edit; when, by whom.
    """INSERT INTO import_errors (line, message)
    SELECT r.line, CASE WHEN r.line = h.head_line AND hh.region_path LIKE %(scope_like)s
                        AND ge.summary IS DISTINCT FROM %(summary)s
          THEN format(%(number_taken_locally)s, r.number, coalesce(nullif(hh.head_name, ''), '—'), v.name,
                      CASE WHEN ge.created_at IS NULL THEN %(number_unrecorded)s
                      ELSE format(%(number_given)s,
                                  to_char(ge.created_at AT TIME ZONE %(tz)s, 'YYYY-MM-DD'),
                                  coalesce(nullif(btrim(u.last_name || u.first_name), ''), u.username, '—')
                                  || coalesce('（' || nullif(u.region_name, '') || '）', ''),
                                  CASE WHEN ge.summary LIKE %(relocated_like)s THEN %(how_relocated)s
                                       WHEN ge.summary LIKE %(created_like)s OR ge.summary LIKE %(split_like)s
                                       THEN %(how_registered)s
                                       ELSE %(how_changed)s END,
                                  ge.summary) END)
          ELSE format(%(number_taken)s, r.number) END
    FROM import_rows r JOIN import_households h USING (number) JOIN households_household hh ON hh.number = r.number
    JOIN households_region v ON v.id = hh.village_id
    LEFT JOIN LATERAL (SELECT e.created_at, e.summary, e.actor_id FROM households_householdevent e
                       WHERE e.household_id = hh.id
                         AND (e.changes @> jsonb_build_array(jsonb_build_object('field', 'number', 'new', hh.number))
                              OR e.summary LIKE %(created_like)s OR e.summary LIKE %(split_like)s
                              OR e.summary = %(summary)s)
                       ORDER BY e.created_at DESC, e.id DESC LIMIT 1) ge ON true
    LEFT JOIN accounts_user u ON u.id = ge.actor_id
    WHERE NOT h.done AND h.existing IS NULL""",
    # Said on the head's row, against the village it names (a group's code names its village); a household without
    # exactly one head, or whose head's village code is wrong, has its own error already.
    """INSERT INTO import_errors (line, message)
    SELECT hr.line, format(
        CASE WHEN length(h.number) = length(v.path) + %(digits)s AND h.number ~ '^[0-9]+$'
                  AND left(h.number, length(v.path)) <> v.path
                  AND substr(h.number, length(v.path) + 1) <> repeat('0', %(digits)s)
             THEN %(number_village)s ELSE %(number_format)s END,
        length(v.path) + %(digits)s, v.path, left(h.number, 40), %(digits)s, length(v.path),
        left(h.number, length(v.path)))
    FROM import_households h JOIN import_rows hr ON hr.line = h.head_line
    JOIN households_region v ON v.id = hr.village_id
    WHERE h.heads = 1 AND NOT h.done AND h.existing IS NULL
      AND NOT (length(h.number) = length(v.path) + %(digits)s AND left(h.number, length(v.path)) = v.path
               AND substr(h.number, length(v.path) + 1) ~ '^[0-9]+$'
               AND substr(h.number, length(v.path) + 1) <> repeat('0', %(digits)s))""",
)
# First of the checks: the county's numbers are decided under its lock (households.services.numbering).
LOCK = "SELECT pg_advisory_xact_lock(%(held_lock)s, %(county)s)"

# Once the households to load are numbered (seq): the numbers of those not loaded now (rejected, or to load) are
# held, in place of what this import held before (a retry) and what an earlier failed upload of the same file held
# (this upload stands for it). Only numbers that could be a 户编号 (digits); one in the registry needs no holding.
HOLD_COLUMNS = ("registry_import_id", "number", "line")
HOLD = (
    """DELETE FROM households_registryimportnumber WHERE registry_import_id = %(import_id)s
       OR registry_import_id IN (
           SELECT e.id FROM households_registryimport e JOIN households_registryimport me ON me.id = %(import_id)s
           WHERE e.id < me.id AND e.status = %(failed)s AND e.checksum = me.checksum
             AND e.region_path = me.region_path)""",
    "INSERT INTO households_registryimportnumber (" + ", ".join(HOLD_COLUMNS) + ")"
    """
    SELECT %(import_id)s, h.number, coalesce(h.head_line, h.first_line) FROM import_households h
    WHERE NOT h.done AND NOT h.skipped AND h.number ~ '^[0-9]{1,32}$'
      AND NOT EXISTS (SELECT 1 FROM households_household hh WHERE hh.number = h.number)""",
)
# With each batch loaded: its numbers are in the registry now, held by no import any more.
RELEASE = """DELETE FROM households_registryimportnumber
    WHERE number IN (SELECT number FROM import_households WHERE seq BETWEEN %(first)s AND %(last)s)"""


def params(*, import_id: int, scope: str, summary: str) -> dict[str, object]:
    """The checks' parameters: the import, its county (a path), the history row an imported household has."""
    return {
        "number_taken": MSG_NUMBER_TAKEN,
        "number_taken_locally": MSG_NUMBER_TAKEN_LOCALLY,
        "number_given": NUMBER_GIVEN,
        "number_unrecorded": NUMBER_UNRECORDED,
        "how_registered": NUMBER_HOW_REGISTERED,
        "how_relocated": NUMBER_HOW_RELOCATED,
        "how_changed": NUMBER_HOW_CHANGED,
        "created_like": CREATED_LIKE,
        "split_like": SPLIT_LIKE,
        "relocated_like": RELOCATED_LIKE,
        "number_format": MSG_NUMBER_FORMAT,
        "number_village": MSG_NUMBER_VILLAGE,
        "digits": NUMBER_SEQUENCE_DIGITS,
        "summary": summary,
        "tz": settings.TIME_ZONE,
        "held_lock": HELD_LOCK_CLASS,
        "county": county_key(scope),
        "import_id": import_id,
        "failed": RegistryImport.Status.FAILED.value,
    }
