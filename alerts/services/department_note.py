"""What the note written for the reporting department may not carry (review fx_verify 1, rev-clerk 1). The department
reads the outcome of its alerts and this note only (DOMAIN.md: a clerk sees no household registry beyond the
outcome); a cadre typed a member's ID number, 低保 status, a relative's name and illness there, and the clerk read them
verbatim.

Refused (page, API: the service's check): an ID or a phone number; with the alert, the name of any member of its
household or of the head, except the names the department itself sent (the alert's rows); the registry's fixed
benefit and status words (低保, 特困, 监测对象, 脱贫户, the monitoring categories …) and its health and illness words.
The words of the outcome being recorded are allowed: the department reads them as the outcome (已是监测对象), so a
note repeating them tells it nothing more. With 已故 and 已迁出, a date (a day alone too, 5号 or 初五, and one said
from today, 去年 or 上个月, but not 今日 of 今日入户核实 recorded on the visit's day) and the 迁出原因 are refused
too: the outcome is what the department reads, while when the person died or moved and why are the member's mark in
the registry (alerts.services.member_gone; review alertsapi, finding 3). The rule is said beside the field too
(DEPARTMENT_NOTE_RULE)."""

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from django.utils import timezone

from alerts.choices import AlertOutcome
from households.choices import AssistanceStatus, Health, HouseholdType, MonitoringCategory

if TYPE_CHECKING:
    from alerts.models import Alert

DEPARTMENT_NOTE_RULE = (
    "此说明将发给报送部门：请勿填写身份证号、电话、家庭成员、病情、低保、去世或迁出的日期和原因等档案信息"
)
MSG_NOTE_ID_NUMBER = (
    "“反馈报送部门的说明”中有身份证号，不能提交：此说明将发给报送部门，请删去号码"
    "（部门数据的身份证号有误的，写“身份证号与姓名不符，请核对”即可）。"
)
MSG_NOTE_PHONE = "“反馈报送部门的说明”中有电话号码，不能提交：此说明将发给报送部门，请删去号码。"
MSG_NOTE_REGISTRY = (
    "“反馈报送部门的说明”中有农户档案信息，不能提交：{found}。此说明将发给报送部门，部门只能看到核实结果，"
    "不能看到农户档案，请删去这些内容（可写“经入户核实，情况属实”或“身份证号与姓名不符，请核对”；"
    "部门报送的姓名可以写）。"
)
FOUND_NAMES = "家庭成员姓名{words}"
FOUND_STATUS = "享受政策或身份{words}"
FOUND_HEALTH = "病情或残疾{words}"
FOUND_GONE_DATE = "{what}日期{words}"
FOUND_LEAVE_REASON = "迁出原因{words}"

