"""Two 集中排查 campaigns for the demo county (python manage.py seed_campaign_demo), so the campaign pages, their
ledgers and the summary (附件4) have something to show on a fresh demo:

- one the county ran earlier in the year over three villages of the demo cadre's township, every household there
  screened, its problems rectified and closed (销号) but one still 整改中, and ended (结束排查) after its summary;
- one the township runs now over all its villages, its field phase (入户排查) under way: screeners named, part of
  the cadre's village and of two others screened, a problem in rectification, the others 待整改.

Everything goes through the screening services as the demo users would act (the rules of dates, scope, overlap and
closing hold), then dated into the past (a demo cannot wait for a campaign): the campaign, its screeners, each form
and problem and the household history rows they wrote are dated when they would have been done; the audit log keeps
when the seed ran. "Earlier in the year" is this year's March to April once August has come, else last year's.
Runs once: skipped when the county already has a campaign. Not part of seed_demo, which the 150,000-household bench
seeds too (bench/)."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.approvals import login_refusal
from accounts.choices import VILLAGE_ROLES
from accounts.models import User
from households.choices import LivingStatus, RegionLevel
from households.models import Household, HouseholdEvent, Region, Visit
from screening.choices_campaigns import AreaLevel, PhaseKind, ProblemType
from screening.models import Campaign, HouseholdProblem, ScreeningForm
from screening.services import campaign_close, campaign_problems, campaigns
from screening.services.campaign_forms import form_refusal

# What the screeners found, by a household's place in its village's list: answers, at_risk, risk types.
FINDINGS: dict[int, tuple[dict[str, Any], bool, list[str]]] = {
    1: ({"2": {"checked": ["medical_5"], "problem": "户主患高血压多年，未办理慢性病证"}}, False, []),
    4: ({"3": {"checked": ["housing_2"], "problem": "东侧土坯房墙体开裂，雨季存在安全隐患"}}, True, ["unsafe_housing"]),
    6: ({"4": {"checked": ["water_1"], "problem": "雨季自备井水浑浊，水质不达标"}}, False, []),
}
CYCLE = 8
PLANS = {
    "medical": ("协调镇卫生院上门办理慢性病证", "镇卫生院"),
    "housing": ("纳入农村危房改造，先行加固东侧墙体", "镇村建办"),
    "water": ("接入村集中供水管网", "镇水务站"),
}
AREA_PROBLEM = "村集中供水工程无专人管护，长效管理机制不健全"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _phases(first: dt.date, days: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Consecutive phases from `first`, each its number of days."""
    phases, day = [], first
    for kind, length in days:
        phases.append({"kind": kind, "starts_on": day, "ends_on": day + dt.timedelta(days=length - 1)})
        day += dt.timedelta(days=length)
    return phases


