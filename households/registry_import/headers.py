"""The file's columns the go-live import does not read (以下列未导入), found once from the header row, so the rows
cost nothing more: a header that names no column of the layout (columns.py), or repeats one already read.

Without a word about them a county could believe they were imported. Some get a reason: the national system's
新增原因, which this system records itself after go-live (人员状态 and 减少原因 are read: living.py), and a header
one character off a column the file lacks (联系电活 for 联系电话), most likely that column misspelt. A bare 状态 the
reader did not take for 人员状态 (the file has it twice, or names 人员状态 otherwise) is asked about or left as
another column."""

from dataclasses import dataclass

from households.registry_import.columns import (
    BY_KEY,
    COLUMNS,
    HEADER_KEYS,
    LINE_HEADER,
    REASON_HEADER,
    WEAK_STATUS_HEADER,
    normalize_header,
)

# Imported members read 未记录 as their 新增原因 (households.member_reasons). 减少原因 is a column of the layout
# (living.leave_reason), so a file that has it never reaches this note.
MSG_JOIN_REASON = "导入的成员新增原因均记为“未记录”，上线后新增成员时在系统中选择新增原因"
SET_IN_APP = {"新增原因": MSG_JOIN_REASON}


@dataclass(frozen=True)
class Unread:
    header: str  # as the file writes it
    position: int  # the column's number from 1, as a spreadsheet counts them
    set_in_app: str = ""  # what this system does instead (SET_IN_APP)
    meant: str = ""  # the header of a column the file lacks that this one is one character off
    same_as: int = 0  # the position of the column of the same name that is read instead

    @property
    def label(self) -> str:
        return f"{self.header}（第 {self.position} 列）"


def one_off(text: str, other: str) -> bool:
    """Whether two different texts differ by one character: one changed, added or left out."""
    if text == other or abs(len(text) - len(other)) > 1:
        return False
    shorter, longer = sorted((text, other), key=len)
    start = next((i for i, (a, b) in enumerate(zip(shorter, longer, strict=False)) if a != b), len(shorter))
    skip = 1 if len(shorter) == len(longer) else 0  # a changed character is skipped in both, an added one in one
    return shorter[start + skip :] == longer[start + 1 :]


def unread_columns(header: list[str], columns: dict[str, int]) -> list[Unread]:
    """The header's non-blank cells whose column is not read, in file order. `columns` as the reader found them
    (column key → index); an earlier error workbook's 行号 and 错误原因 are its own, not the county's data."""
    read = set(columns.values())
    # The columns the file lacks, by every header text the reader accepts for them.
    lacking = [
        (normalize_header(text), text) for c in COLUMNS if c.key not in columns for text in (c.header, *c.aliases)
    ]
    unread = []
    for index, cell in enumerate(header):
        text = normalize_header(cell)
        if not text or index in read or text in {LINE_HEADER, REASON_HEADER}:
            continue
        position = index + 1
        if text == WEAK_STATUS_HEADER:
            # 状态 beside 人员状态 is another column's (the household's); 状态 twice, neither read: which one is the
            # members' is the county's to say.
            key = HEADER_KEYS[text]
            unread.append(Unread(cell.strip(), position, meant="" if key in columns else BY_KEY[key].header))
        elif (key := HEADER_KEYS.get(text)) is not None:
            unread.append(Unread(cell.strip(), position, same_as=columns[key] + 1))
        elif text in SET_IN_APP:
            unread.append(Unread(cell.strip(), position, set_in_app=SET_IN_APP[text]))
        else:
            meant = next((written for known, written in lacking if len(known) > 1 and one_off(text, known)), "")
            unread.append(Unread(cell.strip(), position, meant=meant))
    return unread