# Digits a cadre may split with spaces on a phone keyboard (3604 2519 6803 1211 1X, 138 0000 1111) or hyphens.
_GAP = re.compile(r"(?<=[0-9])[\s\-]+(?=[0-9Xx])")
# Exact lengths after the gaps are closed, so that two dates or an amount are not taken for a number.
_ID_NUMBER = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
_MOBILE = re.compile(r"(?<![0-9])(?:86)?1[3-9][0-9]{9}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0[1-9][0-9]{8,10}(?![0-9])")  # area code and number: 010-12345678, 0792-1234567
_SPACES = re.compile(r"\s+")
# A day or a month, as a cadre writes one (spaces closed first): 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日,
# 2026年11月, 11月30日 (号), 11月份, 2026年; and in Chinese numerals, as a date is written by hand: 二〇二六年三月五日
# (〇, 零 or the letter O), 二零二六年三月, 三月五日, 三月份, 三月初 (中旬, 底), the lunar 正月初五 and 腊月二十三, and
# a month alone (三月去世). Not a month: 一月一次 (一月两次, 三月有余, 三月多: how often or how long), 每三月,
# 近三月, 三个月, 两月 (the 月 of a count, not of the calendar).
_CN_DIGITS = "〇零Oo○一二三四五六七八九"
_CN_MONTH = "(?:十[一二]?|[一二三四五六七八九]|正|腊|冬)"
_LUNAR_DAY = "(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]?|卅)"
_CN_DAY = f"(?:{_LUNAR_DAY}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# After a month: a day (日 or 号; without them only a day that cannot be a count's number: 初五, 二十三, 十五, not 一
# of 一月一次 nor 十 of 一月十次), or a part of the month.
_DAY = (
    f"(?:(?:[0-9]{{1,2}}|{_CN_DAY})[日号]|{_LUNAR_DAY}|[二三]?十[一二三四五六七八九]?(?![次回趟遍个天])"
    "|份|上旬|中旬|下旬|初|中|底|末)"
)
_COUNT_AFTER = "(?:[一二两三四五六七八九十几]?[次回趟遍]|有余|之久|多|余)"
_COUNT_BEFORE = "〇零一二三四五六七八九十两几第每隔近满约共前后"
# A day alone (5号去世, 5日, 十五号, 二十三日, 初五): not the 号 of a building, a line or a document (3号楼, 5号文件),
# nor a day counted (近5日, 3日内, 一日三餐: 日 after a single Chinese numeral is a count), nor 初三 the school year
# (读初三, 初三学生).
_NOT_DAY_AFTER = "楼栋室房院门组线床文内"
_ALONE_DAY = (
    f"(?<![0-9月./\\-路街巷道弄{_COUNT_BEFORE}])[0-9]{{1,2}}[日号](?![{_NOT_DAY_AFTER}]|{_COUNT_AFTER})"
    f"|(?<![月{_COUNT_BEFORE}])(?:{_CN_DAY}号|(?:[二三]十[一二三四五六七八九]?|十[一二三四五六七八九])日)"
    f"(?![{_NOT_DAY_AFTER}]|{_COUNT_AFTER})"
    f"|(?<![月读上念{_COUNT_BEFORE}]){_LUNAR_DAY}(?![学年级班生])"
)
# A day said from today (昨天去世, 上个月迁出, 去年, 前年, 上周, 三天前): as much a date as one written out. Not the
# 前 of 目前 (目前年收入), 生前 or 之前 alone, which say no day.
_RELATIVE = (
    f"(?:(?<![目当之以提大])前|大前|去|今)年(?:(?:[0-9]{{1,2}}|{_CN_MONTH})月{_DAY}?)?|上半年|下半年|(?<!每)年[初底末]"
    f"|(?:上上?个?|本|这个?)月{_DAY}?|上上?个?(?:周|星期|礼拜)|本周|这个?(?:周|星期|礼拜)"
    "|大?前天|昨天|今天|前日|昨日|今日|昨晚|昨夜|今早|今晨|前几天|前些天|前些日子|前段时间|前阵子"
    "|[0-9一二两三四五六七八九十几半数]+个?(?:天|日|周|星期|礼拜|月|年)(?:以前|之前|前)"
)
_DATE = re.compile(
    r"(?<![0-9])[0-9]{4}[\-./][0-9]{1,2}[\-./][0-9]{1,2}"
    f"|(?:(?<![0-9])[0-9]{{4}}|(?<![{_CN_DIGITS}])[{_CN_DIGITS}]{{4}})年(?:(?:[0-9]{{1,2}}|{_CN_MONTH})月{_DAY}?)?"
    f"|{_RELATIVE}"
    f"|(?<![0-9])[0-9]{{1,2}}月{_DAY}?"
    f"|(?<![{_COUNT_BEFORE}]){_CN_MONTH}月(?:{_DAY}|(?!{_COUNT_AFTER}))"
    f"|{_ALONE_DAY}"
)
# 今天/今日 naming the visit being recorded (今日入户核实, 今天上门核查时得知已迁走): a visit word follows in the same
# clause, with no word of the death or the move between (今日去世，入户核实 and 今天病故后入户 stay refused). It is
# the visit's day, which the department reads with the outcome anyway, only when the visit is recorded on its day.
_VISIT_WORDS = "入户|核实|核查|走访|上门|到户|实地|调查|回访"
_TODAY_VISIT = re.compile(f"(?:今天|今日)(?=[^，,。.；;！!？?、\\s迁故亡死逝世殁]{{0,8}}?(?:{_VISIT_WORDS}))")
_TODAY_WORDS = ("今天", "今日")
MSG_TODAY_VISIT = (
    "“今天”“今日”只能用来说入户核实的当天（如“今日入户核实”），且核实日期须是今天；去世或迁出是哪天不要写。"
    "核实日期不是今天的，请写“经入户核实”（核实日期另有记录）。"
)
GONE_WORDS = {AlertOutcome.DECEASED: "去世", AlertOutcome.MOVED: "迁出"}
# The registry's 迁出原因 (households.member_reasons.LeaveReason, as a cadre chooses them) and their short forms.
LEAVE_WORDS: tuple[str, ...] = ("婚出", "出嫁", "外出务工", "务工", "升学", "参军", "入伍")

# The registry's benefit and status words: its code lists' labels (households.choices; 一般农户 and 无 say nothing
# of a benefit), their short forms, and the words of the monitoring and 社会救助 (DOMAIN.md "Code lists").
STATUS_WORDS: tuple[str, ...] = (
    *(str(label) for value, label in AssistanceStatus.choices if value != AssistanceStatus.NONE),
    *(str(label) for value, label in HouseholdType.choices if value != HouseholdType.ORDINARY),
    *(str(label) for label in MonitoringCategory.labels),
    "低保",
    "特困",
    "五保",
    "临时救助",
    "监测对象",
    "监测户",
    "防返贫监测",
    "贫困户",
    "建档立卡",
)
# The registry's health labels (健康 says nothing) and the illnesses a cadre names for them.
HEALTH_WORDS: tuple[str, ...] = (
    *(str(label) for value, label in Health.choices if value != Health.HEALTHY),
    "大病",
    "重病",
    "慢性病",
    "残疾证",
    "高血压",
    "糖尿病",
    "心脏病",
    "脑梗",
    "中风",
    "偏瘫",
    "瘫痪",
    "癌",
    "肿瘤",
    "白血病",
    "尿毒症",
    "透析",
    "精神病",
    "精神分裂",
    "智力障碍",
)


