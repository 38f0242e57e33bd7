"""Hand-counted alerts, assistance plans, measures and feed uploads on top of the `registry` fixture, for the
numbers and ledgers reports reads from alerts/ and assistance/.

Alerts (all due in October 2026 except the last):
  a1 (village A) due 10-10, verified 10-08 (on time) — "已是监测对象"
  b1 (village B) due 10-20, verified 10-25 (late)    — "无返贫致贫风险"
  c1 (village C, other township) due 10-15, pending — overdue
  a2 (village A) due in the future, pending         — not overdue
Plans (monitored households): a1 and c1 past their return visit (overdue), b1 not; a3 (not monitored, no green
channel) past due but not followed up, so not counted.
Feeds: only 信访 (rural-petition, monthly by the 5th) and 网信 (cyberspace-media) are active; September's
rural-petition arrived on time (10-03), September's cyberspace-media late (10-09), so for October 2026:
乡村振兴局 1/1, 网信办 0/1.
Measures: a1 two (one for a member, with an amount), c1 one.
Employment records, this quarter: a1's head employed 省外 9 months; c1's head not employed. The quarter before:
a2's head on a 公益性岗位 in the county.
Unregistered persons (feed rows naming no one in the registry): 孙八, named by 信访 and 网信 and not checked yet;
周九, named once and handed to village A to be registered."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from accounts.choices import Department
from alerts.choices import AlertOutcome, AlertStatus, UnregisteredOutcome, UploadStatus
from alerts.ingest.staging import entries_merge
from alerts.models import Alert, AlertRule, FeedColumn, FeedType, FeedUpload, UnregisteredEntry, UnregisteredPerson
from alerts.presets import load_presets
from assistance.catalogue import install as install_catalogue
from assistance.choices import MeasureStatus
from assistance.models import EmploymentRecord, MeasureCategory, MeasureType, Plan, PlanMeasure
from households.choices import EmploymentPlace


def _at(year: int, month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))


def _upload(feed: FeedType, user, period: str, on_time: bool, received: dt.datetime) -> FeedUpload:
    return FeedUpload.objects.create(
        feed_type=feed,
        department=feed.department,
        uploaded_by=user,
        file="feeds/x.csv",
        original_name=f"{feed.code}-{period}.csv",
        checksum=f"{feed.code}{period}",
        period_key=period,
        period_label=period,
        period_start=dt.date(2026, 9, 1),
        period_end=dt.date(2026, 9, 30),
        deadline=dt.date(2026, 10, 5),
        on_time=on_time,
        status=UploadStatus.DONE,
        region_path="360425",
        created_at=received,
    )


@pytest.fixture
def departments(registry, personas):
    load_presets(FeedType, FeedColumn, AlertRule)
    install_catalogue(MeasureCategory, MeasureType)
    FeedType.objects.exclude(code__in=["rural-petition", "cyberspace-media"]).update(is_active=False)
    # Both were sent all year: the county set their 开始报送日期 to 1 January (left blank, they would count from
    # the day the test database seeded them).
    FeedType.objects.update(active_since=dt.date(2026, 1, 1))
    petition = FeedType.objects.get(code="rural-petition")
    media = FeedType.objects.get(code="cyberspace-media")
    up_petition = _upload(petition, personas.county_officer, "2026-09", on_time=True, received=_at(2026, 10, 3))
    up_media = _upload(media, personas.county_officer, "2026-09", on_time=False, received=_at(2026, 10, 9))
    rule = petition.rules.first()
    today = timezone.localdate()

    def alert(household, due, *, verified_on=None, outcome="", note=""):
        head = household.members.get(relation="head")
        return Alert.objects.create(
            feed_type=petition,
            rule=rule,
            upload=up_petition,
            department=Department.RURAL_REVITALIZATION,
            member=head,
            household=household,
            region_path=household.region_path,
            id_number=head.id_number,
            person_name=head.name + "（信访）",
            detail="信访反映生活困难",
            line=2,
            period_key=f"2026-09-{household.pk}",
            raised_on=due - dt.timedelta(days=15),
            due_on=due,
            status=AlertStatus.VERIFIED if verified_on else AlertStatus.PENDING,
            outcome=outcome,
            outcome_note=note,
            verified_on=verified_on,
            verified_by=personas.cadre_a if verified_on else None,
        )

    on_time, late = dt.date(2026, 10, 8), dt.date(2026, 10, 25)
    alerts = SimpleNamespace(
        a1=alert(registry.a1, dt.date(2026, 10, 10), verified_on=on_time, outcome=AlertOutcome.MONITORED),
        b1=alert(
            registry.b1,
            dt.date(2026, 10, 20),
            verified_on=late,
            outcome=AlertOutcome.NOT_AT_RISK,
            note="已由职工医保报销大部分费用",
        ),
        c1=alert(registry.c1, dt.date(2026, 10, 15)),
        a2=alert(registry.a2, today + dt.timedelta(days=10)),
    )

    def plan(household, due):
        return Plan.objects.create(
            household=household, region_path=household.region_path, next_return_due=due, created_by=personas.cadre_a
        )

    past = today - dt.timedelta(days=5)
    plans = SimpleNamespace(
        a1=plan(registry.a1, past),
        c1=plan(registry.c1, past),
        b1=plan(registry.b1, today + dt.timedelta(days=30)),
        a3=plan(registry.a3, past),
    )
    types = list(MeasureType.objects.select_related("category").order_by("category__order", "pk")[:2])

    def measure(p, measure_type, **fields):
        return PlanMeasure.objects.create(
            plan=p,
            household=p.household,
            region_path=p.region_path,
            measure_type=measure_type,
            responsible_unit="县医保局",
            responsible_person="刘干部",
            created_by=personas.cadre_a,
            **fields,
        )

    son = registry.a1.members.get(name="张小三")
    measures = [
        measure(plans.a1, types[0], member=son, starts_on=dt.date(2026, 3, 5), ends_on=dt.date(2026, 12, 31),
                amount=Decimal("1500.00"), status=MeasureStatus.IN_PROGRESS, progress_note="按时发放"),
        measure(plans.a1, types[1], starts_on=dt.date(2026, 4, 1), status=MeasureStatus.DONE),
        measure(plans.c1, types[0], starts_on=dt.date(2026, 2, 1), status=MeasureStatus.PLANNED),
    ]  # fmt: skip

    year, quarter = today.year, (today.month - 1) // 3 + 1
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)

    def employment(household, when=(year, quarter), **fields):
        head = household.members.get(relation="head")
        return EmploymentRecord.objects.create(
            member=head, household=household, region_path=household.region_path, year=when[0], quarter=when[1],
            recorded_by=personas.cadre_a, **fields,
        )  # fmt: skip

    county_path = registry.a1.region_path[:6]

    def stranger(upload, name, id_number, line, when):
        return UnregisteredPerson.objects.create(
            upload=upload, feed_type=upload.feed_type, line=line, id_number=id_number, person_name=name,
            detail="信访反映生活困难", region_path=county_path, created_at=when,
        )  # fmt: skip

    sun = "360425198001010014"
    stranger(up_petition, "孙八", sun, 5, _at(2026, 10, 3))
    stranger(up_media, "孙八", sun, 3, _at(2026, 10, 9))
    zhou = stranger(up_petition, "周九", "360425199002020024", 6, _at(2026, 10, 3))
    with connection.cursor() as cursor:
        for upload in (up_petition, up_media):
            entries_merge(cursor, upload.pk)
    UnregisteredEntry.objects.filter(id_number=zhou.id_number).update(
        outcome=UnregisteredOutcome.REGISTER, note="户籍在城南村，外出务工多年未建档", village=registry.a1.village,
        checked_by=personas.county_officer, checked_on=dt.date(2026, 10, 12), checked_at=_at(2026, 10, 12),
    )  # fmt: skip

    employment(registry.a1, employed=True, place=EmploymentPlace.OUT_OF_PROVINCE, months=9,
               monthly_income=Decimal("4200.00"), public_welfare_post=False)  # fmt: skip
    employment(registry.c1, employed=False, monthly_income=Decimal("0"), note="在家照顾病人")
    employment(registry.a2, previous, employed=True, place=EmploymentPlace.IN_COUNTY, months=3,
               public_welfare_post=True)  # fmt: skip
    return SimpleNamespace(
        alerts=alerts, plans=plans, measures=measures, types=types, quarter=(year, quarter), previous=previous
    )
