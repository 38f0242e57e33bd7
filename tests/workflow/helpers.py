import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from households.choices import ConsentSigner, LivingStatus
from households.models import Consent
from households.services.visits import consent_record
from tests.households.conftest import consent_scan
from workflow.choices import CaseStepStatus, Outcome, StepKind
from workflow.choices_comparisons import ComparisonItem, FindingResult
from workflow.models import CaseStep
from workflow.services.cases import case_act as service_case_act
from workflow.services.comparisons import FindingInput, comparison_record


def sign_consent(*, actor, household):
    """The family's signed consent with its scan, unless one is on file: a village step passes only with it, and
    the county's comparison requires it (workflow.services.pass_rules, services.comparisons)."""
    if not Consent.objects.filter(household=household).exclude(scan="").exists():
        consent_record(
            actor=actor,
            household=household,
            signed_on=timezone.localdate(),
            signer=ConsentSigner.SELF,
            scan=consent_scan(),
        )


def compare_clear(*, actor, case):
    """The county's department comparison finding nothing for any member, with the signed consent it requires."""
    household = case.household
    sign_consent(actor=actor, household=household)
    findings = [
        FindingInput(member_id=member.pk, item=item, result=FindingResult.NONE)
        for member in household.members.filter(living_status=LivingStatus.LIVING)
        for item in ComparisonItem.values
    ]
    comparison_record(actor=actor, case=case, compared_on=timezone.localdate(), findings=findings)
    case.refresh_from_db()
    return case


DOCUMENT_NUMBER = "永巩固〔2026〕1号"


def minutes():
    """A village review meeting's minutes, as a scan a cadre uploads."""
    return SimpleUploadedFile("评议会议记录.pdf", b"%PDF-1.7\n% minutes\n", content_type="application/pdf")


def household_checked(*, actor, case):
    """The household visit the village records before its review (000 §三(三)2 上户核实; 001 §三 入户核查核实), unless
    one is on file since the case was found: a step that asks it (Step.needs_visit) passes only with it
    (workflow.services.pass_rules)."""
    from households.services.visits import visit_record
    from workflow.services.pass_rules import cases_unvisited, visit_since

    if case.pk in cases_unvisited([case]):
        visit_record(actor=actor, household=case.household, visited_on=visit_since(case), notes="上户核实")


def case_act(**kwargs):
    """The service's case_act with what a village review passed directly needs: the household visit before it, its
    meeting's minutes, and the family's signed consent for a village step (a test that is about the rule itself
    calls the service)."""
    step = CaseStep.objects.select_related("step").filter(case=kwargs["case"], step__code=kwargs["step_code"])
    passing = kwargs.get("outcome") == Outcome.PASS
    bare = not kwargs.get("attachment") and not kwargs.get("meeting")
    # A publicity that is the village's review too (Step.with_review) passes with the minutes as well.
    reviews = step.filter(Q(step__kind=StepKind.VILLAGE_REVIEW) | Q(step__with_review=True))
    if passing and bare and reviews.exists():
        kwargs["attachment"] = minutes()
    village = [StepKind.VILLAGE_REVIEW, StepKind.HOUSEHOLD_VERIFICATION]
    if kwargs.get("outcome") == Outcome.PASS and step.filter(step__kind__in=village).exists():
        sign_consent(actor=kwargs["actor"], household=kwargs["case"].household)
    if passing and step.filter(step__needs_visit=True).exists():
        household_checked(actor=kwargs["actor"], case=kwargs["case"])
    return service_case_act(**kwargs)


