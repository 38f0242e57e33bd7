"""A household's 国家系统标注, computed from its decided cases and their marks (households.marking registers it for
the registry's API; the 监测对象台账 reads it here).

Decided inclusions, exits and re-marks (reports.selectors.decisions.decided: from the county's approval on, so also a
case still waiting at 公告并标识) decide it, as the 待国家系统标注清单 does (reports.ledgers.national.national_pending):
one not yet recorded through /reports/national/ is "待标注", all recorded is "已标注". "待标注" means on that list
and nothing else, or the two exports contradict each other and the row can never be cleared. A household with no
decided case (an import, a case before go-live) reads "已标注" if the go-live import says so, else "无需标注": this
system has nothing of it to mark."""

from django.db.models import Case as DbCase
from django.db.models import Exists, OuterRef, Value, When

from households.choices import NationalMarking
from reports.models import ExportMark
from reports.selectors.decisions import decided
from workflow.models import Case


def household_marking() -> DbCase:
    """For a Household queryset: its NationalMarking code."""
    approved = Case.objects.filter(decided(), household=OuterRef("pk"))
    unmarked = approved.filter(~Exists(ExportMark.objects.filter(case=OuterRef("pk"))))
    return DbCase(
        When(Exists(unmarked), then=Value(NationalMarking.PENDING)),
        When(Exists(approved), then=Value(NationalMarking.MARKED)),
        When(national_marking=NationalMarking.MARKED, then=Value(NationalMarking.MARKED)),
        default=Value(NationalMarking.NOT_APPLICABLE),
    )
