"""The feeds of seed 001 §二(四) ①–⑨, one feed type per department and item, with columns, accepted header
aliases, accepted answers to a yes/no header and alert rules. Loaded by migration 0002; afterwards the county
edits them in the admin. Thresholds the seed does not fix (医保 out-of-pocket) are the county's starting values.

Seed 001 is one county's document (涞源县), not the rule of the county running the system, so the basis text
names the kind of document, not its number: the county writes its own in each feed type's 依据."""

import datetime as dt
from decimal import Decimal
from typing import Any

from households import idnumber

NAME = ("name", "姓名", "name", True, "人员姓名、户主姓名、患者姓名、学生姓名、当事人姓名", "", "张大山")
# The templates' example ID number: division 999999 exists in no province (GB/T 2260), so no person holds it.
EXAMPLE_ID = idnumber.make("999999", dt.date(1980, 1, 1), 1)
# Templates downloaded before carried this one (a real division, 涞源县) as a row on the data sheet; a clerk who
# typed below it without deleting it sent it as a person. Both are refused as rows (alerts.ingest.cleaning).
TEMPLATE_EXAMPLE_IDS = (EXAMPLE_ID, idnumber.make("130630", dt.date(1968, 3, 12), 11))
ID = (
    "id_number",
    "身份证号",
    "id_number",
    True,
    "证件号码、公民身份号码、身份证号码、身份证件号码、证件号、居民身份证号、身份证",
    "",
    "",
)


def _date(key: str, header: str, aliases: str = "", required: bool = True) -> tuple[Any, ...]:
    return (key, header, "date", required, aliases, "", "2026-10-08")


def _amount(key: str, header: str, aliases: str = "", required: bool = True, not_above: str = "") -> tuple[Any, ...]:
    """`not_above`: the amount column this one may not exceed (FeedColumn.not_above)."""
    return (key, header, "amount", required, aliases, "", "25000.00", *([not_above] if not_above else []))


def _text(key: str, header: str, aliases: str = "", example: str = "", required: bool = True) -> tuple[Any, ...]:
    return (key, header, "text", required, aliases, "", example)


def _choice(key: str, header: str, choices: str, aliases: str = "", example: str = "") -> tuple[Any, ...]:
    return (key, header, "choice", True, aliases, choices, example or choices.split("、")[0])


# An amount rule's starting 重新预警增加额 (AlertRule.rise_amount): a tenth of its threshold.
RISE_SHARE = Decimal("0.1")
# Verification days. Seed 001 §三 gives the whole identification 15 days "自发现返贫致贫风险之日起，至履行完认定程序纳入
# 监测", the visit (入户核查核实) its first step; a case opened from an alert counts from the alert's raise date
# (alerts.services.verification), so an ordinary feed gets no more than a sudden one (①, ⑦): 7 days, then the
# escalation's 3 + 3 (alerts.services.due), leaving the village review, publicity and approval days in the 15.
SUDDEN = ORDINARY = 7
# Generic: the county writes its own document in the admin (依据). Migration generic_feed_basis rewrote OLD_ITEM.
ITEM = "县防止返贫监测帮扶工作领导小组办公室关于筛查预警的文件·部门预警信息"
OLD_ITEM = "涞源县〔2022〕3号 二(四)"

# A department's file often has a yes/no question for a choice column's header (是否参保, 参加城乡居民医保) and
# answers it: per choice value, the other ways a file writes it. A choice column accepts those of its own values'
# aliases that name only one of them (alerts.ingest.layout.value_aliases); the cleaning writes the value.
VALUE_ALIASES: dict[str, tuple[str, ...]] = {
    "已参保": ("是", "参保", "已参加", "参加"),
    "未参保": ("否", "未参加", "不参加"),
}

