"""纳入监测日期 (Household.monitoring_start) for monitored households that have none, from the 批复 that put them under
monitoring, as workflow.services.outcomes writes it since 5130601 and the reports date a decision
(workflow.decisions.approved_on): the approving batch's 批复日期 (a single approval is a one-case batch), else the day
the county approval step was recorded (a single approval from before those batches: its 批复 was that day), else, for
a procedure without a county approval (Taogou's 区级备案公告), the day its last step closed the case.

Only where the source is unambiguous: the household's latest decided inclusion or re-mark (approved, or open after
the county's approval passed) has one 批复日期, no decided case of the household has conflicting ones, no exit was
decided on or after it, and its 监测对象类别 is the household's. Anything else (no case here: the go-live import's
households; two 批复 dates for one case; a later exit) is left blank, with nothing written. Each date filled gets a
history row on the household and an audit event, as a service's change would. It reads workflow's and writes
accounts' tables, hence the dependencies; the values below are workflow.choices' stable codes."""

import datetime as dt
import re

from django.db import migrations
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

INCLUSION_KINDS = ("identification", "remark")
KIND_LABELS = {"identification": "纳入", "remark": "风险再标注"}
# The head of an approval step's note (workflow.services.approval_records.approval_note).
NOTE_DATE = re.compile(r"^批复文号：([^，（]+)(?:（(\d{4}-\d{2}-\d{2})）)?")
ACTION = "households.monitoring_start_filled"
ACTOR = "系统升级（数据迁移）"
SUMMARY = "补记纳入监测日期：{kind}案件的批复日期{number}"
CHUNK = 500


def _decisions(apps, case):
    """The case's 批复: a set of (date, 批复文号) (more than one date: ambiguous; empty: none found)."""
    BatchItem = apps.get_model("workflow", "BatchItem")
    CaseStep = apps.get_model("workflow", "CaseStep")
    Step = apps.get_model("workflow", "Step")
    batches = set(
        BatchItem.objects.filter(case=case, batch__decision="approve").values_list(
            "batch__decided_on", "batch__document_number"
        )
    )
    if batches:
        return batches
    steps = CaseStep.objects.filter(case=case, step__kind="county_approval", status="done", outcome="pass")
    found = set()
    for note, acted_at in steps.values_list("note", "acted_at"):
        match = NOTE_DATE.match(note or "")
        if match and match.group(2):
            found.add((dt.date.fromisoformat(match.group(2)), match.group(1)))
        elif acted_at is not None:
            found.add((timezone.localdate(acted_at), match.group(1) if match else ""))
    if found:
        return found
    approves = Step.objects.filter(procedure_id=case.procedure_id, kind="county_approval").exists()
    if case.status == "approved" and not approves and case.closed_on is not None:
        return {(case.closed_on, "")}
    return set()


def _source(apps, household):
    """(day, 批复文号, case kind) of the 批复 that put the household under monitoring, or None when not unambiguous."""
    Case = apps.get_model("workflow", "Case")
    CaseStep = apps.get_model("workflow", "CaseStep")
    approval = CaseStep.objects.filter(case=OuterRef("pk"), step__kind="county_approval", status="done", outcome="pass")
    decided = Case.objects.filter(household_id=household.pk).filter(
        Q(status="approved") | Q(Exists(approval), status="open")
    )
    inclusions, exits = [], []
    for case in decided.order_by("pk"):
        decisions = _decisions(apps, case)
        if len({day for day, _ in decisions}) != 1:
            return None  # none found, or two dates: which one counted cannot be told
        day, number = next(iter(decisions))
        (inclusions if case.kind in INCLUSION_KINDS else exits).append((day, number, case))
    if not inclusions:
        return None
    day, number, case = max(inclusions, key=lambda item: (item[0], item[2].pk))
    if any(exit_day >= day for exit_day, _, _ in exits):
        return None  # an exit decided since (or the same day): this monitoring is not that inclusion's
    if case.category != household.monitoring_category:
        return None  # the category came from elsewhere (an import, say)
    return day, number, case.kind


def fill_monitoring_start(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    HouseholdEvent = apps.get_model("households", "HouseholdEvent")
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    blank = Household.objects.filter(monitoring_start__isnull=True).exclude(monitoring_category="").order_by("pk")
    last = 0
    while True:
        households = list(blank.filter(pk__gt=last)[:CHUNK])
        if not households:
            return
        last = households[-1].pk
        for household in households:
            found = _source(apps, household)
            if found is None:
                continue
            day, number, kind = found
            # Only if still blank: the date is never overwritten.
            if not Household.objects.filter(pk=household.pk, monitoring_start__isnull=True).update(
                monitoring_start=day
            ):
                continue
            summary = SUMMARY.format(kind=KIND_LABELS[kind], number=f"（批复文号 {number}）" if number else "")
            new = day.isoformat()
            HouseholdEvent.objects.create(
                household_id=household.pk,
                region_path=household.region_path,
                actor=None,
                summary=summary,
                changes=[{"field": "monitoring_start", "label": "纳入监测日期", "old": "", "new": new}],
            )
            AuditEvent.objects.create(
                actor=None,
                actor_username=ACTOR,
                action=ACTION,
                summary=f"{household.number}：{summary}"[:500],
                object_type="households.household",
                object_id=str(household.pk),
                region_path=household.region_path,
                before={"monitoring_start": ""},
                after={"monitoring_start": new},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0019_region_supervision_phone"),
        ("workflow", "0029_application_filed_by_verified"),
        ("accounts", "0011_once_digest"),
    ]

    # No way back: the dates filled are the 批复's, kept like any other.
    operations = [migrations.RunPython(fill_monitoring_start, migrations.RunPython.noop, elidable=True)]
