"""Code lists of the assistance app: stable English values, Chinese labels (DOMAIN.md "Assistance")."""

from django.db import models


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    IN_PROGRESS = "in_progress", "实施中"
    DONE = "done", "已完成"
    STOPPED = "stopped", "已终止"


# The one table of allowed moves (STYLE.md habit 4); assistance.services.measure_status reads nothing else.
MEASURE_TRANSITIONS: dict[str, frozenset[str]] = {
    MeasureStatus.PLANNED: frozenset({MeasureStatus.IN_PROGRESS, MeasureStatus.DONE, MeasureStatus.STOPPED}),
    MeasureStatus.IN_PROGRESS: frozenset({MeasureStatus.DONE, MeasureStatus.STOPPED}),
    MeasureStatus.DONE: frozenset(),
    MeasureStatus.STOPPED: frozenset(),
}
OPEN_MEASURE_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)


class ReturnCadence(models.IntegerChoices):
    """How often a plan's return visit (回访) falls due, in days (000 §三(三)7: 建立定期回访制度)."""

    MONTHLY = 30, "每月"
    BIMONTHLY = 60, "每两个月"
    QUARTERLY = 90, "每季度"


class Effect(models.TextChoices):
    GOOD = "good", "成效明显"
    FAIR = "fair", "有一定成效"
    POOR = "poor", "成效不明显"


class ClaimCause(models.TextChoices):
    """防贫保 claims (001 §五; 004 (二十二): 因病、因灾、因学、因重大事故)."""

    ILLNESS = "illness", "因病"
    DISASTER = "disaster", "因灾"
    ACCIDENT = "accident", "因意外事故"
    SCHOOLING = "schooling", "因学"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "已申报"
    APPROVED = "approved", "已核准"
    PAID = "paid", "已赔付"
    REJECTED = "rejected", "不予赔付"


CLAIM_TRANSITIONS: dict[str, frozenset[str]] = {
    ClaimStatus.SUBMITTED: frozenset({ClaimStatus.APPROVED, ClaimStatus.REJECTED}),
    ClaimStatus.APPROVED: frozenset({ClaimStatus.PAID, ClaimStatus.REJECTED}),
    ClaimStatus.PAID: frozenset(),
    ClaimStatus.REJECTED: frozenset(),
}


# Measure codes the suggestion rules name (they are rows of the seeded catalogue).
SAFETY_NET_CODES = ("dibao", "tekun")
DEVELOPMENT_CATEGORIES = ("industry", "employment")

# The form's and the API's value for "the township and village carry it out": stored as a blank department.
# A blank choice means "the catalogue's default department", so the explicit choice needs its own value.
TOWNSHIP_VILLAGE = "township_village"
TOWNSHIP_VILLAGE_LABEL = "乡镇、村落实"