FEEDS: list[dict[str, Any]] = [
    {
        "code": "emergency-disaster", "name": "因灾因疫等突发风险人员", "department": "emergency", "item": "①",
        "population": "遭受自然灾害、疫情等突发事件的农村人口", "cadence": "within_days", "days": 7,
        "event": "occurred_on", "verify": SUDDEN,
        "columns": [NAME, ID, _text("event", "灾害类型", "灾种、灾害种类", "洪涝"),
                    _date("occurred_on", "发生日期", "受灾日期、发生时间"),
                    _amount("loss", "损失金额", "直接经济损失、损失金额（元）、直接经济损失（元）", required=False)],
        "rules": [("every-row", "遭受灾害、疫情等突发事件", "every_row", "", None, "", "disaster_loss")],
    },
    {
        "code": "health-sudden", "name": "因疫等突发公共卫生事件困难人员", "department": "health", "item": "①",
        "population": "受突发公共卫生事件影响的农村人口", "cadence": "within_days", "days": 7,
        "event": "occurred_on", "verify": SUDDEN,
        "columns": [NAME, ID, _text("event", "事件类型", "事件名称", "传染病"), _date("occurred_on", "发生日期")],
        # An epidemic is none of the first nine seed types: 其他 until the visit finds its effect (migration 0024).
        "rules": [("every-row", "受突发公共卫生事件影响", "every_row", "", None, "", "other")],
    },
    {
        "code": "education-dropout", "name": "新增失学辍学学生", "department": "education", "item": "①",
        "population": "义务教育阶段农村学生", "cadence": "within_days", "days": 7, "event": "left_on",
        "verify": SUDDEN,
        "columns": [NAME, ID, _text("school", "学校名称", "就读学校、学校", "城南小学"),
                    _date("left_on", "辍学日期", "失学日期、离校日期")],
        "rules": [("dropout", "义务教育阶段失学辍学", "every_row", "", None, "", "school_dropout")],
    },
    {
        "code": "medical-cost-monitored", "name": "高额医疗费用（脱贫人口和监测对象）",
        "department": "medical_insurance", "item": "②", "population": "脱贫人口和防止返贫监测对象",
        "cadence": "dekad", "verify": ORDINARY,
        "columns": [NAME, ID, _amount("total", "累计医疗总费用", "医疗总费用、总费用", required=False),
                    _amount("out_of_pocket", "累计个人自付费用", "个人自付费用、自付金额、个人负担金额、累计自付",
                            not_above="total"),
                    _date("settled_on", "结算日期", "最近结算日期", required=False)],
        "rules": [("out-of-pocket", "年度累计个人自付医疗费用超过阈值", "amount_above", "out_of_pocket",
                   Decimal("10000"), "", "medical_cost")],
    },
    {
        "code": "medical-cost-rural", "name": "高额医疗费用（其他农村参保人员）", "department": "medical_insurance",
        "item": "②", "population": "脱贫人口和监测对象以外的农村参保人员", "cadence": "monthly_by_day",
        "due_day": 10, "verify": ORDINARY,
        "columns": [NAME, ID, _amount("total", "累计医疗总费用", "医疗总费用、总费用", required=False),
                    _amount("out_of_pocket", "累计个人自付费用", "个人自付费用、自付金额、个人负担金额、累计自付",
                            not_above="total")],
        "rules": [("out-of-pocket", "年度累计个人自付医疗费用超过阈值", "amount_above", "out_of_pocket",
                   Decimal("20000"), "", "medical_cost")],
    },
    {
        "code": "housing-safety", "name": "农村住房安全鉴定", "department": "housing", "item": "③",
        "population": "农村住房", "cadence": "half_monthly", "verify": ORDINARY,
        "columns": [NAME, ID, _choice("grade", "房屋鉴定等级", "A、B、C、D", "鉴定等级、安全等级、危房等级", "C"),
                    _date("assessed_on", "鉴定日期")],
        "rules": [("grade-cd", "住房鉴定为C级或D级危房", "value_in", "grade", None, "C、D", "unsafe_housing")],
    },
    {
        "code": "water-safety", "name": "饮水安全问题", "department": "water", "item": "③",
        "population": "农村供水覆盖人口", "cadence": "half_monthly", "verify": ORDINARY,
        "columns": [NAME, ID, _text("problem", "问题类型", "饮水问题", "水质不达标"), _date("found_on", "发现日期")],
        "rules": [("every-row", "饮水安全不达标", "every_row", "", None, "", "unsafe_water")],
    },
    {
        "code": "employment", "name": "失业人员", "department": "human_resources", "item": "③",
        "population": "农村劳动力", "cadence": "half_monthly", "verify": ORDINARY,
        "columns": [NAME, ID, _choice("status", "就业状态", "就业、失业", "就业失业状态、就业情况", "失业"),
                    _date("registered_on", "登记日期", "失业登记日期")],
        "rules": [("unemployed", "登记失业", "value_in", "status", None, "失业", "unemployment")],
    },
    {
        "code": "health-serious-illness", "name": "新增大病患者", "department": "health", "item": "③",
        "population": "农村人口", "cadence": "half_monthly", "verify": ORDINARY,
        "columns": [NAME, ID, _text("disease", "疾病名称", "病种、诊断", "恶性肿瘤"),
                    _date("diagnosed_on", "确诊日期", "诊断日期")],
        "rules": [("every-row", "新增大病患者", "every_row", "", None, "", "medical_cost")],
    },
    {
        "code": "civil-affairs-assistance", "name": "新增低保、特困、临时救助对象", "department": "civil_affairs",
        "item": "③", "population": "农村低收入人口", "cadence": "half_monthly", "verify": ORDINARY,
        "columns": [NAME, ID, _choice("kind", "救助类型", "低保、特困、临时救助", "保障类别、救助类别、救助类型名称"),
                    _amount("amount", "救助金额", "救助金额（元）", required=False), _date("approved_on", "批准日期")],
        "rules": [("new-assistance", "新纳入低保、特困或临时救助", "value_in", "kind", None, "低保、特困、临时救助",
                   "low_income")],
    },
    {
        "code": "disability-severe", "name": "重度残疾人", "department": "disabled_federation", "item": "③",
        "population": "持证残疾人", "cadence": "half_monthly", "verify": ORDINARY,
        "columns": [NAME, ID, _text("category", "残疾类别", "残疾类型", "肢体", required=False),
                    _choice("grade", "残疾等级", "一级、二级、三级、四级", "等级", "一级"),
                    _date("certified_on", "发证日期", "办证日期")],
        "rules": [("severe", "新增一、二级重度残疾人", "value_in", "grade", None, "一级、二级", "medical_cost")],
    },
    {
        "code": "agriculture-industry", "name": "产业风险", "department": "agriculture", "item": "④",
        "population": "发展产业的农户", "cadence": "on_event", "verify": ORDINARY,
        "columns": [NAME, ID, _text("project", "产业项目", "项目名称", "生猪养殖"),
                    _text("risk", "风险情况", "受损情况", "疫病致存栏损失"),
                    _amount("loss", "损失金额", "损失金额（元）", required=False)],
        "rules": [("every-row", "产业项目失败或受损", "every_row", "", None, "", "business_failure")],
    },
    {
        "code": "education-freshmen", "name": "家庭经济特别困难大学新生", "department": "education", "item": "⑤",
        "population": "当年录取的农村大学新生", "cadence": "seasonal", "days": 7, "window": (9, 10),
        "verify": ORDINARY,
        "columns": [NAME, ID, _text("college", "录取院校", "院校名称、录取学校", "河北大学"),
                    _date("enrolled_on", "录取日期", "入学日期", required=False)],
        "rules": [("every-row", "家庭经济特别困难大学新生", "every_row", "", None, "", "other")],
    },
    {
        "code": "health-uninsured-cost", "name": "未参保及累计医疗支出超过2万元人员", "department": "health",
        "item": "⑥", "population": "农户人口", "cadence": "monthly_by_day", "due_day": 5, "verify": ORDINARY,
        "columns": [NAME, ID, _choice("insured", "参保状态", "已参保、未参保", "是否参保、参加城乡居民医保", "未参保"),
                    _amount("spending", "当年累计医疗支出", "累计支出、累计医疗费用、当年度累计支出")],
        "rules": [("uninsured", "未参加城乡居民医疗保险", "value_in", "insured", None, "未参保", "medical_cost"),
                  ("spending", "当年度截至上月底累计支出超过20000元", "amount_above", "spending", Decimal("20000"),
                   "", "medical_cost")],
    },
    {
        "code": "police-casualty", "name": "交通事故伤亡和重大财产损失", "department": "public_security",
        "item": "⑦", "population": "农村人口", "cadence": "monthly_by_day", "due_day": 5, "verify": SUDDEN,
        "event": "occurred_on",  # not pushed within N days, but each row an event: a later one is alerted again
        "columns": [NAME, ID, _choice("event", "事件类型", "交通事故伤亡、重大财产损失", "类别", "交通事故伤亡"),
                    _date("occurred_on", "发生日期", "事发日期"),
                    _amount("loss", "损失金额", "损失金额（元）", required=False)],
        "rules": [("casualty", "交通事故致人身伤亡", "value_in", "event", None, "交通事故伤亡", "disaster_loss"),
                  ("property", "重大财产损失", "value_in", "event", None, "重大财产损失", "disaster_loss")],
    },
    {
        "code": "cyberspace-media", "name": "网络媒体报道生活困难人员", "department": "cyberspace", "item": "⑧",
        "population": "农户人口", "cadence": "monthly_by_day", "due_day": 5, "verify": ORDINARY,
        "columns": [NAME, ID, _text("platform", "报道平台", "媒体、平台", "某短视频平台"),
                    _text("hardship", "困难情况", "报道内容", "因病求助"), _date("reported_on", "报道日期")],
        "rules": [("every-row", "网络媒体报道生活困难、寻求救助", "every_row", "", None, "", "other")],
    },
    {
        "code": "rural-petition", "name": "信访反映生活困难人员", "department": "rural_revitalization", "item": "⑨",
        "population": "农户人口", "cadence": "monthly_by_day", "due_day": 5, "verify": ORDINARY,
        "columns": [NAME, ID, _text("matter", "信访事项", "反映问题", "因病生活困难"),
                    _date("petitioned_on", "信访日期")],
        "rules": [("every-row", "信访反映生活困难、寻求救助", "every_row", "", None, "", "other")],
    },
]  # fmt: skip


