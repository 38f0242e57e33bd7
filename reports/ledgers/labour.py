"""脱贫劳动力就业台账 (seed 004 §四, quarterly with 人社): the working-age members with labour capacity of
lifted-out and monitored households, with where and how long they worked — from the registry as it is now.
Once assistance/ is merged, employment assistance (公益性岗位, 就业帮扶车间 …) can join as further columns."""

from typing import Any

from django.db.models import Q, QuerySet

from households.choices import (
    EmploymentPlace,
    HouseholdType,
    LabourSkill,
    LivingStatus,
    MonitoringCategory,
    Sex,
)
from households.models import Member
from reports.ledgers.base import DATE, ID_NUMBER, NUMBER, PHONE, Column, Filters, Ledger, apply_filters

WITH_LABOUR = [LabourSkill.SKILLED, LabourSkill.ORDINARY, LabourSkill.WEAK]


def labour_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    members = Member.objects.visible_to(actor).filter(
        living_status=LivingStatus.LIVING,
        labour_skill__in=WITH_LABOUR,
        household__is_active=True,
    )
    members = members.filter(
        Q(household__household_type=HouseholdType.LIFTED_OUT) | ~Q(household__monitoring_category="")
    )
    return (
        apply_filters(members, filters)
        .order_by("region_path", "household__number", "pk")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "household__household_type",
            "household__monitoring_category",
            "household__phone",
            "name",
            "id_number",
            "sex",
            "birth_date",
            "labour_skill",
            "employment_place",
            "employment_months",
        )
    )


LEDGERS = [
    Ledger(
        code="labour_employment",
        name="脱贫劳动力就业台账",
        order=35,
        description="脱贫户和监测对象户中有劳动能力的家庭成员及其务工地点、务工时间（与人社部门按季度比对）。",
        columns=[
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            Column("户类型", 10, choices=HouseholdType),
            Column("监测对象类别", 14, choices=MonitoringCategory),
            Column("联系电话", 14, PHONE),
            Column("姓名", 10),
            Column("身份证号", 21, ID_NUMBER),
            Column("性别", 6, choices=Sex),
            Column("出生日期", 12, DATE),
            Column("劳动技能", 16, choices=LabourSkill),
            Column("务工地点", 10, choices=EmploymentPlace),
            Column("务工时间（月）", 8, NUMBER),
        ],
        rows=labour_rows,
    ),
]
