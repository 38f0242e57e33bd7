"""Plans, measures, help contacts, return visits and a claim for the demo county's monitored households
(python manage.py seed_assistance_demo), written through the services like a township officer would."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from assistance.choices import ClaimCause, Effect, MeasureStatus
from assistance.models import MeasureType, Plan
from assistance.selectors import plan_suggestions
from assistance.services import claims, contacts, employment, measure_status, measures, plans, visits
from households.choices import categories_for
from households.models import Household, Member

PERSONS = ["王建华", "刘志刚", "陈美玲", "赵国庆", "周丽娟"]


DEMO_VILLAGE_MONITORED = 3


class Command(BaseCommand):
    help = "为演示县的监测户生成帮扶方案、措施、联系人、回访和防贫保理赔（已有方案的跳过）。"

    def handle(self, *args: Any, **options: Any) -> None:
        officer = User.objects.get(username="county")
        cadre = User.objects.filter(username="cadre").first()
        today = timezone.localdate()
        households = Household.objects.filter(is_active=True).exclude(monitoring_category="")
        if cadre is not None:
            # The demo cadre's village gets three monitored households too, so their pages have something to show:
            # once (each `make run` seeds again), and never one whose identification case is still open (the
            # county has not approved it: a village's list would show it monitored beside its 村级评议).
            village = Household.objects.filter(region_path__startswith=cadre.region_path)
            wanted = max(0, DEMO_VILLAGE_MONITORED - village.exclude(monitoring_category="").count())
            extra = village.filter(monitoring_category="").exclude(cases__status="open").order_by("pk")[:wanted]
            for household in list(extra):
                Household.objects.filter(pk=household.pk).update(
                    # The category the household's type allows: 脱贫不稳定户 for a lifted-out one, else 边缘易致贫户.
                    monitoring_category=categories_for(household.household_type)[0][0],
                    # As if approved two months ago: the monitored ledger lists every household with its start date.
                    monitoring_start=today - dt.timedelta(days=60),
                    risk_types=["medical_cost", "unsafe_housing"],
                    housing_ok=False,  # the risk is that it is not secured (households.risk_evidence)
                    labour_capacity="partial",
                )
        made = 0
        for index, household in enumerate(households.order_by("pk")):
            if Plan.objects.filter(household=household).exists():
                continue
            plan = plans.plan_create(actor=officer, household=household, note="缺什么补什么，因户施策。")
            # As if made a month ago, before its measures started and its return visits (none may predate it).
            Plan.objects.filter(pk=plan.pk).update(
                next_return_due=today + dt.timedelta(days=index * 4 - 12),
                created_at=timezone.now() - dt.timedelta(days=30),
            )
            for number, suggestion in enumerate(plan_suggestions(plan)[:2]):
                measure = measures.measure_add(
                    actor=officer,
                    plan=plan,
                    measure_type=suggestion.measure_type,
                    member=suggestion.member,
                    starts_on=today - dt.timedelta(days=20 - number),
                    ends_on=today + dt.timedelta(days=160),
                    amount=Decimal(1200 * (number + 1)),
                    responsible_person=PERSONS[(index + number) % len(PERSONS)],
                )
                if number == 0 and index % 2 == 0:
                    measure_status.measure_set_status(actor=officer, measure=measure, status=MeasureStatus.IN_PROGRESS)
            sick = household.members.filter(living_status="living").exclude(health="healthy").first()
            if index % 2 == 0 and "medical_cost" in household.risk_types and sick is not None:
                # A 卫健 measure, so the demo clerk (卫健) has a list: for the sick only (assistance.fit refuses it
                # for a healthy member).
                measures.measure_add(
                    actor=officer,
                    plan=plan,
                    measure_type=MeasureType.objects.get(code="family_doctor"),
                    member=sick,
                    starts_on=today - dt.timedelta(days=5),
                    ends_on=today + dt.timedelta(days=90),  # the demo gives each measure an end date
                    responsible_person="镇卫生院 陈医生",
                )
            helper = User.objects.filter(
                Q(region_path__startswith=household.region_path[:12]) | Q(region_path=household.region_path[:9]),
                role__in=["village_cadre", "work_team", "township_officer"],
                is_active=True,
            ).first()
            if helper is not None:
                contacts.help_contact_assign(actor=officer, household=household, contact=helper)
            if index % 3 == 1:
                visits.return_visit_record(
                    actor=officer,
                    plan=plan,
                    visited_on=today - dt.timedelta(days=3),
                    effect=Effect.FAIR,
                    note="措施落实中",
                )
            if index == 0:
                claims.claim_create(
                    actor=officer,
                    household=household,
                    cause=ClaimCause.ILLNESS,
                    amount=Decimal("8000"),
                    occurred_on=today,
                )
            made += 1
        year, quarter = employment.quarter_of(today)
        members = Member.objects.filter(household__monitoring_category__gt="")
        from assistance.selectors import employment_members

        employment.employment_snapshot_take(
            actor=officer, members=employment_members(actor=officer).filter(pk__in=members), year=year, quarter=quarter
        )
        self.stdout.write(f"已为 {made} 户生成帮扶方案。")
