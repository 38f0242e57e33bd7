"""The alert of a person the feeds named before the registry held them. A feed row that meets an alert rule but
names no living member becomes an UnregisteredPerson; once the county hands the person to a village to register
(应纳入档案, alerts.services.unregistered) and the village registers them, the risk the row reported (a serious
illness, say) is still to be verified, and a one-off feed will not name them again. So the registration raises
the alert the row would have raised had the person been registered then: for the village of the household they
joined, with the feed type's verification deadline from the day of registration, deduplicated as the ingestion
deduplicates (alerts.ingest.staging.raise_alerts).

It runs inside the registration's transaction (households.signals.members_registered, connected in
alerts.hooks): the member and their alert commit together or not at all. The go-live import announces itself only
after its commit (households.signals.registry_imported); its county's persons are then looked up in a
transaction of their own."""

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from alerts.choices import AlertLevel, AlertOutcome, AlertStatus, UnregisteredOutcome
from alerts.models import Alert, AlertRule, UnregisteredEntry, UnregisteredPerson
from alerts.privacy import health_label, is_health_alert
from households.choices import LivingStatus
from households.models import Member
from households.services.common import record_event

logger = logging.getLogger(__name__)

SUMMARY = "{feed}（{department}）建档前报送该人员：{rule}，已生成预警，请于{due:%Y-%m-%d}前入户核实"


@transaction.atomic
def unregistered_alerts_raise(*, actor: Any, members: Iterable[Member], today: dt.date | None = None) -> list[Alert]:
    """For each living member among `members` whom the county handed to a village to register (their
    UnregisteredEntry's finding is 应纳入档案), the alert of each rule their feed rows met, unless the person
    already has that rule's alert for the row's period or a pending one (the ingestion holds those back too).
    Each raised alert goes into the household's history and the audit log. Returns the alerts raised."""
    living = {m.id_number: m for m in members if m.living_status == LivingStatus.LIVING and m.id_number}
    if not living:
        return []
    today = today or timezone.localdate()
    # Locked: a finding changed at this moment (alerts.services.unregistered locks the entry too) then reads the
    # member registered here and is refused, rather than replacing 应纳入档案 behind the new alert.
    entries = UnregisteredEntry.objects.select_for_update().filter(
        id_number__in=list(living), outcome=UnregisteredOutcome.REGISTER
    )
    raised: list[Alert] = []
    for entry in entries.order_by("pk"):
        member = living[entry.id_number]
        if member.region_path.startswith(entry.region_path):
            raised.extend(_raise(actor, entry, member, today))
    return raised


def unregistered_alerts_raise_county(*, region_path: str, actor: Any = None) -> list[Alert]:
    """unregistered_alerts_raise for every person of the county handed to a village to register whom the registry
    now holds as a living member (after a go-live import, which creates members in bulk)."""
    handed = UnregisteredEntry.objects.filter(region_path=region_path[:6], outcome=UnregisteredOutcome.REGISTER).values(
        "id_number"
    )
    members = Member.objects.filter(
        id_number__in=handed, living_status=LivingStatus.LIVING, region_path__startswith=region_path[:6]
    )
    return unregistered_alerts_raise(actor=actor, members=list(members.select_related("household")))


def _raise(actor: Any, entry: UnregisteredEntry, member: Member, today: dt.date) -> list[Alert]:
    rows = UnregisteredPerson.objects.filter(region_path=entry.region_path, id_number=entry.id_number)
    latest: dict[int, tuple[UnregisteredPerson, AlertRule, str]] = {}
    only_rules: dict[int, AlertRule | None] = {}
    rows = rows.select_related("feed_type", "upload").prefetch_related("rules_met__rule")
    for row in rows.order_by("-created_at", "-line", "-pk"):
        met = [(m.rule, m.detail) for m in row.rules_met.all()]
        if not met and (rule := _only_rule(row, only_rules)) is not None:
            met = [(rule, row.detail)]
        for rule, detail in met:
            if not rule.is_active:
                logger.info("unregistered person %s: rule %s is no longer active, no alert raised", row.pk, rule.pk)
                continue
            # One alert per rule, from the latest row: while it is pending the ingestion holds later rows back, so
            # the earlier rows of the same rule would have raised nothing more.
            latest.setdefault(rule.pk, (row, rule, detail))
    alerts = []
    for row, rule, detail in latest.values():
        alert = _create(entry, member, row, rule, detail, today)
        if alert is not None:
            alerts.append(alert)
            _record(actor, alert, row, rule)
    return alerts


def _only_rule(row: UnregisteredPerson, cache: dict[int, AlertRule | None]) -> AlertRule | None:
    """A row ingested before its rules were kept (migration 0018): its feed type's rule when it has only one (the
    detail is that rule's), else None with the reason logged."""
    if row.feed_type_id not in cache:
        rules = [r for r in row.feed_type.rules.all() if not r.registers_exclusion]
        cache[row.feed_type_id] = rules[0] if len(rules) == 1 else None
    rule = cache[row.feed_type_id]
    if rule is None:
        logger.warning(
            "unregistered person %s (upload %s, line %s): no rule kept and feed type %s has not exactly one rule; "
            "no alert raised at registration",
            row.pk,
            row.upload_id,
            row.line,
            row.feed_type_id,
        )
    return rule


def _create(
    entry: UnregisteredEntry, member: Member, row: UnregisteredPerson, rule: AlertRule, detail: str, today: dt.date
) -> Alert | None:
    upload, feed_type = row.upload, row.feed_type
    # The live alerts, through the partial unique index: one verified 部门数据有误 holds nothing back, as in the
    # ingestion (alerts.ingest.raising).
    earlier = Alert.objects.filter(id_number=entry.id_number, rule=rule).exclude(outcome=AlertOutcome.WRONG_DATA)
    if earlier.filter(Q(period_key=upload.period_key) | Q(status=AlertStatus.PENDING)).exists():
        return None
    due_on = today + dt.timedelta(days=feed_type.verify_days)
    try:
        # A savepoint: the (person, rule, period) unique constraint decides should an ingestion of the same
        # period have raised it a moment ago.
        with transaction.atomic():
            return Alert.objects.create(
                feed_type=feed_type,
                rule=rule,
                rule_name=rule.name,
                upload=upload,
                department=upload.department,
                member=member,
                household=member.household,
                region_path=member.region_path,
                id_number=entry.id_number,
                person_name=row.person_name,
                detail=detail,
                line=row.line,
                period_key=upload.period_key,
                raised_on=today,
                due_on=due_on,
                verify_by=due_on,
                level=AlertLevel.VILLAGE,
                status=AlertStatus.PENDING,
            )
    except IntegrityError:
        return None


def _record(actor: Any, alert: Alert, row: UnregisteredPerson, rule: AlertRule) -> None:
    # Never the detail, and a health alert's feed and rule only as its department's label: the household's
    # history is read by roles that do not see health details (alerts.privacy); the alert's page shows the rest to
    # those who may read it.
    feed, rule_name = row.feed_type.name, alert.rule_name
    if is_health_alert(department=alert.department, risk_type=rule.risk_type):
        feed = rule_name = health_label(alert.department)
    summary = SUMMARY.format(feed=feed, department=alert.get_department_display(), rule=rule_name, due=alert.due_on)
    record_event(
        actor=actor,
        household=alert.household,
        member=alert.member,
        action="alerts.raise_registered",
        summary=summary[:200],
        target=alert,
        after={"rule": rule_name, "period_key": alert.period_key, "due_on": alert.due_on.isoformat()},
    )
