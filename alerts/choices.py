"""Code lists of the alerts app: stable English values, Chinese labels (DOMAIN.md "Department feeds")."""

from django.db import models

from workflow.choices import CaseStatus


class Cadence(models.TextChoices):
    # The kind alone (filters, selects, the API's cadence_display, error prefixes): words, no placeholder letter
    # (每N天一次); a feed type's own cadence, with its day or N, is alerts.models.feeds.cadence_words'.
    EVERY_N_DAYS = "every_n_days", "按固定天数报送"
    HALF_MONTHLY = "half_monthly", "每半月一次"
    # 旬, as the county counts "每10天" (seed 001 §二(四)②): 上旬 1–10, 中旬 11–20, 下旬 21 to the month's end.
    DEKAD = "dekad", "每旬一次（上旬、中旬、下旬）"
    MONTHLY_BY_DAY = "monthly_by_day", "每月按截止日报送上月数据"
    SEASONAL = "seasonal", "每年固定月份内按固定天数报送"
    ON_EVENT = "on_event", "随时报送（发生即报）"
    # Seed 001 §二(四)① "7日内推送预警信息": each event pushed within N days of the day it happened (the feed's
    # 发生日期列), not a report every N days; nothing is expected when nothing happened.
    WITHIN_DAYS = "within_days", "事件发生后限期推送"


class ColumnKind(models.TextChoices):
    ID_NUMBER = "id_number", "身份证号"
    NAME = "name", "姓名"
    TEXT = "text", "文本"
    AMOUNT = "amount", "金额（元）"
    DATE = "date", "日期"
    CHOICE = "choice", "选项"


class RuleKind(models.TextChoices):
    """The evaluators implemented in set-based SQL (alerts/ingest/staging.py); a county sets their parameters."""

    EVERY_ROW = "every_row", "每条记录都预警"
    AMOUNT_ABOVE = "amount_above", "金额超过阈值"
    VALUE_IN = "value_in", "取值属于所列值之一"


class UploadStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "处理中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class AlertStatus(models.TextChoices):
    PENDING = "pending", "待核实"
    VERIFIED = "verified", "已核实"


class AlertOutcome(models.TextChoices):
    INCLUDE = "include", "纳入监测（发起识别）"
    NOT_AT_RISK = "not_at_risk", "无返贫致贫风险"
    MONITORED = "monitored", "已是监测对象"
    MOVED = "moved", "已迁出"
    DECEASED = "deceased", "已故"
    # The department's row is wrong (the ID number names someone else than the name, say): listed for the
    # department on its outcomes page, to correct and send again (seed 001 §六 信息互通).
    WRONG_DATA = "wrong_data", "部门数据有误（姓名与身份证号不符等）"


# Verified outcomes after which the same person and rule are not alerted again for the feed type's quiet days
# (alerts.ingest.staging.raise_alerts): the fact a feed reports is cumulative (year-to-date costs, a disability),
# so its next file names the person again although nothing changed. 纳入监测 is one of them: the identification
# case it opened (or joined) now follows the household, and a new alert would only send the cadre back to tell
# "已是监测对象" (review recheck_feeds_ledgers, N2).
QUIET_OUTCOMES = (AlertOutcome.INCLUDE, AlertOutcome.NOT_AT_RISK, AlertOutcome.MONITORED)
# ... unless the identification case the verification opened, joined or pointed to has since ended without
# including the household (不予纳入 / 审核不通过: rejected; 撤回, 程序终止: withdrawn): then no one follows the person,
# and a department's next report of them is alerted again (review alertsdev, leftover 2).
CASE_NOT_INCLUDED = (CaseStatus.REJECTED, CaseStatus.WITHDRAWN)


class AlertLevel(models.TextChoices):
    """Who answers for the verification now: the village; overdue, the township; overdue again, the county."""

    VILLAGE = "village", "村级核实"
    TOWNSHIP = "township", "已上报乡镇"
    COUNTY = "county", "已上报县级"


class UnregisteredOutcome(models.TextChoices):
    """What the county found about a person a feed names who is not in the registry (未在档人员核查)."""

    REGISTER = "register", "应纳入档案（交村建档）"
    NOT_RURAL = "not_rural", "非本县农村人口"
    MOVED = "moved", "已迁出本县"
    DECEASED = "deceased", "已故"
    WRONG_DATA = "wrong_data", "部门数据有误"


class MemberMark(models.TextChoices):
    """What verifying an alert 已故 or 已迁出 did of its member in the registry (alerts.services.member_gone)."""

    MARKED = "marked", "本次核实已在农户档案中标记"
    ALREADY_MARKED = "already_marked", "档案中已登记为已故或迁出，未再标记"
    ELSEWHERE = "elsewhere", "已转入其他农户，本户档案未更改"
