"""The 户编号 checks of the go-live import, set-based over the staging table (households.registry_import.staging runs
them with the others): a number already in the registry, and a number not of its village's shape, the rule the
household edit page and the API apply (households.services.household_rules.number_error: the village's 12-digit
division code and a 4-digit sequence from 0001), so that the registry holds one shape of number whichever way a
household came in."""

from households.services.household_rules import NUMBER_SEQUENCE_DIGITS

MSG_NUMBER_TAKEN = "户编号：户编号 %s 已存在于系统中"
# format()'s arguments: the length, the village's code, the number as typed, the sequence's digits, the code's
# length, the number's first digits. No example number: one built from the village's code may be a household's.
MSG_NUMBER_FORMAT = "户编号：“%3$s”不符合本村户编号格式，应为%1$s位数字：本村区划代码 %2$s 加%4$s位序号（序号从0001起）"
# The length and digits are right, the village is not: a number of another village, or the wrong 村代码.
MSG_NUMBER_VILLAGE = (
    "户编号：“%3$s”的前%5$s位 %6$s 不是户主所在村的区划代码 %2$s：户编号应以本村区划代码开头，后加%4$s位序号，"
    "请核对户编号或村代码"
)

NUMBER_CHECKS = (
    """INSERT INTO import_errors (line, message)
    SELECT r.line, format(%(number_taken)s, r.number)
    FROM import_rows r JOIN import_households h USING (number) JOIN households_household hh ON hh.number = r.number
    WHERE NOT h.done""",
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
    WHERE h.heads = 1 AND NOT h.done
      AND NOT (length(h.number) = length(v.path) + %(digits)s AND left(h.number, length(v.path)) = v.path
               AND substr(h.number, length(v.path) + 1) ~ '^[0-9]+$'
               AND substr(h.number, length(v.path) + 1) <> repeat('0', %(digits)s))""",
)
NUMBER_PARAMS = {
    "number_taken": MSG_NUMBER_TAKEN,
    "number_format": MSG_NUMBER_FORMAT,
    "number_village": MSG_NUMBER_VILLAGE,
    "digits": NUMBER_SEQUENCE_DIGITS,
}
