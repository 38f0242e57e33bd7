"""人员状态: the national system's member status column of the go-live import, and what depends on it.

A go-live file often lists a member who died or moved out beside the living, with 人员状态 saying so. Imported as
living, such a member would count in the household's size and 人均纯收入 and stand on its 明白卡. So a member whose
status says 死亡/已故/去世 is imported 已故 and one whose status says 迁出 is imported 迁出, as the 标记已故/迁出
form marks them (households.services.member_status): 减少原因 死亡 for the deceased; for one moved out the file's
减少原因 (婚出, 外出务工, 升学, 参军, 其他（words）: LEAVE_VALUES) or, blank or without the column, 未记录; the day
from 状态变更日期 (死亡日期 …) and a 成员变动 row of that day. Without a day the member reads 日期未填, as a mark
from before the days were recorded, and has no 成员变动 row: the 变动台账 lists changes by their day, and the
import's day is not the day of the death (households migration 0037 left such marks out the same way). Any other
status is the row's error, naming the accepted ones.

A household nobody in the file lives in (all died or moved out) is not registered: such a household is for 农户注销
(households.services.closing), a household of 0 people the registry never creates (a closing of one is not even
undone). Its rows are refused with the reason, so the county either leaves them out or corrects a wrong status.

Row checks are pure Python on the row's text (no query); the rest is set-based over the staging table."""

import datetime as dt
from dataclasses import dataclass, field

from households.choices import LivingStatus
from households.member_reasons import LEAVE_CHOICES, NOTE_MAX, LeaveReason
from households.models.activity import MemberChange
from households.registry_import.columns import STATUS_NOTE, STATUS_VALUES
from households.registry_import.monitoring import MSG_DATE, MSG_DATE_FUTURE, parse_date
from households.services.member_changes import REASON_TEXT_MAX

MSG_STATUS_UNKNOWN = "无法识别“{value}”，可填：{allowed}"
# 减少原因 of a member the file gives as 迁出: the 标记已故/迁出 form's reasons (member_reasons.LEAVE_CHOICES), as
# their labels or as shorter names the national system's exports use; 其他 carries its words, as on the form.
_CHOSEN = [(value, str(label)) for value, label in LEAVE_CHOICES if value != LeaveReason.OTHER]
LEAVE_VALUES = (
    {label: value for value, label in _CHOSEN}
    | {value: value for value, _ in _CHOSEN}
    | {"外出务工": LeaveReason.WORK.value, "务工": LeaveReason.WORK.value, "升学": LeaveReason.STUDY.value}
    | {str(LeaveReason.UNRECORDED.label): LeaveReason.UNRECORDED.value}
)
LEAVE_NOTE = "、".join([*(label for _, label in _CHOSEN), "其他（说明）"])
MSG_LEAVE_UNKNOWN = "无法识别“{value}”，人员状态为迁出的成员可填：{allowed}；空白记为“未记录”"
MSG_LEAVE_OTHER = "填“其他”的请在括号中写明原因，如“其他（投靠子女）”，不超过{max}个字"
MSG_BEFORE_BIRTH = "{date} 早于该成员的出生日期 {birth}"
# On the head's row of a household where others live: the registry's head is a living member.
MSG_HEAD_GONE = (
    "人员状态：是否户主为“是”的成员为“%s”，户主须为在世成员：请将同户在世成员中的现任户主标为户主"
    "（是否户主“是”，与户主关系“户主”），原户主的是否户主填“否”"
)
MSG_NOBODY_LIVING = (
    "人员状态：该户成员在文件中均为已故或迁出，没有在世成员。无在世成员的户应办理农户注销，不建档，该户未导入；"
    "如确属全户已故或迁出，从文件中删去这些行即可；如有成员的人员状态填错，请改正后重新上传"
)
MSG_ID_TWICE = "身份证号：该号码在文件中出现多次（第%s行）"
MSG_ID_IN_DB = "身份证号：该号码已登记在农户 %s（户主 %s）中"
MSG_ID_ELSEWHERE = "身份证号：该号码已登记在其他县的农户中，请核实"
# A deceased person's number is not imported as a living one (households.services.members.ID_HOLDING_STATUSES).
MSG_ID_DECEASED = "身份证号：该号码属于农户 %s（户主 %s）中已登记为已故的成员（%s），不能作为在世人员导入，请核实"
MSG_ID_DECEASED_ELSEWHERE = "身份证号：该号码属于其他县农户中已登记为已故的人员，不能作为在世人员导入，请核实"

