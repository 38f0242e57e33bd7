"""The employment page's list of labourers to register (脱贫劳动力就业台账, 004 (六)) for one quarter: who the page
lists (assistance.selectors.employment_members) and whether each has that quarter's record (本季度未登记 or not)."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from assistance.models import EmploymentRecord
from assistance.selectors import employment_members
from households.models import Member


def employment_to_register(*, actor: Any, quarter: tuple[int, int], filters: dict[str, Any]) -> QuerySet[Member]:
    """The working-age members the employment page lists, each annotated `registered` (the quarter has its record);
    filters: the page's village and q, and registered (True: registered this quarter, False: 本季度未登记)."""
    year, number = quarter
    records = EmploymentRecord.objects.filter(member=OuterRef("pk"), year=year, quarter=number)
    members = employment_members(actor=actor, filters=filters).annotate(registered=Exists(records))
    if filters.get("registered") is not None:
        members = members.filter(registered=filters["registered"])
    return members


def quarter_records(members: list[Member], quarter: tuple[int, int]) -> dict[int, EmploymentRecord]:
    """The quarter's record of each of these members (the page's rows), by member id."""
    year, number = quarter
    rows = EmploymentRecord.objects.filter(year=year, quarter=number, member__in=[m.pk for m in members])
    return {record.member_id: record for record in rows}