class Command(BaseCommand):
    help = "为演示县生成一次已结束的集中排查（含排查结果和整改）和一次正在进行的乡镇集中排查（县里已有排查时跳过）。"

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.username: u for u in User.objects.filter(username__in=["cadre", "workteam", "township", "county"])}
        cadre = users.get("cadre")
        if cadre is None or not {"township", "county"} <= set(users):
            self.stdout.write("演示账号不全，跳过。")
            return
        village = Region.objects.select_related("parent__parent").get(path=cadre.region_path)
        township, county = village.parent, village.parent.parent
        if Campaign.objects.filter(region_path__startswith=county.path).exists():
            self.stdout.write("县里已有集中排查，跳过。")
            return
        villages = list(Region.objects.filter(parent=township, level=RegionLevel.VILLAGE).order_by("path"))
        villages.sort(key=lambda v: v.pk != village.pk)  # the cadre's village first
        self.today = timezone.localdate()
        self.users = users
        with transaction.atomic():
            done = self._closed(county, villages[:3])
            going = self._open(township, villages)
        self.stdout.write(f"已生成集中排查2次：已结束的入户排查{done}户，正在进行的已排查{going}户。")

    # --- the campaign the county ended earlier in the year ---

    def _closed(self, county: Region, villages: list[Region]) -> int:
        year = self.today.year if self.today >= dt.date(self.today.year, 8, 1) else self.today.year - 1
        phases = _phases(
            dt.date(year, 3, 1),
            [(PhaseKind.MOBILIZATION, 10), (PhaseKind.FIELD_SCREENING, 31), (PhaseKind.RECTIFICATION, 81),
             (PhaseKind.SUMMARY, 15)],
        )  # fmt: skip
        organiser = self.users["county"]
        campaign = campaigns.campaign_create(
            actor=organiser,
            name=f"{year}年春季防止返贫致贫集中排查",
            region=county,
            villages=villages,
            phases=phases,
        )
        field = phases[1]
        screened = self._screen(campaign, villages, field["starts_on"], field["ends_on"], share=1)
        township = self.users["township"]
        area = campaign_problems.area_problem_create(
            actor=township,
            campaign=campaign,
            level=AreaLevel.VILLAGE,
            region=villages[0],
            problem_type=ProblemType.WATER,
            content=AREA_PROBLEM,
        )
        type(area).objects.filter(pk=area.pk).update(created_at=_at(field["ends_on"], 17))
        campaign_close.campaign_close(actor=organiser, campaign=campaign, acknowledged=True)
        closed_at = _at(phases[-1]["ends_on"], 17)  # once the summary (附件4) was reported
        Campaign.objects.filter(pk=campaign.pk).update(created_at=_at(phases[0]["starts_on"], 9), closed_at=closed_at)
        campaign.assignments.update(created_at=_at(phases[0]["ends_on"], 10))
        # Rectification goes on after the end (campaign_close): all closed (销号) but the last, still 整改中.
        problems = [*HouseholdProblem.objects.filter(campaign=campaign).order_by("pk"), area]
        for n, problem in enumerate(problems):
            created = timezone.localdate(type(problem).objects.get(pk=problem.pk).created_at)
            self._rectify(problem, created, close=n < len(problems) - 1)
        return screened

    # --- the township's campaign under way ---

    def _open(self, township: Region, villages: list[Region]) -> int:
        phases = _phases(
            self.today - dt.timedelta(days=20),
            [(PhaseKind.MOBILIZATION, 10), (PhaseKind.FIELD_SCREENING, 30), (PhaseKind.RECTIFICATION, 30),
             (PhaseKind.SUMMARY, 10)],
        )  # fmt: skip
        organiser, field_start = self.users["township"], phases[1]["starts_on"]
        campaign = campaigns.campaign_create(
            actor=organiser,
            name=f"{field_start:%Y}年{field_start.month}月{township.name}防止返贫致贫集中排查",
            region=township,
            villages=villages,
            phases=phases,
        )
        Campaign.objects.filter(pk=campaign.pk).update(created_at=_at(phases[0]["starts_on"], 9))
        # The cadre's village half screened, two others a third, the rest not yet; the last day screened yesterday.
        screened = self._screen(campaign, villages[:1], field_start, self.today - dt.timedelta(days=1), share=2)
        screened += self._screen(campaign, villages[1:3], field_start, self.today - dt.timedelta(days=1), share=3)
        for village in villages[3:]:
            self._screeners(campaign, village)
        campaign.assignments.update(created_at=_at(phases[0]["ends_on"], 10))
        first = HouseholdProblem.objects.filter(campaign=campaign).order_by("pk").first()
        if first is not None:
            self._rectify(first, timezone.localdate(first.created_at), close=False)
        return screened

    # --- the field work ---

    def _screeners(self, campaign: Campaign, village: Region) -> list[User]:
        """Who screens the village, named by the organiser: the demo's cadre and work-team member in theirs, the
        village's grid worker elsewhere (none named where no one can log in)."""
        people = User.objects.filter(region_path=village.path, role__in=VILLAGE_ROLES, is_active=True).order_by("pk")
        named = []
        for person in people:
            if login_refusal(person):
                continue
            campaigns.assignment_add(actor=campaign.created_by, campaign=campaign, village=village, cadre=person)
            named.append(person)
        return named

    def _screen(self, campaign: Campaign, villages: list[Region], first: dt.date, last: dt.date, share: int) -> int:
        """Name the screeners of each village and fill the forms of every `share`-th household with somebody living
        there, spread over first…last, by its screener (the township's officer where there is none)."""
        done = 0
        for village in villages:
            screeners = self._screeners(campaign, village) or [self.users["township"]]
            households = (
                Household.objects.filter(village=village, is_active=True)
                .annotate(n=Count("members", filter=Q(members__living_status=LivingStatus.LIVING)))
                .filter(n__gt=0)
                .order_by("number")
            )
            chosen = [h for i, h in enumerate(households) if i % share == 0 and not form_refusal(h)]
            span = max((last - first).days, 0)
            for i, household in enumerate(chosen):
                day = first + dt.timedelta(days=span * i // max(len(chosen) - 1, 1) if span else 0)
                answers, at_risk, risks = FINDINGS.get(i % CYCLE, ({}, False, []))
                since = timezone.now()
                form = campaigns.form_submit(
                    actor=screeners[i % len(screeners)],
                    campaign=campaign,
                    household=household,
                    answers=answers,
                    at_risk=at_risk,
                    risk_types=risks,
                    filled_on=day,
                    # A problem found but no risk of falling back (a certificate not issued, muddy water in the
                    # rains): the screener confirms the judgement, as the page asks.
                    confirm_judgement=bool(answers) and not at_risk,
                )
                at = _at(day, 16)
                ScreeningForm.objects.filter(pk=form.pk).update(created_at=at)
                HouseholdProblem.objects.filter(form=form).update(created_at=at)
                Visit.objects.filter(pk=form.visit_id).update(created_at=at)
                HouseholdEvent.objects.filter(household=household, created_at__gte=since).update(created_at=at)
                done += 1
        return done

    def _rectify(self, problem: Any, created: dt.date, *, close: bool) -> None:
        """The problem's four lists (措施、责任人、责任单位、时限) set and rectification started the day after it was
        found, and when `close`, closed (销号) three weeks on with a written account; each dated then."""
        township = self.users["township"]
        measure, unit = PLANS.get(problem.problem_type, ("村委会落实专人管护，建立管护制度", "村委会"))
        started = created + dt.timedelta(days=1)
        with self._dated(problem, started):
            problem = campaign_problems.problem_plan(
                actor=township,
                problem=problem,
                measure=measure,
                responsible_person=township.get_full_name() or township.username,
                responsible_unit=unit,
                deadline=created + dt.timedelta(days=60),
            )
            problem = campaign_problems.problem_start(actor=township, problem=problem)
        closed_on = created + dt.timedelta(days=21)
        if close and closed_on <= self.today:
            with self._dated(problem, closed_on):
                campaign_problems.problem_close(
                    actor=township,
                    problem=problem,
                    evidence_text=f"已{measure}，经村组干部入户核实，问题已解决。",
                    effect="问题已解决",
                    closed_on=closed_on,
                )

    @contextmanager
    def _dated(self, problem: Any, day: dt.date) -> Iterator[None]:
        """What is done to the problem inside, dated `day`: its last change, and its household's history rows."""
        since = timezone.now()
        yield
        at = _at(day, 11)
        type(problem).objects.filter(pk=problem.pk).update(updated_at=at)
        if isinstance(problem, HouseholdProblem):
            HouseholdEvent.objects.filter(household_id=problem.household_id, created_at__gte=since).update(
                created_at=at
            )
