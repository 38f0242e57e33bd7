"""Code lists of the county's department comparison (部门比对): what is checked per family member, seed 000
§三(三)3 ("七严四甄别": commercial property, vehicles, deposits and wealth products, securities, businesses;
housing fund, income tax and insurance payments)."""

from django.db import models

from screening.choices import ExclusionKind


class ComparisonItem(models.TextChoices):
    PROPERTY = "property", "商品房"
    VEHICLE = "vehicle", "车辆"
    DEPOSITS = "deposits", "银行存款（理财产品）"
    SECURITIES = "securities", "有价证券"
    BUSINESS = "business", "工商注册/企业高管"
    PUBLIC_FUNDED = "public_funded", "财政供养"
    HOUSING_FUND = "housing_fund", "住房公积金"
    INCOME_TAX = "income_tax", "个人所得税"
    INSURANCE = "insurance", "保险缴纳"


# A positive finding of these items is an exclusion fact of screening (003 §二2(2), DOMAIN.md "Exclusions");
# housing fund, income tax and insurance are evidence for the decision, not exclusions by themselves.
ITEM_EXCLUSION: dict[str, str] = {
    ComparisonItem.PROPERTY: ExclusionKind.COMMERCIAL_PROPERTY,
    ComparisonItem.VEHICLE: ExclusionKind.CAR,
    ComparisonItem.DEPOSITS: ExclusionKind.LARGE_DEPOSITS,
    ComparisonItem.SECURITIES: ExclusionKind.LARGE_DEPOSITS,
    ComparisonItem.BUSINESS: ExclusionKind.COMPANY_EXECUTIVE,
    ComparisonItem.PUBLIC_FUNDED: ExclusionKind.PUBLIC_FUNDED,
}


class FindingResult(models.TextChoices):
    NOT_CHECKED = "not_checked", "未比对"
    NONE = "none", "无"
    FOUND = "found", "有"


class ComparisonDecision(models.TextChoices):
    NO_FINDING = "no_finding", "比对无异常"
    EXCLUDE = "exclude", "不予纳入"
    KEEP = "keep", "经研判仍予纳入"
