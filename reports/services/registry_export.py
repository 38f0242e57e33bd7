"""The household list (/households/) as a workbook, "导出本列表": the rows the page lists, with its search, filters and
sort, in the actor's scope (households.selectors.household_list, the page's own selector), for the county's and
townships' data officers who export their area's data at the end of each quarter (004 §(四): 县、镇信息员在每季度末
导出本地区数据). A county lists 150,000 households, too many to write while the request waits: the click queues a
background export (reports.services.exports: the reports page shows its progress and the download, for its user
only, until it expires), which the task writes with the one ledger writer (reports.writer: constant memory, rows
read through a server-side cursor), as the user: ID numbers and phones masked for the roles that read them masked
(households.privacy). Queued and downloaded are audited as every export."""

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from accounts.permissions import user_can
from accounts.roles import Capability
from config.errors import ApplicationError
from households.choices import HouseholdType, LivingStatus, MonitoringCategory, Relation, RiskType
from households.forms import HouseholdFilterForm
from households.idnumber import mask
from households.models import Member, Region
from households.ordering import ORDERING_CHOICES, ORDERING_PARAM
from households.privacy import sees_personal_numbers
from households.selectors import household_list
from households.selectors_search import id_part
from reports.filters import MSG_FILTERS_GONE, place_name
from reports.ledgers.base import BOOL, COUNT, DATE, ID_NUMBER, NUMBER, PHONE, SUM, Column, Filters, Ledger, Total
from reports.models import LedgerExport
from reports.services.exports import ledger_count, ledger_export_queue

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
        "is_active",
        "closed_on",
        "closed_reason",
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
        # The list's 已注销 and 全部 tabs list closed households (农户注销, 合户) too: each row says which it is.
        Column("档案状态", 8, convert=lambda active: "在册" if active else "已注销"),
        Column("注销日期", kind=DATE),
        Column("注销原因", 20),
    ],
    totals=(Total("户编号", COUNT, "户"), Total("家庭人口", SUM, "人")),
    # The file is named after the village or township chosen, as its title is.
    file_place=lambda actor, filters, place: place_name(actor, filters.region_path),
)


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
    if not code:
        return None
    return Region.objects.visible_to(actor).filter(code=code).first()


def _chosen(actor: Any, form: HouseholdFilterForm) -> Filters:
    """The ledger's filters for the list form (valid, its places the actor's): the list's filters, in words too."""
    filters = form.filters()
    region = _region(actor, filters)
    return Filters(
        region_path=region.path if region else "",
        region_name=region.name if region else "",
        extra={"list": filters, "described": describe_filters(actor, form, filters)},
    )


def registry_filters(actor: Any, data: dict[str, str]) -> Filters:
    """A queued export's stored list filters, re-read by the task against the user's rights and scope as they are
    now: a place no longer theirs fails the export (reports.filters.MSG_FILTERS_GONE) rather than writing an empty
    or a wider list."""
    if not (user_can(actor, Capability.REGISTRY_VIEW) and user_can(actor, Capability.LEDGERS_DOWNLOAD)):
        raise Http404
    form = HouseholdFilterForm(data or None, actor=actor)
    if form.region_errors:
        raise ApplicationError(MSG_FILTERS_GONE)
    return _chosen(actor, form)


def registry_export_queue(*, actor: Any, form: HouseholdFilterForm) -> LedgerExport:
    """Queue the list the form filters (the page's query) for the background task, and audit it with the conditions
    in the page's words and the number of rows. A place that is not the actor's is refused with the page's own
    message (ApplicationError), as the page lists nothing for it; so is one more job while the user has as many
    queued or running as allowed (Busy, reports.services.export_limits)."""
    if form.region_errors:
        raise ApplicationError(form.region_errors[0])
    chosen = _chosen(actor, form)
    stored = {name: str(value) for name, value in chosen.extra["list"].items() if value not in ("", None)}
    return ledger_export_queue(
        actor=actor,
        ledger=LEDGER,
        filters_json=stored,
        label=f"{LEDGER_NAME}，筛选条件：{chosen.extra['described']}",
        total=ledger_count(LEDGER, actor, chosen),
        region_path=chosen.region_path,
    ).record
