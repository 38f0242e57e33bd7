"""Review finding (township #9): a 批复日期 before the case's last step is refused naming the step that actually
came last, with its date (services.approval_records.decision_floors): the one done last in time, also when several
were done on one day or on the day the risk was found, and a comparison the county bureau skipped (免于比对)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households.choices import Health
from tests.clock import today
from tests.workflow.batch_helpers import at_approval, open_case
from tests.workflow.helpers import act_after_publicity
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import Case, CaseStep, Procedure, Step
from workflow.services.approval_records import decision_floors
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.procedures import procedure_activate, procedure_deactivate

pytestmark = pytest.mark.django_db
NUMBER = "永巩固〔2026〕9号"


def steps_day() -> dt.date:
    """The day the case's steps were done: ten days ago."""
    return today() - dt.timedelta(days=10)


def at_hour(day, hour):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def done_at(case, times):
    """Each named step as if done at the given time."""
    for code, when in times.items():
        CaseStep.objects.filter(case=case, step__code=code).update(acted_at=when)


def floor(case):
    step = CaseStep.objects.select_related("step").get(case=case, step__code="county_approval")
    return decision_floors([case], {case.pk: step})[case.pk]


def refused(personas, case, decided_on):
    with pytest.raises(ValidationError) as raised:
        batch_decide(
            actor=personas.approver,
            refs=[CaseRef(case.pk, case_version(case))],
            decision="approve",
            document_number=NUMBER,
            decided_on=decided_on,
        )
    return raised.value.message_dict["decided_on"][0]


@pytest.fixture
def yongxiu(personas, household_a):
    """A Yongxiu case at its approval, its six steps done one after another on steps_day(), found three days before."""
    case = at_approval(personas, household_a, personas.cadre_a)
    codes = ["village_review", "village_publicity", "township_preliminary", "county_comparison", "township_audit"]
    done_at(case, {code: at_hour(steps_day(), 8 + n) for n, code in enumerate([*codes, "township_publicity"])})
    Case.objects.filter(pk=case.pk).update(discovered_on=steps_day() - dt.timedelta(days=3))
    case.refresh_from_db()
    return case


def test_of_steps_done_on_one_day_the_last_done_is_named(personas, yongxiu):
    assert floor(yongxiu) == (steps_day(), "“乡镇审核后再次公示”办结")

    message = refused(personas, yongxiu, steps_day() - dt.timedelta(days=1))
    assert f"张大山（“乡镇审核后再次公示”办结 {steps_day().isoformat()}）" in message


def test_the_time_it_was_done_decides_not_the_procedures_order(personas, yongxiu):
    # The township audited again late in the day, after the publicity's end was recorded (a correction, say).
    done_at(yongxiu, {"township_audit": at_hour(steps_day(), 20)})

    assert floor(yongxiu) == (steps_day(), "“乡镇审核”办结")


def test_steps_done_on_the_day_the_risk_was_found_are_named_not_the_finding(personas, yongxiu):
    Case.objects.filter(pk=yongxiu.pk).update(discovered_on=steps_day())
    yongxiu.refresh_from_db()

    assert floor(yongxiu) == (steps_day(), "“乡镇审核后再次公示”办结")
    assert "发现日期" not in refused(personas, yongxiu, steps_day() - dt.timedelta(days=1))


def test_a_skipped_comparison_done_last_is_named(personas, household_a):
    # Hebei (001 §四): the county may skip the asset comparison when the risk is clear; that is its last step.
    current = Procedure.objects.get(kind="identification", region_prefix="360425", is_active=True)
    procedure_deactivate(actor=personas.county_officer, procedure=current)
    Procedure.objects.filter(code="laiyuan_identification").update(region_prefix="360425", is_active=False)
    procedure_activate(actor=personas.county_officer, procedure=Procedure.objects.get(code="laiyuan_identification"))
    # A county running it whose leading group approves by a numbered 批复 (the shipped 县级审定 takes none: 001 §五).
    Step.objects.filter(procedure__code="laiyuan_identification", code="county_approval").update(
        role="county_approver", needs_approval_number=True
    )
    household_a.members.update(health=Health.SERIOUS)  # the risk is clear (services.skip_rules)
    case = open_case(personas.cadre_a, household_a)
    steps = [
        (personas.cadre_a, "household_check", Outcome.PASS),
        (personas.township, "township_check", Outcome.PASS),
        (personas.cadre_a, "village_review_publicity", Outcome.PASS),
        (personas.county_officer, "county_comparison", Outcome.SKIP),
    ]
    for actor, code, outcome in steps:
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=outcome, note="风险明确")
    assert CaseStep.objects.get(case=case, step__code="county_comparison").status == CaseStepStatus.SKIPPED
    earlier = steps_day() - dt.timedelta(days=1)
    done_at(
        case,
        {
            "household_check": at_hour(earlier, 9),
            "township_check": at_hour(earlier, 10),
            "village_review_publicity": at_hour(earlier, 11),
            "county_comparison": at_hour(steps_day(), 9),
        },
    )
    Case.objects.filter(pk=case.pk).update(discovered_on=earlier)
    case.refresh_from_db()

    assert floor(case) == (steps_day(), "“县级比对”免于比对")
    assert f"张大山（“县级比对”免于比对 {steps_day().isoformat()}）" in refused(personas, case, earlier)
