"""Walk a case to a step whatever steps the county's procedure puts before it (presets change; the walk reads them)."""

from households.choices import MonitoringCategory
from tests.workflow.helpers import act_after_publicity, household_checked
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.models import CaseStep
from workflow.services.cases import case_open


def actor_for(personas, role):
    return {
        "village_cadre": personas.cadre_a,
        "township_officer": personas.township,
        "county_officer": personas.county_officer,
        "county_approver": personas.approver,
    }[role]


def open_case(personas, household):
    """A cadre's case, with the visit that found the risk on file (the village review asks it, 000 §三(三)2)."""
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    household_checked(actor=personas.cadre_a, case=case)
    return case


def walk_to(personas, case, step_code):
    """Pass every step before `step_code` (publicities as if ended) until it is open; returns its CaseStep."""
    for _ in range(20):
        target = CaseStep.objects.select_related("step").get(case=case, step__code=step_code)
        if target.status == CaseStepStatus.OPEN:
            return target
        current = CaseStep.objects.select_related("step").filter(case=case, status=CaseStepStatus.OPEN).first()
        actor = actor_for(personas, current.step.role)
        act_after_publicity(actor=actor, case=case, step_code=current.step.code, outcome=Outcome.PASS)
    raise AssertionError(f"{step_code} never opened")
