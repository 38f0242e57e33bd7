"""What a finished go-live import tells its user (RegistryImport.message, shown on its page and in the audit log):
the households and members created, of the households those monitored, marked 风险消除 and given a year's income,
the rows left out, the households skipped as already imported and those imported to verify."""

from typing import Any

from households.registry_import.headers import Unread

MSG_DONE = "导入完成：新建农户 {households} 户{of_which}、家庭成员 {members} 人{gone}。"
MSG_DONE_WITH_ERRORS = (
    "导入完成：新建农户 {households} 户{of_which}、家庭成员 {members} 人{gone}；"
    "{bad} 行有误未导入{households_of_rows}，请下载错误清单，修改后重新上传这些行。"
)
# Rows in no household (a blank 户编号, the template's example row) leave it at 0: not said then.
MSG_BAD_HOUSEHOLDS = "（涉及 {n} 户）"
# Of the new households: monitored ones (their status came from the national system, not a case), 风险消除 ones,
# and those whose year's income came with them (households.registry_import.income).
MSG_MONITORED = "监测对象 {n} 户"
MSG_ELIMINATED = "已标注“风险消除” {n} 户"
MSG_WITH_INCOME = "导入年度收支 {n} 户"
# The members the 人员状态 column gives as 已故 or 迁出 (households.registry_import.living), imported so.
MSG_GONE = "（其中按人员状态登记为{parts}，不计入户人数和人均纯收入）"
MSG_DECEASED = "已故 {n} 人"
MSG_MOVED_OUT = "迁出 {n} 人"
# Households nobody in the file lives in: refused (living.MSG_NOBODY_LIVING), said apart from the other errors.
MSG_NOBODY_LIVING = "其中 {n} 户成员均为已故或迁出，无在世成员，按农户注销的规则不建档。"
# A corrected file uploaded whole again: the households already in the registry as the file has them are left alone.
MSG_SKIPPED = "已导入，跳过 {n} 户（户编号和户主身份证号与系统中已有农户相同，未作更改）。"
# Imported, but with what the entry pages ask "仍要保存" for (households.registry_import.family).
MSG_WARNED = "已导入，请核实 {n} 户：年龄与户主关系不符、未成年人为户主或多名配偶等，见导入详情{workbook}。"


def _of_which(*counts: tuple[str, int]) -> str:
    """The note after the new households' count (（其中监测对象 2 户，…）), naming the non-zero counts only."""
    parts = [template.format(n=n) for template, n in counts if n]
    return f"（其中{'，'.join(parts)}）" if parts else ""


def gone_note(outcome: Any) -> str:
    """The note after the members' count naming those imported 已故 or 迁出; "" when none."""
    counts = ((MSG_DECEASED, outcome.deceased if outcome else 0), (MSG_MOVED_OUT, outcome.moved_out if outcome else 0))
    parts = [template.format(n=n) for template, n in counts if n]
    return MSG_GONE.format(parts="、".join(parts)) if parts else ""


def nobody_living_note(outcome: Any) -> str:
    return MSG_NOBODY_LIVING.format(n=outcome.nobody_living) if outcome and outcome.nobody_living else ""


def done_message(record: Any, outcome: Any, *, bad_households: int) -> str:
    """`record` the RegistryImport with its counts, `outcome` the staging.Outcome (None: no household checked)."""
    template = MSG_DONE_WITH_ERRORS if record.rows_bad else MSG_DONE
    skipped = MSG_SKIPPED.format(n=record.households_skipped) if record.households_skipped else ""
    workbook = "和错误清单的“已导入请核实”表" if record.rows_bad else "和核实清单"
    warned = MSG_WARNED.format(n=record.households_warned, workbook=workbook) if record.households_warned else ""
    return (
        template.format(
            households=record.households_created,
            members=record.rows_ok,
            gone=gone_note(outcome),
            bad=record.rows_bad,
            households_of_rows=MSG_BAD_HOUSEHOLDS.format(n=bad_households) if bad_households else "",
            of_which=_of_which(
                (MSG_MONITORED, outcome.monitored if outcome else 0),
                (MSG_ELIMINATED, outcome.eliminated if outcome else 0),
                (MSG_WITH_INCOME, outcome.with_income if outcome else 0),
            ),
        )
        + nobody_living_note(outcome)
        + skipped
        + warned
    )