_STATUSES = (
    dict(STATUS_VALUES)
    | {str(label): value for value, label in LivingStatus.choices}
    | {value: value for value in LivingStatus.values}
)
LIVING, DECEASED, MOVED_OUT = LivingStatus.LIVING.value, LivingStatus.DECEASED.value, LivingStatus.MOVED_OUT.value
GONE = (DECEASED, MOVED_OUT)
# The 减少原因 each imported status is given (households.services.member_reasons.leave_reason_clean: 死亡 for 已故).
LEFT_REASON = {LIVING: "", DECEASED: LeaveReason.DEATH.value, MOVED_OUT: LeaveReason.UNRECORDED.value}


@dataclass
class Status:
    """The row's status and its day as COPY text (NULL where wrong or not given) and its errors (column key, reason)."""

    status: str
    on: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""  # 减少原因 (LEFT_REASON, or the file's for one moved out)
    note: str = ""  # its words, for 其他


def leave_reason(text: str) -> tuple[str, str, str]:
    """(减少原因, 说明, error) of a member moved out from the file's 减少原因 cell: 未记录 when blank."""
    if not text:
        return LeaveReason.UNRECORDED.value, "", ""
    if (value := LEAVE_VALUES.get(text)) is not None:
        return value, "", ""
    if text.startswith(str(LeaveReason.OTHER.label)):
        note = " ".join(text[len(LeaveReason.OTHER.label) :].strip("（）()：:，, ").split())
        if not note or len(note) > NOTE_MAX:
            return "", "", MSG_LEAVE_OTHER.format(max=NOTE_MAX)
        return LeaveReason.OTHER.value, note, ""
    return "", "", MSG_LEAVE_UNKNOWN.format(value=text, allowed=LEAVE_NOTE)


def check_status(raw: dict[str, str], *, birth: str, today: dt.date, null: str) -> Status:
    """`birth` the row's birth date as COPY text (NULL when unknown). A day given for a living member is not read."""
    text = raw.get("living_status", "")
    if not text:
        return Status(LIVING, null)
    status = _STATUSES.get(text) or _STATUSES.get(text.strip("（）() "))
    if status is None:
        return Status(null, null, [("living_status", MSG_STATUS_UNKNOWN.format(value=text, allowed=STATUS_NOTE))])
    if status == LIVING:
        return Status(status, null)
    reason, note, errors = LEFT_REASON[status], "", []
    if status == MOVED_OUT:  # one who died left by 死亡, whatever the column says
        reason, note, problem = leave_reason(raw.get("left_reason", ""))
        errors += [("left_reason", problem)] if problem else []
    day_text, on = raw.get("status_changed_on", ""), null
    day = parse_date(day_text) if day_text else None
    if day_text and day is None:
        errors.append(("status_changed_on", MSG_DATE.format(value=day_text)))
    elif day is not None and day > today:
        errors.append(("status_changed_on", MSG_DATE_FUTURE.format(date=day.isoformat())))
    elif day is not None and birth != null and day.isoformat() < birth:
        errors.append(("status_changed_on", MSG_BEFORE_BIRTH.format(date=day.isoformat(), birth=birth)))
    elif day is not None:
        on = day.isoformat()
    return Status(status, on, errors, reason, note)


def _text(value: str) -> str:
    return "'" + value.replace("'", "''").replace("%", "%%") + "'"


_LABEL = f"CASE living_status WHEN '{DECEASED}' THEN '已故' ELSE '迁出' END"
# import_households' columns of the file's statuses (staging._HOUSEHOLDS, one pass with the rest): the members
# living (what the household's size and 人均纯收入 count), those imported 已故 or 迁出, whether nobody lives there,
# and the household's history row's entries naming those not living (以 “已故（2024-03-01）”).
HOUSEHOLD_COLUMNS = f"""
       count(*) FILTER (WHERE living_status = '{LIVING}')::integer AS living,
       count(*) FILTER (WHERE living_status = '{DECEASED}')::integer AS deceased,
       count(*) FILTER (WHERE living_status = '{MOVED_OUT}')::integer AS moved_out,
       coalesce(bool_and(living_status IN ('{DECEASED}', '{MOVED_OUT}')), false) AS nobody_living,
       jsonb_agg(jsonb_build_object('field', 'living_status', 'label', name || '的人员状态', 'old', '',
                                    'new', {_LABEL} || '（' || coalesce(status_changed_on::text, '日期未填') || '）')
                 ORDER BY line) FILTER (WHERE living_status IN ('{DECEASED}', '{MOVED_OUT}')) AS gone,"""

