"""What a finished go-live import tells its user (RegistryImport.message, shown on its page and in the audit log):
the households and members created, of the households those monitored, marked 风险消除 and given a year's income,
and the rows left out."""

from typing import Any

MSG_DONE = "导入完成：新建农户 {households} 户{of_which}、家庭成员 {members} 人。"
MSG_DONE_WITH_ERRORS = (
    "导入完成：新建农户 {households} 户{of_which}、家庭成员 {members} 人；"
    "{bad} 行有误未导入（涉及 {bad_households} 户），请下载错误清单，修改后重新上传这些行。"
)
# Of the new households: monitored ones (their status came from the national system, not a case), 风险消除 ones,
# and those whose year's income came with them (households.registry_import.income).
MSG_MONITORED = "监测对象 {n} 户"
MSG_ELIMINATED = "已标注“风险消除” {n} 户"
MSG_WITH_INCOME = "导入年度收支 {n} 户"


def _of_which(*counts: tuple[str, int]) -> str:
    """The note after the new households' count (（其中监测对象 2 户，…）), naming the non-zero counts only."""
    parts = [template.format(n=n) for template, n in counts if n]
    return f"（其中{'，'.join(parts)}）" if parts else ""


def done_message(record: Any, outcome: Any, *, bad_households: int) -> str:
    """`record` the RegistryImport with its counts, `outcome` the staging.Outcome (None: no household checked)."""
    template = MSG_DONE_WITH_ERRORS if record.rows_bad else MSG_DONE
    return template.format(
        households=record.households_created,
        members=record.rows_ok,
        bad=record.rows_bad,
        bad_households=bad_households,
        of_which=_of_which(
            (MSG_MONITORED, outcome.monitored if outcome else 0),
            (MSG_ELIMINATED, outcome.eliminated if outcome else 0),
            (MSG_WITH_INCOME, outcome.with_income if outcome else 0),
        ),
    )