# A check-only run (仅检查，不导入): what 确认导入 would create and leave out; nothing is in the registry yet.
MSG_CHECKED = "检查完成，尚未导入：可导入农户 {households} 户{of_which}、家庭成员 {members} 人{gone}。"
MSG_CHECKED_BAD = "有错误 {bad} 行{households_of_rows}，不会导入，请下载错误清单修改后重新上传。"
MSG_CHECKED_SKIPPED = "已导入过，将跳过 {n} 户。"
MSG_CHECKED_WARNED = "导入后请核实 {n} 户：年龄与户主关系不符、未成年人为户主或多名配偶等，见下载的清单。"
MSG_CHECKED_NEXT = "确认无误后点击“确认导入”，无需重新上传。"
MSG_CHECKED_NOTHING = "没有可导入的农户：请按错误清单修改后重新上传。"


def checked_message(record: Any, outcome: Any) -> str:
    """The message of a check-only run: `record` with its counts, `outcome` the staging.Outcome."""
    parts = [
        MSG_CHECKED.format(
            households=record.households_ok,
            members=record.rows_ok,
            gone=gone_note(outcome),
            of_which=_of_which(
                (MSG_MONITORED, outcome.monitored if outcome else 0),
                (MSG_ELIMINATED, outcome.eliminated if outcome else 0),
                (MSG_WITH_INCOME, outcome.with_income if outcome else 0),
            ),
        )
    ]
    if record.rows_bad:
        households = MSG_BAD_HOUSEHOLDS.format(n=record.households_bad) if record.households_bad else ""
        parts.append(MSG_CHECKED_BAD.format(bad=record.rows_bad, households_of_rows=households))
        parts.append(nobody_living_note(outcome))
    if record.households_skipped:
        parts.append(MSG_CHECKED_SKIPPED.format(n=record.households_skipped))
    if record.households_warned:
        parts.append(MSG_CHECKED_WARNED.format(n=record.households_warned))
    parts.append(MSG_CHECKED_NEXT if record.households_ok else MSG_CHECKED_NOTHING)
    return "".join(parts)


# The file's columns not imported (households.registry_import.headers), on lines of their own after the message.
MSG_UNREAD = "以下列未导入：{columns}。"
MSG_UNREAD_SET_IN_APP = "{headers}：{note}。"
MSG_UNREAD_MEANT = "“{header}”是否应为“{meant}”？如是，{what}。"
MSG_MEANT_CHECKED = "请改正列名后重新上传"
MSG_MEANT_DONE = "该列的内容没有导入，已导入的农户请在农户档案中补充"
MSG_UNREAD_SAME = "“{header}”（第 {position} 列）与第 {same} 列同名，按第 {same} 列导入。"
MSG_UNREAD_OTHER = "其他未导入的列本系统没有对应项；如其中有导入模板中的内容，请按模板改正列名。"
UNREAD_SEPARATOR = "\n"


def unread_note(unread: list[Unread], *, check_only: bool) -> str:
    """The lines that name the columns not imported and say why, or what to do; "" when every column was read."""
    if not unread:
        return ""
    lines = [MSG_UNREAD.format(columns="、".join(column.label for column in unread))]
    by_note: dict[str, list[str]] = {}
    for column in unread:
        if column.set_in_app:
            by_note.setdefault(column.set_in_app, []).append(f"“{column.header}”")
    lines += [MSG_UNREAD_SET_IN_APP.format(headers="".join(headers), note=note) for note, headers in by_note.items()]
    what = MSG_MEANT_CHECKED if check_only else MSG_MEANT_DONE
    for column in unread:
        if column.meant:
            lines.append(MSG_UNREAD_MEANT.format(header=column.header, meant=column.meant, what=what))
        elif column.same_as:
            lines.append(MSG_UNREAD_SAME.format(header=column.header, position=column.position, same=column.same_as))
    if any(not (column.set_in_app or column.meant or column.same_as) for column in unread):
        lines.append(MSG_UNREAD_OTHER)
    return UNREAD_SEPARATOR.join(lines)


def split_message(message: str) -> tuple[str, list[str]]:
    """A finished import's message as its page shows it: the counts, then the lines about columns not imported."""
    head, _, note = message.partition(UNREAD_SEPARATOR)
    return head, note.split(UNREAD_SEPARATOR) if note else []
