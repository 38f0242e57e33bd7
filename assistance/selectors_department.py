"""A department clerk's reads (部门帮扶任务): the measures their department is responsible for, in their region
(PlanMeasure.objects.for_department), with the township's flags, 逾期未办结 and 已到开始日期未实施
(assistance.measure_flags). Only what the clerk needs (DOMAIN.md "Privacy"): pages and the API show the head's name,
the village, the measure and, for a member's measure, whom it is for (assistance.measure_member: name, relation,
age, the ID number masked), never full ID numbers, phones or health. The list finds a person by a name or an ID
number (whole, audited, or the last 4 the mask shows), not by the 户编号 the clerk never sees."""

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Reverse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assistance.choices import OPEN_MEASURE_STATUSES, MeasureStatus
from assistance.measure_flags import flags, late_start_q, overdue_q
from assistance.models import PlanMeasure
from households.choices import RegionLevel, Relation
from households.models import Member, Region
from households.selectors_search import ID_LENGTH, SUFFIX_MIN, id_part
from households.services.id_search import id_search_begin, id_search_refusal

RELATED = ("household__village__parent", "measure_type", "member")


def department_measure_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[PlanMeasure]:
    """The clerk's list, each measure with `overdue` and `late_start`. Filters: status ("open", the default: 计划中
    and 实施中), region (a township's or village's path, as a prefix), overdue and late_start (true: only those), q
    (the head's or the member's name, or the ID number of whom the measure is for, whole or its last 4: _person_match).
    Oldest start first: what is late comes first."""
    filters = filters or {}
    today = timezone.localdate()
    measures = PlanMeasure.objects.for_department(actor).filter(household__is_active=True)
    status = filters.get("status") or "open"
    if status == "open":
        measures = measures.filter(status__in=OPEN_MEASURE_STATUSES)
    elif status in MeasureStatus.values:
        measures = measures.filter(status=status)
    if filters.get("region"):
        measures = measures.filter(region_path__startswith=filters["region"])
    if filters.get("overdue"):
        measures = measures.filter(overdue_q(today))
    if filters.get("late_start"):
        measures = measures.filter(late_start_q(today))
    if q := (filters.get("q") or "").strip():
        measures = measures.filter(_person_match(actor, q))
    return measures.select_related(*RELATED).annotate(**flags(today)).order_by("starts_on", "pk")


def _person_match(actor: Any, q: str) -> Q:
    """The measures of the person the query names: by the head's or the member's name, or by the ID number of whom
    the measure is for (its member; a whole household's measure, its head), whole or its last 4 characters, what
    the clerk sees of it masked (3604**********0049). A whole number is counted and audited as the registry's ID
    searches are (households.services.id_search); a part of another length is refused by the form before."""
    part = id_part(q)
    if not part:
        return Q(household__head_name__contains=q) | Q(member__name__contains=q)
    if len(part) == ID_LENGTH:
        if not id_search_begin(actor, part, found=lambda: _found(actor, part)):
            return Q(pk__in=[])
        members = Member.objects.filter(id_number=part)
    elif len(part) >= SUFFIX_MIN and not id_search_refusal(actor, part):
        members = Member.objects.alias(id_reversed=Reverse("id_number")).filter(id_reversed__startswith=part[::-1])
    else:
        return Q(pk__in=[])
    heads = members.filter(relation=Relation.HEAD).values("household")
    return Q(member__in=members.values("pk")) | Q(member__isnull=True, household__in=heads)


def _found(actor: Any, number: str) -> list[Member]:
    """Whom a whole-number search shows the clerk among their department's measures (for the audit log)."""
    measures = PlanMeasure.objects.for_department(actor)
    whole = measures.filter(member__isnull=True).values("household")
    mine = Q(pk__in=measures.values("member")) | Q(relation=Relation.HEAD, household__in=whole)
    return list(Member.objects.filter(mine, id_number=number).select_related("household").order_by("pk"))


def department_measure_get(*, actor: Any, pk: int) -> PlanMeasure:
    """One of the clerk's measures, with its flags; another department's or out of the region is a 404."""
    measures = PlanMeasure.objects.for_department(actor).select_related(*RELATED)
    return get_object_or_404(measures.annotate(**flags(timezone.localdate())), pk=pk)


def department_villages(*, actor: Any) -> QuerySet[Region]:
    """The villages of the clerk's region, for the list's 乡镇/村 filter: a clerk sees no registry (so no
    Region.objects.visible_to), but the places of their own measures are theirs to narrow by."""
    if not PlanMeasure.objects.for_department(actor).query.is_empty() and actor.region_path:
        regions = Region.objects.filter(path__startswith=actor.region_path, level=RegionLevel.VILLAGE)
        return regions.select_related("parent").order_by("path")
    return Region.objects.none()


def department_places(*, actor: Any) -> QuerySet[Region]:
    """The townships and villages of the clerk's region: the places a link may narrow the list to (its 范围 line,
    households.place_filter), as department_villages offers them to the filter."""
    if PlanMeasure.objects.for_department(actor).query.is_empty() or not actor.region_path:
        return Region.objects.none()
    levels = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
    return Region.objects.filter(path__startswith=actor.region_path, level__in=levels)


def department_region(*, actor: Any, code: str, level: str) -> Region | None:
    """The township or village of `code` in the clerk's region, None when there is none (the API's 400)."""
    if PlanMeasure.objects.for_department(actor).query.is_empty() or not actor.region_path:
        return None
    return Region.objects.filter(code=code, level=level, path__startswith=actor.region_path).first()