CHECKS = (
    # Nobody living: every row says why (a household the file repeats is family.EXISTING's to tell).
    f"""INSERT INTO import_errors (line, message)
    SELECT r.line, {_text(MSG_NOBODY_LIVING)}
    FROM import_rows r JOIN import_households h USING (number)
    WHERE h.nobody_living AND NOT h.done AND h.existing IS NULL""",
    # A head who died or moved out while others live: the head's row.
    f"""INSERT INTO import_errors (line, message)
    SELECT hr.line, format({_text(MSG_HEAD_GONE)}, {_LABEL.replace("living_status", "hr.living_status")})
    FROM import_households h JOIN import_rows hr ON hr.line = h.head_line
    WHERE h.heads = 1 AND NOT h.done AND NOT h.nobody_living AND hr.living_status IN ('{DECEASED}', '{MOVED_OUT}')""",
)

# The ID number checks read the statuses: one who moved out holds no number (households.services.members.
# ID_HOLDING_STATUSES: they may be registered in the household they moved to, in the file or the registry).
ID_CHECKS = (
    # A baby without a number yet (id_number '': households.services.newborn) holds none: two of them never collide,
    # in the file or with the registry's (the living-unique index leaves '' out as well).
    f"""INSERT INTO import_errors (line, message)
    SELECT r.line, format({_text(MSG_ID_TWICE)}, d.lines)
    FROM import_rows r JOIN (
        SELECT id_number, string_agg(line::text, '、' ORDER BY line) AS lines
        FROM import_rows WHERE id_number <> '' AND living_status IS DISTINCT FROM '{MOVED_OUT}'
        GROUP BY id_number HAVING count(*) > 1
    ) d USING (id_number)
    WHERE r.living_status IS DISTINCT FROM '{MOVED_OUT}'""",
    # Say which household holds the number only when it lies in the uploader's county (need to know). A number held
    # by a living member, or else by a deceased one, is refused; one who moved out may be registered again.
    f"""INSERT INTO import_errors (line, message)
    SELECT DISTINCT ON (r.line) r.line,
           CASE WHEN m.living_status = '{DECEASED}' AND m.region_path LIKE %(scope_like)s
                THEN format({_text(MSG_ID_DECEASED)}, hh.number, coalesce(nullif(hh.head_name, ''), '—'),
                            coalesce(to_char(m.status_changed_on, 'YYYY-MM-DD'), '日期未填'))
                WHEN m.living_status = '{DECEASED}' THEN {_text(MSG_ID_DECEASED_ELSEWHERE)}
                WHEN m.region_path LIKE %(scope_like)s
                THEN format({_text(MSG_ID_IN_DB)}, hh.number, coalesce(nullif(hh.head_name, ''), '—'))
                ELSE {_text(MSG_ID_ELSEWHERE)} END
    FROM import_rows r
    JOIN households_member m
      ON m.id_number = r.id_number AND r.id_number <> '' AND m.living_status = ANY(%(holding)s)
    JOIN households_household hh ON hh.id = m.household_id
    LEFT JOIN import_households d ON d.number = hh.number AND (d.done OR d.existing = hh.id)
    WHERE d.number IS NULL AND r.living_status IS DISTINCT FROM '{MOVED_OUT}'
    ORDER BY r.line, m.living_status = '{DECEASED}', m.id""",
)

# The member insert's values of the status (after staging's MEMBER_COLUMNS' others), `r` the staged row.
MEMBER_COLUMNS = ("living_status", "status_changed_on", "left_reason", "left_note")
MEMBER_VALUES = "r.living_status, r.status_changed_on, r.left_reason, r.left_note"
_KINDS = {DECEASED: MemberChange.Kind.DECEASED.value, MOVED_OUT: MemberChange.Kind.MOVED_OUT.value}
CHANGE_COLUMNS = (
    "member_id", "household_id", "region_path", "kind", "reason", "reason_text", "changed_on", "actor_id", "created_at",
)  # fmt: skip
# The 成员变动 rows of the members imported 已故 or 迁出 with a day, from the batch's member insert (`members`,
# returning these columns), as households.services.member_changes writes them for a mark (shown_reason: 婚出,
# 其他（投靠子女）).
CHANGES_INSERT = f"""INSERT INTO households_memberchange ({", ".join(CHANGE_COLUMNS)})
SELECT m.id, m.household_id, m.region_path, k.kind, m.left_reason,
       left(CASE WHEN m.left_note = '' THEN l.label ELSE l.label || '（' || m.left_note || '）' END, {REASON_TEXT_MAX}),
       m.status_changed_on, %(actor)s, %(now)s
FROM members m
JOIN (VALUES {", ".join(f"('{status}', '{kind}')" for status, kind in _KINDS.items())}) k (status, kind)
  ON k.status = m.living_status
JOIN (VALUES {", ".join(f"('{value}', {_text(str(label))})" for value, label in LeaveReason.choices)}) l (reason, label)
  ON l.reason = m.left_reason
WHERE m.status_changed_on IS NOT NULL"""
