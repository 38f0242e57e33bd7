"""Household.risk_eliminated_on (风险消除时间), filled for the households already marked 风险消除 here.

A household whose exit the county decided and that is not monitored again since gets the day of that decision, as
the reports date it (reports.selectors.decisions.approved_on: the 批复's date, else the day the county approval step
was recorded, else the closing day of a procedure without that step). It reads workflow's cases, hence the
dependency on workflow's migrations; the values below are workflow.choices' stable codes."""

from django.db import migrations, models
from django.db.models import DateField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate


def fill_risk_eliminated_on(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    Case = apps.get_model("workflow", "Case")
    CaseStep = apps.get_model("workflow", "CaseStep")
    BatchItem = apps.get_model("workflow", "BatchItem")
    approval = CaseStep.objects.filter(
        case=OuterRef("pk"), step__kind="county_approval", status="done", outcome="pass"
    ).order_by("-acted_at", "-pk")
    batch_day = BatchItem.objects.filter(case=OuterRef("pk"), batch__decision="approve").order_by(
        "-batch__decided_on", "-pk"
    )
    # Decided: approved, or still open at 公告并标识 after the county's approval (the household changed then).
    exits = (
        Case.objects.filter(Q(status="approved") | Q(Exists(approval), status="open"), kind="exit")
        .filter(household=OuterRef("pk"))
        .annotate(
            day=Coalesce(
                Subquery(batch_day.values("batch__decided_on")[:1]),
                Subquery(approval.annotate(day=TruncDate("acted_at")).values("day")[:1]),
                F("closed_on"),
                output_field=DateField(),
            )
        )
    )
    latest = exits.order_by(F("day").desc(nulls_last=True), "-pk").values("day")[:1]
    Household.objects.filter(monitoring_category="", risk_eliminated_on__isnull=True).filter(Exists(exits)).update(
        risk_eliminated_on=Subquery(latest)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0011_member_id_number_reversed"),
        ("workflow", "0014_step_attachment_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="household",
            name="risk_eliminated_on",
            field=models.DateField(blank=True, null=True, verbose_name="风险消除时间"),
        ),
        migrations.RunPython(fill_risk_eliminated_on, migrations.RunPython.noop, elidable=True),
    ]
