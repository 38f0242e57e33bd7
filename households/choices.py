"""Code lists of the registry (DOMAIN.md "Code lists"): stable English values, Chinese labels."""

from django.db import models


class RegionLevel(models.TextChoices):
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡镇"
    VILLAGE = "village", "村"
    GROUP = "group", "村民小组"


# Length of the significant prefix of the 12-digit division code at each level; groups add 3 digits.
PATH_LENGTH = {
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
    RegionLevel.GROUP: 15,
}
PARENT_LEVEL = {
    RegionLevel.TOWNSHIP: RegionLevel.COUNTY,
    RegionLevel.VILLAGE: RegionLevel.TOWNSHIP,
    RegionLevel.GROUP: RegionLevel.VILLAGE,
}


class HouseholdType(models.TextChoices):
    LIFTED_OUT = "lifted_out", "脱贫户"
    ORDINARY = "ordinary", "一般农户"


class MonitoringCategory(models.TextChoices):
    UNSTABLE_LIFTED_OUT = "unstable", "脱贫不稳定户"
    MARGINAL = "marginal", "边缘易致贫户"
    SUDDEN_HARDSHIP = "sudden_hardship", "突发严重困难户"


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Relation(models.TextChoices):
    HEAD = "head", "户主"
    SPOUSE = "spouse", "配偶"
    SON = "son", "之子"
    DAUGHTER = "daughter", "之女"
    DAUGHTER_IN_LAW = "daughter_in_law", "之儿媳"
    SON_IN_LAW = "son_in_law", "之女婿"
    GRANDSON = "grandson", "之孙子"
    GRANDDAUGHTER = "granddaughter", "之孙女"
    DAUGHTERS_SON = "daughters_son", "之外孙子"
    DAUGHTERS_DAUGHTER = "daughters_daughter", "之外孙女"
    FATHER = "father", "之父"
    MOTHER = "mother", "之母"
    WIFES_FATHER = "wifes_father", "之岳父"
    WIFES_MOTHER = "wifes_mother", "之岳母"
    HUSBANDS_FATHER = "husbands_father", "之公公"
    HUSBANDS_MOTHER = "husbands_mother", "之婆婆"
    GRANDFATHER = "grandfather", "之祖父"
    GRANDMOTHER = "grandmother", "之祖母"
    MATERNAL_GRANDFATHER = "maternal_grandfather", "之外祖父"
    MATERNAL_GRANDMOTHER = "maternal_grandmother", "之外祖母"
    SIBLING = "sibling", "之兄弟姐妹"
    OTHER = "other", "其他"


class Health(models.TextChoices):
    HEALTHY = "healthy", "健康"
    CHRONIC = "chronic", "长期慢性病"
    SERIOUS = "serious", "患有大病"
    DISABLED = "disabled", "残疾"


class DisabilityGrade(models.TextChoices):
    GRADE_1 = "1", "一级"
    GRADE_2 = "2", "二级"
    GRADE_3 = "3", "三级"
    GRADE_4 = "4", "四级"


class LabourSkill(models.TextChoices):
    SKILLED = "skilled", "技能劳动力"
    ORDINARY = "ordinary", "普通劳动力"
    WEAK = "weak", "弱劳动力或半劳动力"
    LOST = "lost", "丧失劳动力"
    NONE = "none", "无劳动力"


class Education(models.TextChoices):
    PRESCHOOL = "preschool", "学龄前儿童"
    ILLITERATE = "illiterate", "文盲或半文盲"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    SECONDARY_VOCATIONAL = "vocational", "中职（中专）"
    COLLEGE = "college", "大专及以上"


class LivingStatus(models.TextChoices):
    LIVING = "living", "在世"
    DECEASED = "deceased", "已故"
    MOVED_OUT = "moved_out", "迁出"