def act(**kwargs):
    """case_act, except that a comparison step is passed the only way it may be: by recording the comparison."""
    case_step = (
        CaseStep.objects.select_related("step").filter(case=kwargs["case"], step__code=kwargs["step_code"]).first()
    )
    comparing = case_step is not None and case_step.step.kind == StepKind.DEPARTMENT_COMPARISON
    if comparing and case_step.status == CaseStepStatus.OPEN and kwargs["outcome"] == Outcome.PASS:
        return compare_clear(actor=kwargs["actor"], case=kwargs["case"])
    if (
        case_step is not None
        and case_step.step.kind == StepKind.COUNTY_APPROVAL
        and case_step.step.needs_approval_number
    ):
        kwargs.setdefault("document_number", DOCUMENT_NUMBER)  # a pass carries its 批复文号 where its step asks one
    return case_act(**kwargs)


def post_publicity(case, **filters):
    """Record every open publicity of the case as posted long ago (a pass needs the posting day, services.publicity),
    and its period as ended (the end-date and posting rules are tested on their own)."""
    steps = CaseStep.objects.filter(case=case, **filters)
    steps.filter(step__kind=StepKind.PUBLICITY, status=CaseStepStatus.OPEN, posted_on__isnull=True).update(
        posted_on=dt.date(2000, 1, 1)
    )
    steps.filter(ends_on__isnull=False).update(ends_on=dt.date(2000, 1, 1))


def act_after_publicity(**kwargs):
    """act() as it would run once every open publicity was posted and has ended."""
    post_publicity(kwargs["case"])
    return act(**kwargs)


def task_tile(home: str) -> str | None:
    """The count on the home page's 我的任务 tile, or None when the tile is not there."""
    match = re.search(r'href="/workflow/"><strong>我的任务 <span class="tile-count">(\d+)</span>', home)
    return match and match.group(1)


def measure_in_place(household):
    """One measure 实施中 since today in the household's plan (made for it when it has none): an exit opens and
    passes only with a measure in place or a reason recorded for none (workflow.services.exit_rules)."""
    from django.contrib.auth import get_user_model

    from assistance.choices import MeasureStatus
    from assistance.models import MeasureType, Plan, PlanMeasure

    today = timezone.localdate()
    user = get_user_model().objects.order_by("pk").first()
    plan = Plan.objects.filter(household=household).first() or Plan.objects.create(
        household=household, region_path=household.region_path, next_return_due=today, created_by=user
    )
    PlanMeasure.objects.create(
        plan=plan,
        household=household,
        region_path=household.region_path,
        measure_type=MeasureType.objects.filter(for_member=False).order_by("pk").first(),
        responsible_unit="乡镇人民政府",
        responsible_person="王干部",
        starts_on=today,
        status=MeasureStatus.IN_PROGRESS,
        created_by=user,
    )
    return household


def exit_ready(household, wage: str = "60000", *, measure: bool = True):
    """This year's income and last year's, well above any monitoring line a test sets: an exit opens and passes only
    with an income recorded for this or last year and above the line (workflow.services.exit_rules); and, unless
    `measure` is False, one measure in place (measure_in_place)."""
    from decimal import Decimal

    from households.models import HouseholdIncome

    if measure:
        measure_in_place(household)

    amount = Decimal(wage)
    values = {
        "region_path": household.region_path,
        "wage_income": amount,
        "members_count": 1,
        "per_capita_net_income": amount,
    }
    year = timezone.localdate().year
    HouseholdIncome.objects.update_or_create(household=household, year=year, defaults=values)
    # The year before too, unless the test set it: one year alone does not show the income lasts (an advisory).
    HouseholdIncome.objects.get_or_create(household=household, year=year - 1, defaults=values)
    return household


def allow_green_channel(household, kind="identification"):
    """Configure a green channel (Procedure.green_channel) on the procedure the household's inclusion runs on, as a
    county whose rules give one does on the configuration site. The test county runs Yongxiu's procedure, which has
    none (seed 000; 001 §四 gives it to Laiyuan): tests of the channel's rules on its village steps set it here."""
    from workflow.models import Procedure
    from workflow.services.case_opening import procedure_for

    Procedure.objects.filter(pk=procedure_for(household, kind).pk).update(green_channel=True)