def department_note_problem(
    text: str, alert: "Alert | None" = None, outcome: str = "", *, visited_on: dt.date | None = None
) -> str:
    """The refusal for a note to the department that carries an ID or a phone number, or registry words (names of
    the alert's household, when the alert is given; benefits, statuses, illnesses), "" when it carries none.
    `outcome`: the outcome recorded with the note, whose label (已是监测对象) the department reads anyway.
    `visited_on`: the day of the visit being recorded; when it is today, 今天/今日 naming that visit (_TODAY_VISIT)
    is no date of the death or the move. Full-width digits (１３８…) count as digits; spaces inside a name or word
    do not hide it."""
    normal = unicodedata.normalize("NFKC", text or "")
    joined = _GAP.sub("", normal)
    if _ID_NUMBER.search(joined):
        return MSG_NOTE_ID_NUMBER
    if _MOBILE.search(joined) or _LANDLINE.search(joined):
        return MSG_NOTE_PHONE
    text = _without_outcome(_SPACES.sub("", normal), outcome)
    return _registry_problem(text, alert, outcome, visit_today=visited_on == timezone.localdate())


def _without_outcome(text: str, outcome: str) -> str:
    """The text with the recorded outcome's label cut out (and its short form, before a bracket: 部门数据有误)."""
    if outcome not in AlertOutcome.values:
        return text
    label = str(AlertOutcome(outcome).label)
    for words in sorted({label, label.split("（")[0]}, key=len, reverse=True):
        text = text.replace(_SPACES.sub("", words), "|")
    return text


def _registry_problem(text: str, alert: "Alert | None", outcome: str = "", *, visit_today: bool = False) -> str:
    found = []
    if alert is not None and (names := _found(_without_sent_names(text, alert), _household_names(alert))):
        found.append(FOUND_NAMES.format(words=names))
    if words := _found(text, _not_sent(STATUS_WORDS, alert)):
        found.append(FOUND_STATUS.format(words=words))
    if words := _found(text, _not_sent(HEALTH_WORDS, alert)):
        found.append(FOUND_HEALTH.format(words=words))
    dates: list[str] = []
    if outcome in GONE_WORDS:
        dates = _gone_dates(text, alert, visit_today)
        if dates:
            found.append(FOUND_GONE_DATE.format(what=GONE_WORDS[outcome], words="".join(f"“{d}”" for d in dates)))
        if words := _found(_without_sent_names(text, alert) if alert else text, _not_sent(LEAVE_WORDS, alert)):
            found.append(FOUND_LEAVE_REASON.format(words=words))
    if not found:
        return ""
    refusal = MSG_NOTE_REGISTRY.format(found="、".join(found))
    return refusal + MSG_TODAY_VISIT if any(word in day for day in dates for word in _TODAY_WORDS) else refusal


def _gone_dates(text: str, alert: "Alert | None", visit_today: bool) -> list[str]:
    """For 已故 and 已迁出: the dates the note gives, once each. The names the department sent are its own, not a
    date: 李腊月 is not the month 腊月; nor is 今日 of 今日入户核实 when the visit is recorded on its day."""
    if alert is not None:
        text = _without_sent_names(text, alert)
    if visit_today:
        text = _TODAY_VISIT.sub("|", text)
    return list(dict.fromkeys(_DATE.findall(text)))


def _not_sent(words: tuple[str, ...], alert: "Alert | None") -> tuple[str, ...]:
    """The words less those of what the department sent itself (its rule, its row's detail, its feed's name):
    卫健's 新增大病患者 is answered "经核实未患大病", 民政's 新增低保 "该户并未新增低保", telling it nothing of the
    registry."""
    if alert is None:
        return words
    own = _SPACES.sub("", f"{alert.rule_name}{alert.detail}{alert.feed_type.name}")
    return tuple(word for word in words if word not in own)


def _found(text: str, words: list[str] | tuple[str, ...]) -> str:
    """The words the text holds, longest first, quoted ("“低保”“特困”"); a word inside a longer one found (低保 in
    低保户 is said once, as 低保; 特困 in 特困供养 once, as 特困供养) is not repeated."""
    hits: list[str] = []
    for word in sorted(set(words), key=len, reverse=True):
        if word and word in text and not any(word in hit for hit in hits):
            hits.append(word)
    return "".join(f"“{hit}”" for hit in sorted(hits, key=text.index))


def _household_names(alert: "Alert") -> list[str]:
    """The names of the household's members (whatever their status) and its head, spaces aside."""
    household = alert.household
    names = [*household.members.values_list("name", flat=True), household.head_name]
    return [_SPACES.sub("", name) for name in names if name and _SPACES.sub("", name)]


def _without_sent_names(text: str, alert: "Alert") -> str:
    """The text with the names the department sent for the alert's rows cut out: it may name its own row's person,
    even where that is the member's own name (张三丰 takes 张三 with it)."""
    sent = {_SPACES.sub("", name) for _line, name in alert.reported_names}
    for name in sorted((name for name in sent if name), key=len, reverse=True):
        text = text.replace(name, "|")
    return text
