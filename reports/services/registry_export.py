"""The household list (/households/) as a workbook, "导出本列表": the rows the page lists, with its search, filters and
sort, in the actor's scope (households.selectors.household_list, the page's own selector), for the county's and
townships' data officers who export their area's data at the end of each quarter (004 §(四): 县、镇信息员在每季度末
导出本地区数据). Written by the one ledger writer (reports.writer: constant memory, rows read through a server-side
cursor, so a county's 150,000 households keep memory flat), with ID numbers and phones masked for the roles that read
them masked (households.privacy), and audited as every export."""

import tempfile
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import OuterRef, QuerySet, Subquery

from accounts.audit import audit_record
from households.choices import HouseholdType, LivingStatus, MonitoringCategory, Relation, RiskType
from households.forms import HouseholdFilterForm
from households.idnumber import mask
from households.models import Member, Region
from households.ordering import ORDERING_CHOICES, ORDERING_PARAM
from households.privacy import sees_personal_numbers
from households.region_filter import NO_REGION
from households.selectors import household_list
from households.selectors_search import id_part
from reports.filters import place_name
from reports.ledgers.base import BOOL, COUNT, ID_NUMBER, NUMBER, PHONE, SUM, Column, Filters, Ledger, Total
from reports.services.exports import CHUNK, export_filename
from reports.writer import write_ledger

LEDGER_NAME = "农户档案列表"
ORDERING_LABEL = "排序"
NO_CONDITIONS = "无（管辖范围内全部农户）"


def registry_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    """The page's rows in the page's order (filters.extra["list"]: the list form's valid filters), as tuples."""
    head_id = Member.objects.filter(
        household=OuterRef("pk"), relation=Relation.HEAD, living_status=LivingStatus.LIVING
    ).values("id_number")[:1]
    households = household_list(actor=actor, filters=filters.extra["list"])
    return households.annotate(head_id_number=Subquery(head_id)).values_list(
        "village__parent__name",
        "village__name",
        "group__name",
        "grid__name",
        "number",
        "head_name",
        "head_id_number",
        "phone",
        "living_members",
        "household_type",
        "monitoring_category",
        "risk_types",
        "visited_this_month",
    )


LEDGER = Ledger(
    code="registry_list",
    name=LEDGER_NAME,
    rows=registry_rows,
    summary=lambda actor, filters: f"筛选条件：{filters.extra['described']}",
    columns=[
        Column("乡镇", 12),
        Column("村", 12),
        Column("村民小组", 10),
        Column("网格", 10),
        Column("户编号", 18),
        Column("户主姓名", 10),
        Column("户主身份证号", 21, ID_NUMBER),
        Column("联系电话", 14, PHONE),
        Column("家庭人口", 8, NUMBER),
        Column("户类型", 10, choices=HouseholdType),
        Column("监测对象类别", 14, choices=MonitoringCategory),
        Column("风险类型", 20, choices=RiskType),
        Column("本月已走访", 8, BOOL),
    ],
    totals=(Total("户编号", COUNT, "户"), Total("家庭人口", SUM, "人")),
)


@dataclass
class RegistryExport:
    file: IO[bytes]
    filename: str
    rows: int


def describe_filters(actor: Any, form: HouseholdFilterForm, filters: dict[str, Any]) -> str:
    """The search, filters and sort the file was made with, in the page's words (查找：张；户类型：脱贫户；
    排序：按户主升序). A whole ID number searched by a role that reads numbers masked is written masked, as the page
    shows numbers to it."""
    parts = []
    for name, value in filters.items():
        if value in ("", None) or name not in form.fields:
            continue
        if name == ORDERING_PARAM:
            parts.append(f"{ORDERING_LABEL}：{dict(ORDERING_CHOICES).get(value, value)}")
            continue
        field = form.fields[name]
        shown = str(getattr(value, "name", value))
        if name == "q" and len(id_part(shown)) == len(shown) >= 8 and not sees_personal_numbers(actor):
            shown = mask(shown)
        choices = dict(_flat_choices(getattr(field, "choices", [])))
        parts.append(f"{field.label}：{choices.get(str(value), shown)}")
    return "；".join(parts) or NO_CONDITIONS


def _flat_choices(choices: Any) -> list[tuple[str, str]]:
    flat: list[tuple[str, str]] = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.extend((str(k), str(v)) for k, v in label)
        else:
            flat.append((str(key), str(label)))
    return flat


def _region(actor: Any, filters: dict[str, Any]) -> Region | None:
    """The village, else the township, chosen on the page (already checked to be the actor's), for the title."""
    code = filters.get("village") or filters.get("township") or ""
    if not code or code == NO_REGION:
        return None
    return Region.objects.visible_to(actor).filter(code=code).first()


def registry_list_export(*, actor: Any, form: HouseholdFilterForm) -> RegistryExport:
    """Write the list the form filters to a temporary file (the response streams it, then it is gone) and audit it."""
    filters = form.filters()
    described = describe_filters(actor, form, filters)
    region = _region(actor, filters)
    chosen = Filters(
        region_path=region.path if region else "",
        region_name=region.name if region else "",
        extra={"list": filters, "described": described},
    )
    place = place_name(actor, chosen.region_path)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the streaming response closes it
    rows = write_ledger(
        handle,
        ledger=LEDGER,
        actor=actor,
        filters=chosen,
        rows=registry_rows(actor, chosen).iterator(chunk_size=CHUNK),
        county_name=place,
    )
    handle.seek(0)
    audit_record(
        actor=actor,
        action="reports.ledger_export",
        summary=f"导出{LEDGER_NAME}（{described}；{rows}行）",
        object_type="reports.ledger",
        region_path=chosen.region_path,
    )
    return RegistryExport(file=handle, filename=export_filename(LEDGER_NAME, actor, place=place), rows=rows)
