"""Code lists of screening campaigns (集中排查, seed 003): stable English values, Chinese labels."""

from django.db import models


class CampaignStatus(models.TextChoices):
    """Derived from Campaign.closed_at: a campaign is open until the county bureau ends it."""

    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class PhaseKind(models.TextChoices):
    """003 §三: the four phases of a campaign, in order."""

    MOBILIZATION = "mobilization", "动员培训"
    FIELD_SCREENING = "field_screening", "入户排查"
    RECTIFICATION = "rectification", "问题整改"
    SUMMARY = "summary", "总结验收"


class PhaseState(models.TextChoices):
    """Where a phase stands today (CampaignPhase.state): by its dates while the campaign is open. Once the campaign
    is ended (结束排查), every phase that had begun by then has ended, whatever its dates said, and one that was due to
    begin after it was never held."""

    UPCOMING = "upcoming", "未开始"
    CURRENT = "current", "进行中"
    DONE = "done", "已结束"
    NOT_HELD = "not_held", "未进行"


PHASE_ORDER = [PhaseKind.MOBILIZATION, PhaseKind.FIELD_SCREENING, PhaseKind.RECTIFICATION, PhaseKind.SUMMARY]


class ProblemType(models.TextChoices):
    """Problem types of the ledgers (附件3, 3-1) and the rows of the summary table (附件4); items 1–12 of the
    household screening form (附件2) map one to one onto the first twelve."""

    EDUCATION = "education", "义务教育"
    MEDICAL = "medical", "基本医疗"
    HOUSING = "housing", "住房安全"
    WATER = "water", "安全饮水"
    RELOCATION = "relocation", "易地扶贫搬迁"
    INDUSTRY = "industry", "产业发展"
    EMPLOYMENT = "employment", "脱贫人口就业"
    MICROCREDIT = "microcredit", "脱贫人口小额信贷"
    CONSUMPTION = "consumption", "消费帮扶"
    FUNDS = "funds", "资金项目管理"
    MONITORING = "monitoring", "防止返贫动态监测"
    ASSISTANCE = "assistance", "帮扶工作"
    OTHER = "other", "其他"


# 附件4 groups the first four rows under one heading.
GUARANTEE_TYPES = frozenset({ProblemType.EDUCATION, ProblemType.MEDICAL, ProblemType.HOUSING, ProblemType.WATER})
GUARANTEE_GROUP_LABEL = "“三保障”和饮水安全"


class ProblemStatus(models.TextChoices):
    PENDING = "pending", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    RECTIFIED = "rectified", "已整改"


class AreaLevel(models.TextChoices):
    """附件3-1 面上问题层级."""

    COUNTY = "county", "县级层面"
    TOWNSHIP = "township", "乡镇层面"
    VILLAGE = "village", "村级层面"
