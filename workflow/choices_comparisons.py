"""Code lists of the county's department comparison (部门比对): what is checked per family member, seed 000
§三(三)3 ("七严四甄别": commercial property, vehicles, deposits and wealth products, securities, businesses;
housing fund, income tax and insurance payments)."""

from django.db import models

from screening.choices import BARRING_EXCLUSIONS, ExclusionKind


class ComparisonItem(models.TextChoices):
    PROPERTY = "property", "商品房"
    # A vehicle is one of 七严四甄别's items, a 消费型轿车 one of 003's 不得 facts: the reviewer says which it is (a
    # tricycle or a lorry is no 消费型轿车), and only the latter bars inclusion.
    VEHICLE = "vehicle", "车辆（营运、农用等，非消费型轿车）"
    CONSUMER_CAR = "consumer_car", "消费型轿车"
    DEPOSITS = "deposits", "银行存款（理财产品）"
    SECURITIES = "securities", "有价证券"
    # Likewise 经商办企业 (a registered business) is weighed, 企业高管 bars.
    BUSINESS = "business", "经商办企业（工商注册）"
    EXECUTIVE = "executive", "企业高管"
    PUBLIC_FUNDED = "public_funded", "财政供养"
    HOUSING_FUND = "housing_fund", "住房公积金"
    INCOME_TAX = "income_tax", "个人所得税"
    INSURANCE = "insurance", "保险缴纳"


# A positive finding of these items is an exclusion fact of screening (003 §二2(2), DOMAIN.md "Exclusions"), which
# excludes only for the 不得 kinds (screening.choices.BARRING_EXCLUSIONS) and is otherwise a note for the decision; a
# vehicle that is no 消费型轿车, housing fund, income tax and insurance are evidence on the comparison record only.
ITEM_EXCLUSION: dict[str, str] = {
    ComparisonItem.PROPERTY: ExclusionKind.COMMERCIAL_PROPERTY,
    ComparisonItem.CONSUMER_CAR: ExclusionKind.CAR,
    ComparisonItem.DEPOSITS: ExclusionKind.LARGE_DEPOSITS,
    ComparisonItem.SECURITIES: ExclusionKind.LARGE_DEPOSITS,
    ComparisonItem.BUSINESS: ExclusionKind.BUSINESS,  # a note for the decision; excludes nothing
    ComparisonItem.EXECUTIVE: ExclusionKind.COMPANY_EXECUTIVE,
    ComparisonItem.PUBLIC_FUNDED: ExclusionKind.PUBLIC_FUNDED,
}
# 003 §二2(2) "不得确定为监测对象": a finding of these refuses the decision 经研判仍予纳入.
BARRING_ITEMS = tuple(item for item, kind in ITEM_EXCLUSION.items() if kind in BARRING_EXCLUSIONS)


class FindingResult(models.TextChoices):
    NOT_CHECKED = "not_checked", "未比对"
    NONE = "none", "无"
    FOUND = "found", "有"


class ComparisonDecision(models.TextChoices):
    NO_FINDING = "no_finding", "比对无异常"
    EXCLUDE = "exclude", "不予纳入"
    KEEP = "keep", "经研判仍予纳入"