# 七严四甄别 (seed 000; 003 §二 2(2)): departments' own records of what may exclude a household from monitoring. A
# matched row registers an exclusion fact on the member (source 部门数据) instead of raising an alert. Seeded
# switched off: each county agrees with its departments which of these they send, then switches them on.
EXCLUSION_FEEDS: list[dict[str, Any]] = [
    {
        "code": "police-vehicles", "name": "农户家庭成员名下机动车（七严四甄别）", "department": "public_security",
        "item": "七严四甄别", "population": "农户人口", "cadence": "monthly_by_day", "due_day": 5,
        "verify": ORDINARY, "active": False, "basis": "七严四甄别：家中有消费型轿车",
        "columns": [NAME, ID, _text("plate", "号牌号码", "车牌号、车牌号码、号牌", "赣G12345"),
                    _text("vehicle_type", "车辆类型", "车型、车辆种类", "小型轿车"),
                    _date("registered_on", "初次登记日期", "登记日期、注册日期", required=False)],
        "rules": [("car", "名下有消费型轿车", "value_in", "vehicle_type", None,
                   "小型轿车、中型轿车、大型轿车、小型普通客车、小型越野客车", "other", "car")],
    },
    {
        "code": "housing-commercial", "name": "农户家庭成员城镇商品房备案（七严四甄别）", "department": "housing",
        "item": "七严四甄别", "population": "农户人口", "cadence": "monthly_by_day", "due_day": 5,
        "verify": ORDINARY, "active": False, "basis": "七严四甄别：城镇购有商品房",
        "columns": [NAME, ID, _text("address", "房屋坐落", "坐落、房屋地址、地址", "永修县城某小区3栋"),
                    _date("filed_on", "备案日期", "网签日期、登记日期", required=False)],
        "rules": [("commercial-property", "城镇购有商品房", "every_row", "", None, "", "other",
                   "commercial_property")],
    },
    {
        "code": "hr-public-funded", "name": "财政供养人员（七严四甄别）", "department": "human_resources",
        "item": "七严四甄别", "population": "机关事业单位在编人员", "cadence": "monthly_by_day", "due_day": 5,
        "verify": ORDINARY, "active": False, "basis": "七严四甄别：家中有财政供养人员",
        "columns": [NAME, ID, _text("employer", "工作单位", "单位名称、所在单位", "某镇人民政府")],
        "rules": [("public-funded", "财政供养人员", "every_row", "", None, "", "other", "public_funded")],
    },
]  # fmt: skip


