"""Identification cases for the demo county at every stage, and a risk elimination waiting for the county's batch
approval (python manage.py seed_workflow_demo), so the pages that follow cases — my tasks, the batch approval queue,
the dashboard — have something to show. Everything goes
through the services as the demo users would act, then dated into the past along one timeline per case (a demo cannot
wait five days for a publicity): discovered, reviewed the next day, publicised for the step's days, and so on, each
step done on or after the day the one before it ended, the last one yesterday; the hourly publicity task passes the
publicities as it would. A county reading the demo's 乡镇审核汇总名单 or a case's record sees the dates a real case
would have (a review dated after its own publicity was what a reviewer found). Runs once: skipped when the county
already has cases."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from households.choices import ConsentSigner, LivingStatus, MonitoringCategory, categories_for
from households.labour import without_labour
from households.models import Consent, Household
from households.national import household_national_risk_types
from households.services.income import income_save
from households.services.visit_stated import FINDINGS
from households.services.visits import consent_record, visit_record
from workflow.choices import CaseKind, CaseStatus, Channel, DayType, Outcome, StepKind
from workflow.choices_comparisons import ComparisonItem, FindingResult
from workflow.models import Case, CaseEvent, CaseStep
from workflow.services.cases import case_act, case_open
from workflow.services.comparisons import FindingInput, comparison_record
from workflow.services.deadlines import publicity_complete_due
from workflow.services.exit_rules import exit_refusal
from workflow.services.income_rules import cases_missing_income, income_years
from workflow.workdays import publicity_end

# How far each demo case gets: the steps it passes, in the Yongxiu procedure's order.
TO_APPROVAL = [
    "village_review",
    "village_publicity",
    "township_preliminary",
    "county_comparison",
    "township_audit",
    "township_publicity",
]
STAGES = [
    TO_APPROVAL[:0],  # waits for the village review
    TO_APPROVAL[:1],  # in village publicity
    TO_APPROVAL[:2],  # at the township's preliminary review (汇总初审)
    TO_APPROVAL[:3],  # at the county's department comparison
    TO_APPROVAL[:4],  # at the township audit
    TO_APPROVAL,  # waiting for the county's batch approval (three of them)
    TO_APPROVAL,
    TO_APPROVAL,
]
# A risk elimination's steps before the county's batch approval, in the Yongxiu procedure's order.
EXIT_TO_APPROVAL = ["village_review", "village_publicity", "township_audit"]
DEMO_EXIT_WAGE = Decimal("60000")  # a household's year, above any line a county sets
RISKS = [["medical_cost"], ["unsafe_housing"], ["low_income", "medical_cost"], ["unemployment"], ["disaster_loss"]]

DEMO_MINUTES = b"%PDF-1.4\n% Shouwang demo: minutes of a village review meeting\n%%EOF\n"
DEMO_LOW_WAGE = Decimal("4000")  # a household's year, under any line a county sets
DEMO_CONSENT = b"%PDF-1.4\n% Shouwang demo: a signed consent form\n%%EOF\n"


class Command(BaseCommand):
    help = "为演示县生成处于各环节的识别纳入案件和一件待县级审批的风险消除案件（已有案件时跳过）。"

    def handle(self, *args: Any, **options: Any) -> None:
        if Case.objects.exists():
            self.stdout.write("已有案件，跳过。")
            return
        users = {u.username: u for u in User.objects.filter(username__in=["cadre", "township", "county"])}
        cadre = users.get("cadre")
        if cadre is None or len(users) < 3:
            self.stdout.write("演示账号不全，跳过。")
            return
        actors = {"village": cadre, "township": users["township"], "county": users["county"]}
        households = (
            Household.objects.filter(region_path__startswith=cadre.region_path, is_active=True, monitoring_category="")
            .annotate(n=Count("members", filter=Q(members__living_status=LivingStatus.LIVING)))
            .filter(n__gt=0)
            .order_by("pk")[: len(STAGES)]
        )
        today = timezone.localdate()
        made = 0
        for index, (household, stage) in enumerate(zip(households, STAGES, strict=False)):
            # The day it was found: far enough back for its steps to end yesterday (a day's work a step, a
            # publicity its days), a day or two earlier for some so the cases do not all share their dates.
            day = today - dt.timedelta(days=sum(_days(code) for code in stage) + index % 2)
            case = case_open(
                actor=cadre,
                household=household,
                kind=CaseKind.IDENTIFICATION,
                channel=[Channel.CADRE_VISIT, Channel.SCREENING_HIT, Channel.SELF_APPLICATION][index % 3],
                risk_types=RISKS[index % len(RISKS)],
                national_risk_types=household_national_risk_types(household, RISKS[index % len(RISKS)]),
                category=(
                    MonitoringCategory.SUDDEN_HARDSHIP
                    if index % 2
                    else categories_for(household.household_type)[0][0]  # 脱贫不稳定户 or 边缘易致贫户
                ),
                discovered_on=day - dt.timedelta(days=1),
            )
            before = _at(day - dt.timedelta(days=1), 9)
            _backdate(case, since=None, to=before)
            for code in stage:
                case, before = self._pass(case, code, actors, day, before, today)
                day = timezone.localdate(before) + dt.timedelta(days=1)
            # The step now open opened when the last one passed.
            CaseStep.objects.filter(case=case, opened_at__gt=before).update(opened_at=before)
            made += 1
        exits = self._exit(actors, today)
        self.stdout.write(f"已生成 {made} 件识别纳入案件、{exits} 件风险消除案件。")

    def _exit(self, actors: dict[str, User], today: dt.date) -> int:
        """A risk elimination waiting for the county's batch approval beside the inclusions: the first household
        the demo monitors in the cadre's village (seed_assistance_demo's) that has labour, its years' income entered
        above the line and a visit finding its 两不愁三保障 secured before the case was opened, and
        nothing else refusing its exit (services.exit_rules). None if no household may leave."""
        cadre = actors["village"]
        monitored = (
            Household.objects.filter(region_path__startswith=cadre.region_path, is_active=True)
            .exclude(monitoring_category="")
            .exclude(cases__status=CaseStatus.OPEN)
            .order_by("pk")
        )
        able = without_labour(monitored.values_list("pk", flat=True))
        day = today - dt.timedelta(days=sum(_days(code) for code in EXIT_TO_APPROVAL))
        for household in (h for h in monitored if h.pk not in able):
            for year in income_years(today):
                wage = {"wage_income": DEMO_EXIT_WAGE}
                income_save(actor=cadre, household=household, year=year, amounts=wage, confirm_unusual=True)
            secured = dict.fromkeys(FINDINGS, True)
            notes = "回访：“两不愁三保障”和饮水安全均有保障，家庭成员稳定务工，收入持续稳定。"
            visit_record(actor=cadre, household=household, visited_on=day - dt.timedelta(days=3), findings=secured,
                         notes=notes)  # fmt: skip
            household.refresh_from_db()
            if exit_refusal(household, today, measures=False):
                continue
            case = case_open(
                actor=cadre,
                household=household,
                kind=CaseKind.EXIT,
                channel=Channel.CADRE_VISIT,
                discovered_on=day - dt.timedelta(days=1),
                confirm_advisories=True,
                # The demo's measures may not be under way yet: the reason the rules then ask for.
                no_measure_reason="" if not exit_refusal(household, today) else "风险自然消除：家庭成员已稳定务工。",
            )
            before = _at(day - dt.timedelta(days=1), 9)
            _backdate(case, since=None, to=before)
            for code in EXIT_TO_APPROVAL:
                case, before = self._pass(case, code, actors, day, before, today)
                day = timezone.localdate(before) + dt.timedelta(days=1)
            CaseStep.objects.filter(case=case, opened_at__gt=before).update(opened_at=before)
            return 1
        return 0

    def _pass(
        self, case: Case, code: str, actors: dict[str, User], day: dt.date, before: dt.datetime, today: dt.date
    ) -> tuple[Case, dt.datetime]:
        """Pass the step on `day` (a publicity: posted then, ended its days later); returns the case and when the
        step was done."""
        case_step = CaseStep.objects.select_related("step").get(case=case, step__code=code)
        actor = next(u for u in actors.values() if u.role == case_step.step.role)
        since = timezone.now()
        if case_step.ends_on is not None:
            # A publicity that ran its course: posted on `day`, ended when the publicity rules end it (its days
            # counted from the day after the posting, as services.publicity computes it), passed the day after.
            step = case_step.step
            ends = publicity_end(day, step.days or 5, step.day_type or DayType.CALENDAR)
            CaseStep.objects.filter(pk=case_step.pk).update(opened_at=before, posted_on=day, ends_on=ends)
            publicity_complete_due(today=today)
            done = _at(ends + dt.timedelta(days=1), 9)
        elif case_step.step.kind == StepKind.DEPARTMENT_COMPARISON:
            self._compare(case, actor, day)
            done = _at(day, 16)
        else:
            approval = case_step.step.kind == StepKind.COUNTY_APPROVAL
            numbered = approval and case_step.step.needs_approval_number  # 001 §五's county bureau decides without
            review = case_step.step.kind == StepKind.VILLAGE_REVIEW
            if review or case_step.step.kind == StepKind.HOUSEHOLD_VERIFICATION:
                self._sign(case.household, actor, day)  # the application carries it (seed 003 §二2(4))
                self._income(case, actor, today)  # a low income passes on the year's figures (services.income_rules)
            if case_step.step.needs_visit:
                # 000 §三(三)2: the village committee 上户核实 before its meeting (services.pass_rules).
                visit_record(actor=actor, household=case.household, visited_on=day, notes="上户核实，情况属实。")
            case_act(
                actor=actor,
                case=case,
                step_code=code,
                outcome=Outcome.PASS,
                note="同意。" if approval else "经核实，情况属实。",
                document_number=f"永巩固〔{today.year}〕1号" if numbered else "",
                # A village review passes with its meeting's minutes (a one-page placeholder PDF in the demo).
                attachment=SimpleUploadedFile("评议会议记录.pdf", DEMO_MINUTES, "application/pdf") if review else None,
            )
            done = _at(day, 15)
        CaseStep.objects.filter(pk=case_step.pk).update(opened_at=before, acted_at=done)
        _backdate(case, since=since, to=done)
        case.refresh_from_db()
        return case, done

    def _sign(self, household: Household, actor: User, day: dt.date) -> None:
        if not Consent.objects.filter(household=household).exclude(scan="").exists():
            # The signed consent is on file with its scan (a placeholder PDF in the demo).
            scan = SimpleUploadedFile("承诺和授权查询书.pdf", DEMO_CONSENT, "application/pdf")
            consent_record(actor=actor, household=household, signed_on=day, signer=ConsentSigner.SELF, scan=scan)

    def _income(self, case: Case, actor: User, today: dt.date) -> None:
        if cases_missing_income([case], today):
            # The demo county's households come with the year's income; one without gets a low wage entered.
            year, wage = income_years(today)[0], {"wage_income": DEMO_LOW_WAGE}
            income_save(actor=actor, household=case.household, year=year, amounts=wage, confirm_unusual=True)

    def _compare(self, case: Case, actor: User, day: dt.date) -> None:
        household = case.household
        self._sign(household, actor, day)
        findings = [
            FindingInput(member_id=member.pk, item=item, result=FindingResult.NONE)
            for member in household.members.filter(living_status=LivingStatus.LIVING)
            for item in ComparisonItem.values
        ]
        comparison_record(actor=actor, case=case, compared_on=day, findings=findings)


def _days(code: str) -> int:
    """Days a step takes on the demo's timeline: a publicity the posting day, its five days and the day it passes
    (Yongxiu's publicities run five calendar days), another one."""
    return 7 if code.endswith("publicity") else 1


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _backdate(case: Case, *, since: dt.datetime | None, to: dt.datetime) -> None:
    """The case's record of what was just done (its events since `since`, all when None) dated `to`."""
    events = CaseEvent.objects.filter(case=case)
    if since is not None:
        events = events.filter(created_at__gte=since)
    events.update(created_at=to)
