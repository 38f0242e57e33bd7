"""Which open inclusions still lack the family's signed consent (农户承诺和授权查询书, seed 003 §二2(4): 农户提出申请时
应填写, 附件1), said from the day the case opens: the county's department comparison may not query the family's
assets without it (services.comparisons), nor may the village pass its step to the township (services.pass_rules).
"On file" is households.services.visits.consent_on_file's rule (a consent recorded with its scan), read here for a
page of cases at once."""

from collections.abc import Iterable

from households.models import Consent
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case

# The consent is asked of an application to be monitored; an exit queries no assets.
NEEDS_CONSENT = (CaseKind.IDENTIFICATION, CaseKind.REMARK)


def households_with_consent(household_ids: Iterable[int]) -> set[int]:
    """Of these households, those whose signed consent is on file with its scan."""
    ids = set(household_ids)
    if not ids:
        return set()
    rows = Consent.objects.filter(household_id__in=ids).exclude(scan="").values_list("household_id", flat=True)
    return set(rows)


def consent_asked(case: Case) -> bool:
    """Whether the case's procedure asks for the consent at all: an exit (风险消除) does not."""
    return case.kind in NEEDS_CONSENT


def consent_needed(case: Case) -> bool:
    return case.status == CaseStatus.OPEN and consent_asked(case)


def cases_missing_consent(cases: Iterable[Case]) -> set[int]:
    """The ids of the open inclusions among `cases` whose household has no consent on file."""
    needing = [case for case in cases if consent_needed(case)]
    on_file = households_with_consent(case.household_id for case in needing)
    return {case.pk for case in needing if case.household_id not in on_file}


def consent_missing(case: Case) -> bool:
    return bool(cases_missing_consent([case]))