def _has_field(model: Any, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def load_presets(feed_model: Any, column_model: Any, rule_model: Any, feeds: list[dict[str, Any]] = FEEDS) -> None:
    """Create the seeded feed types that do not exist yet (by code); existing ones are the county's own."""
    for spec in feeds:
        if feed_model.objects.filter(code=spec["code"]).exists():
            continue
        window = spec.get("window", (None, None))
        feed = feed_model.objects.create(
            code=spec["code"],
            name=spec["name"],
            department=spec["department"],
            seed_item=spec.get("basis") or f"{ITEM}{spec['item']}",
            population=spec["population"],
            cadence=spec["cadence"],
            cadence_days=spec.get("days", 0),
            due_day=spec.get("due_day", 0),
            window_start_month=window[0],
            window_end_month=window[1],
            verify_days=spec["verify"],
            is_active=spec.get("active", True),
            # Migration 0002's historical model has no 发生日期列 yet: 0019 sets it on the feeds loaded there.
            **({"event_column": spec["event"]} if "event" in spec and _has_field(feed_model, "event_column") else {}),
        )
        for order, (key, header, kind, required, aliases, choices, example, *checks) in enumerate(spec["columns"]):
            # Migration 0002's historical model has no 不得大于的列 yet: 0022 sets it on the feeds loaded there.
            check = {"not_above": checks[0]} if checks and _has_field(column_model, "not_above") else {}
            column_model.objects.create(
                feed_type=feed,
                order=order,
                key=key,
                header=header,
                kind=kind,
                required=required,
                aliases=aliases,
                choices=choices,
                example=example,
                **check,
            )
        for code, name, kind, column, threshold, values, risk, *exclusion in spec["rules"]:
            extra = {"exclusion_kind": exclusion[0]} if exclusion else {}
            # Migrations before 0028 have no 重新预警增加额 yet: 0028 sets it on the rules loaded there.
            if threshold is not None and _has_field(rule_model, "rise_amount"):
                extra["rise_amount"] = (threshold * RISE_SHARE).quantize(Decimal("0.01"))
            rule_model.objects.create(
                feed_type=feed,
                code=code,
                name=name,
                kind=kind,
                column_key=column,
                threshold=threshold,
                values=values,
                risk_type=risk,
                **extra,
            )
