"""Code lists of screening: stable English values, Chinese labels."""

from django.db import models


class RiskSource(models.TextChoices):
    RULE = "rule", "系统筛查"
    VISIT = "visit", "走访发现"
    ALERT = "alert", "部门预警"
    CADRE = "cadre", "干部录入"


class RuleKind(models.TextChoices):
    """The evaluators we implement in set-based SQL (screening/engine.py). A county configures rules of these
    kinds with its own parameters; a new kind needs code."""

    INCOME_BELOW_LINE = "income_below_line", "人均纯收入低于监测标准或预警线"
    RIGID_EXPENSE_SHARE = "rigid_expense_share", "刚性支出占收入比例过高"
    GUARANTEE_FINDING = "guarantee_finding", "两不愁三保障或饮水安全存在问题"
    SERIOUS_ILLNESS_UNINSURED = "serious_illness_uninsured", "大病患者未参加医疗保险"
    LABOURER_UNDEREMPLOYED = "labourer_underemployed", "主要劳动力失岗且家庭收入骤减"
    LABOURER_DEATH = "labourer_death", "主要劳动力近期死亡"
    BUSINESS_LOSS = "business_loss", "生产经营失败、经济损失较大"


class RunKind(models.TextChoices):
    NIGHTLY = "nightly", "每日全县筛查"
    FULL = "full", "标准或规则变更后全县重算"
    MANUAL = "manual", "手动全县筛查"
    HOUSEHOLD = "household", "单户筛查"


class RunStatus(models.TextChoices):
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    DONE_WITH_FAILURES = "partial", "已完成（部分失败）"
    FAILED = "failed", "失败"


class ChangeKind(models.TextChoices):
    """What a run changed in a household's screening result (ScreeningChange)."""

    NEW = "new", "新命中"
    CHANGED = "changed", "原因或状态变化"
    DROPPED = "dropped", "不再命中"
    # A hit the run made while the household's inclusion case is open, proposed with that case at once
    # (services.in_procedure): the row names the case (ScreeningChange.case).
    TAKEN_UP = "taken_up", "交由在办案件办理"


class ResultStatus(models.TextChoices):
    HIT = "hit", "待处理"
    EXCLUDED = "excluded", "符合排除情形"
    BELOW_LINE_STABLE = "below_line_stable", "低于标准但无返贫风险"
    MONITORED = "monitored", "已是监测对象"
    PROPOSED = "proposed", "已提议纳入监测"
    DISMISSED = "dismissed", "已核实不纳入"


# Statuses that a new run may overwrite; proposals and dismissals are people's decisions and stay.
RECOMPUTABLE = (ResultStatus.HIT, ResultStatus.EXCLUDED, ResultStatus.BELOW_LINE_STABLE, ResultStatus.MONITORED)


class ExclusionKind(models.TextChoices):
    """003 §二 2(2) and 000 "七严四甄别": facts that exclude (or may exclude) a household from monitoring."""

    CAR = "car", "家中有消费型轿车"
    COMMERCIAL_PROPERTY = "commercial_property", "城镇购有商品房"
    PUBLIC_FUNDED = "public_funded", "家中有财政供养人员"
    COMPANY_EXECUTIVE = "company_executive", "企业高管"
    # Running a business (经商办企业, a registered business) is one of 七严四甄别's items the county weighs, not a
    # 不得 fact: 003 §二2(2) names only 企业高管.
    BUSINESS = "business", "经商办企业"
    LARGE_DEPOSITS = "large_deposits", "大额存款或有价证券"
    WELL_OFF_CHILD = "well_off_child", "分户子女经济条件好"
    OTHER = "other", "其他"


# 003 §二2(2): "…家中有消费型轿车、家中有财政供养人员、企业高管等不得确定为监测对象": these facts alone exclude a
# household. Commercial property, deposits and the others are 七严四甄别 items the county weighs (000
# §三(三)3): a result shows them as notes for the decision and stays 待处理. A well-off child excludes only a household
# whose income is below the line but stable with the guarantees met (003 §二2(2) "…子女经济条件好的农户，不纳入").
BARRING_EXCLUSIONS = (ExclusionKind.CAR, ExclusionKind.PUBLIC_FUNDED, ExclusionKind.COMPANY_EXECUTIVE)


class ExclusionSource(models.TextChoices):
    CADRE = "cadre", "村乡干部录入"
    COUNTY = "county", "县级比对"  # a county comparison's findings (workflow.services.comparisons)
    COUNTY_ENTRY = "county_entry", "县级录入"  # typed by county bureau staff (services.exclusion_sources)
    FEED = "feed", "部门数据"
