"""Health details of department feeds for read-only roles (DOMAIN.md "Privacy": illness and disability are
sensitive under PIPL). A feed of 卫健, 医保 or 残联, or a rule of the medical-cost risk type, names a person's
diagnosis, medical bills or disability in its alert's detail (疾病名称：白血病). Those who see personal numbers masked
(households.privacy: officials, the leading group) need counts, not who has which disease. The rule's and the feed
type's names are health details too beside a person's name (新增大病患者, 未参加城乡居民医疗保险), so those roles read
the department's generic label (卫健部门预警) for both, the detail hidden, and the cadre's note on such an alert
likewise. The pages, the API and the ledger (reports.ledgers.alerts) all ask here."""

from collections.abc import Callable
from typing import Any

from django.db.models import Case, CharField, F, Q, Value, When

from accounts.choices import Department
from alerts.models.uploads import clerk_department
from households.choices import RiskType
from households.idnumber import mask
from households.privacy import _ID_IN_TEXT, sees_personal_numbers

HIDDEN = "（已隐去）"
HEALTH_DEPARTMENTS = (Department.HEALTH, Department.MEDICAL_INSURANCE, Department.DISABLED_FEDERATION)
HEALTH_RISK_TYPES = (RiskType.MEDICAL_COST,)


def is_health_alert(*, department: str, risk_type: str) -> bool:
    return department in HEALTH_DEPARTMENTS or risk_type in HEALTH_RISK_TYPES


def health_alert_q(prefix: str = "") -> Q:
    """The same test over alerts in SQL (`prefix`: the path to the alert, e.g. "alert__")."""
    return Q(**{f"{prefix}department__in": list(HEALTH_DEPARTMENTS)}) | Q(
        **{f"{prefix}rule__risk_type__in": list(HEALTH_RISK_TYPES)}
    )


def hides_health(user: Any) -> bool:
    """Read-only registry roles; not the department's clerks, who sent the detail themselves."""
    return clerk_department(user) is None and not sees_personal_numbers(user)


# The short names a county uses for its departments; the generic label of a hidden alert is built from them.
DEPARTMENT_SHORT_NAMES = {
    Department.EMERGENCY: "应急",
    Department.HEALTH: "卫健",
    Department.EDUCATION: "教育",
    Department.MEDICAL_INSURANCE: "医保",
    Department.HOUSING: "住建",
    Department.WATER: "水利",
    Department.HUMAN_RESOURCES: "人社",
    Department.CIVIL_AFFAIRS: "民政",
    Department.DISABLED_FEDERATION: "残联",
    Department.AGRICULTURE: "农业农村",
    Department.PUBLIC_SECURITY: "公安",
    Department.CYBERSPACE: "网信",
    Department.RURAL_REVITALIZATION: "乡村振兴",
    Department.DEVELOPMENT_REFORM: "发改",
    Department.INDUSTRY_IT: "工信",
    Department.FINANCE: "财政",
    Department.SCIENCE_TECHNOLOGY: "科技",
    Department.FORESTRY: "林业",
    Department.COMMERCE: "商务",
    Department.TRANSPORT: "交通运输",
    Department.NATURAL_RESOURCES: "自然资源",
    Department.STATE_ASSETS: "国资",
    Department.MARKET_REGULATION: "市场监管",
    Department.TAXATION: "税务",
    Department.PEOPLES_BANK: "人民银行",
    Department.BANKING_INSURANCE: "银保监",
    Department.ORGANIZATION: "组织",
    Department.PUBLICITY: "宣传",
    Department.UNITED_FRONT: "统战",
    Department.POLITICS_LAW: "政法",
    Department.CIVILIZATION_OFFICE: "文明办",
    Department.ORGANS_WORK_COMMITTEE: "机关工委",
    Department.SUPPLY_MARKETING: "供销",
    Department.SCIENCE_ASSOCIATION: "科协",
    Department.TRADE_UNION: "工会",
    Department.WOMEN_FEDERATION: "妇联",
    Department.YOUTH_LEAGUE: "共青团",
    Department.COMMERCE_FEDERATION: "工商联",
}


def health_label(department: str) -> str:
    """What a read-only role reads for the rule and the feed type of a health alert: 卫健部门预警; a medical-cost
    rule of another department is labelled with that department."""
    return f"{DEPARTMENT_SHORT_NAMES.get(department, department)}部门预警"


def hides_alert_health(user: Any, alert: Any) -> bool:
    return hides_health(user) and is_health_alert(department=alert.department, risk_type=alert.rule.risk_type)


