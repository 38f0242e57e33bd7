"""What the reviewing steps are told when a case's declared risk types are not borne out by its household's own
record (households.risk_evidence): a medical cost with nobody ill or disabled (living or lately deceased), a
schooling risk without a pupil or a child of school age, a job loss without anyone who could work, an unsafe house
or water on a record that says it is secured. Shown beside the township's audit, the county's comparison and
approval (single and batch) and on the case page as an advisory: seed 000 §三(三) lets the visit tell what the
registry does not yet, so the reviewer decides; nothing is refused for it. One query for all the cases of a page.
"""

import datetime as dt
from collections.abc import Iterable

from households.choices import LivingStatus
from households.models import Member
from households.risk_evidence import RISK_GUARANTEES, risk_gaps, secured_of
from workflow.choices import CaseKind
from workflow.models import Case

MSG_RISK_UNSUPPORTED = "申报风险“{risk}”，但{missing}"
RISK_FLAG = "申报风险与档案信息不符"


def risk_contradictions(cases: Iterable[Case], today: dt.date) -> dict[int, list[str]]:
    """Case pk → one advisory per declared risk its household's record contradicts (cases with none, and exits,
    left out). The members of every case's household, with the household's housing and water fields, are read in
    one query (a household with no living or deceased member has no row: only its members' gaps would be said, and
    its record is a data check's finding, 有效农户无在世成员)."""
    # An exit's risks are the ones being eliminated: what they were declared for is not the question any more.
    cases = [case for case in cases if case.kind != CaseKind.EXIT]
    if not cases:
        return {}
    members: dict[int, list[Member]] = {case.household_id: [] for case in cases}
    secured: dict[int, dict[str, bool]] = {}
    fields = [guarantee.field for guarantee in RISK_GUARANTEES]
    rows = (
        Member.objects.filter(household_id__in=members, living_status__in=[LivingStatus.LIVING, LivingStatus.DECEASED])
        .select_related("household")
        .only(
            "household_id",
            "birth_date",
            "health",
            "labour_skill",
            "student_stage",
            "living_status",
            "status_changed_on",  # a recent death bears a medical cost out (households.risk_evidence)
            *[f"household__{field}" for field in fields],
        )
    )
    for member in rows:
        members[member.household_id].append(member)
        secured[member.household_id] = secured_of(member.household)
    found: dict[int, list[str]] = {}
    for case in cases:
        gaps = risk_gaps(
            risk_types=case.risk_types or [],
            national_risk_types=case.national_risk_types or [],
            members=members[case.household_id],
            today=today,
            secured=secured.get(case.household_id),
        )
        if gaps:
            found[case.pk] = [MSG_RISK_UNSUPPORTED.format(risk=gap.label, missing=gap.missing) for gap in gaps]
    return found


def case_risk_contradictions(case: Case, today: dt.date) -> list[str]:
    """risk_contradictions for one case, as its own page and the county's comparison page show it."""
    return risk_contradictions([case], today).get(case.pk, [])
