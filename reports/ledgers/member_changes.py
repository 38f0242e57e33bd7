"""家庭成员变动台账: every member who entered or left a household in the period, with the change and its 变动原因 as
recorded at the time (households.models.MemberChange): 新增 (新生儿, 婚入, 新登记 …), 迁出, 已故, a move between two
households on both of them (户间迁出 / 户间迁入: 户间迁移, 分户, 合户, naming the other household), and a mark undone
as a mistake. Of every household, not only the monitored: a change is what the village reports upward."""

from typing import Any

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, NullIf

from households.choices import Relation
from households.models.activity import MemberChange
from reports.ledgers.base import COUNT, DATE, DATETIME, ID_NUMBER, Column, Filters, Ledger, Total, apply_filters


def member_change_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    """The changes in the region and period chosen (变动日期), oldest first, a household's together on a day."""
    changes = apply_filters(MemberChange.objects.visible_to(actor), filters, date_field="changed_on")
    name = Concat("actor__last_name", "actor__first_name", output_field=CharField())
    return (
        changes.annotate(recorded_by=Coalesce(NullIf(name, Value("")), "actor__username", Value("系统")))
        .order_by("changed_on", "region_path", "household__number", "pk")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__number",
            "household__head_name",
            "member__name",
            "member__id_number",
            "member__relation",
            "kind",
            "reason_text",
            "other_household__number",
            "changed_on",
            "recorded_by",
            "created_at",
        )
    )


LEDGERS = [
    Ledger(
        code="member_changes",
        name="家庭成员变动台账",
        order=22,
        group="档案",
        date_label="变动日期",
        description="期间内家庭成员的增减：新增（新生儿、婚入、迁入、收养、新登记等）、迁出、已故，户间迁移、分户、合户在"
        "迁出户和迁入户各记一行并注明对方农户，误标撤销也记一行；含变动原因、变动日期和登记人。与户主关系为成员现在的。",
        columns=[
            Column("乡镇", 12),
            Column("村", 12),
            Column("户编号", 18),
            Column("户主姓名", 10),
            Column("姓名", 10),
            Column("身份证号", 21, ID_NUMBER),
            Column("与户主关系", 10, choices=Relation),
            Column("变动类型", 10, choices=MemberChange.Kind),
            Column("变动原因", 24),
            Column("对方农户", 18),
            Column("变动日期", 12, DATE),
            Column("登记人", 10),
            Column("登记时间", 17, DATETIME),
        ],
        rows=member_change_rows,
        totals=(Total("姓名", COUNT, "人次"),),
    ),
]