def recorded_name(alert: Any) -> str:
    """How a record that outlives the alert (a case's note, the audit log's summary) names it: its feed type and
    rule, or for a health alert its department's label, since those records are read by roles that do not read
    health details and the text is written once for all."""
    if is_health_alert(department=alert.department, risk_type=alert.rule.risk_type):
        return health_label(alert.department)
    return f"{alert.feed_type.name}，{alert.rule_name}"


def hidden_detail(department: str) -> str:
    return f"{health_label(department)}：{HIDDEN}"


def shown_alert_detail(user: Any, alert: Any) -> str:
    """The alert's detail as `user` may read it."""
    return hidden_detail(alert.department) if hides_alert_health(user, alert) else alert.detail


def shown_alert_rule_name(user: Any, alert: Any) -> str:
    """The alert's rule name as `user` may read it: the name it was raised under (Alert.rule_name)."""
    return health_label(alert.department) if hides_alert_health(user, alert) else alert.rule_name


def shown_feed_name(user: Any, alert: Any) -> str:
    """The name of the alert's feed type as `user` may read it."""
    return health_label(alert.department) if hides_alert_health(user, alert) else alert.feed_type.name


def hidden_sql(field: str, label: Callable[[str], str] = health_label) -> Case:
    """For a role that hides_health: the alert's `field` ("detail", "rule_name", "feed_type__name"), or for a
    health alert `label(department)` (health_label, or hidden_detail for the detail), in SQL."""
    health = health_alert_q()
    labels = [When(health & Q(department=value), then=Value(label(value))) for value in Department.values]
    return Case(*labels, default=F(field), output_field=CharField())


def shown_alert_note(user: Any, alert: Any, note: str | None = None) -> str:
    """A verification note as `user` may read it (a cadre writes what the visit found: the illness, the bills):
    `note` the alert's outcome_note by default, or its department_note. The department is never given the
    outcome_note (alerts.api_outcomes OutcomeSerializer, templates/alerts/outcomes.html)."""
    note = alert.outcome_note if note is None else note
    if note and hides_alert_health(user, alert):
        return HIDDEN
    return note


def health_feed_ids() -> set[int]:
    """The feed types whose rows carry health details: a health department's, or one with a medical-cost rule."""
    from alerts.models import FeedType

    feeds = FeedType.objects.filter(department__in=list(HEALTH_DEPARTMENTS))
    medical = FeedType.objects.filter(rules__risk_type__in=list(HEALTH_RISK_TYPES))
    return set(feeds.values_list("pk", flat=True)) | set(medical.values_list("pk", flat=True))


def shown_feed_detail(user: Any, detail: str, feed_type_ids: list[int], health_ids: set[int]) -> str:
    """A detail of a person the registry does not hold (未在档人员), named by the feed types `feed_type_ids`."""
    if detail and hides_health(user) and health_ids.intersection(feed_type_ids):
        return HIDDEN
    return detail


MSG_FEED_TYPE_HIDDEN = (
    "健康类数据类型（卫健、医保、残联等）的预警对您的角色只显示为“卫健部门预警”等，不能按其数据类型筛选。"
)


def masked_feed_ids(user: Any) -> set[int]:
    """The feed types `user` reads only as their department's label (hides_health): the alert filters neither offer
    nor accept them one by one (picking 新增大病患者 would list exactly the persons of that disease), and the uploads
    do not name them."""
    return health_feed_ids() if hides_health(user) else set()


def shown_upload_names(user: Any, upload: Any, masked: set[int] | None = None) -> tuple[str, str]:
    """An upload's feed type name and file name as `user` may read them (`masked`: masked_feed_ids(user), given
    when a list asks for many): a health feed's are its department's label and HIDDEN."""
    masked = masked_feed_ids(user) if masked is None else masked
    if upload.feed_type_id in masked:
        return health_label(upload.department), HIDDEN
    return upload.feed_type.name, upload.original_name


UPLOAD_MESSAGE_HELP = (
    "处理结果；提示同一身份证号多行报送时举例的身份证号，上传部门和县级业务人员看到全号，"
    "其他只读角色看到脱敏号码（如 3604**********001X）"
)


def shown_upload_message(user: Any, upload: Any) -> str:
    """An upload's result message as `user` may read it. The warning of an ID number on several rows quotes the
    numbers (alerts.ingest.file_repeats): in full to the department's clerks, whose file it is (as they read its
    unregistered rows), and to those who see personal numbers; masked (3604**********001X) to the read-only roles,
    every number of an ID number's shape, whatever its check character."""
    message = upload.message
    if not message or clerk_department(user) is not None or sees_personal_numbers(user):
        return message
    return _ID_IN_TEXT.sub(lambda found: mask(found.group(0).upper()), message)
