"""An exit case records the category and risks its household was monitored under (services.cases.case_open), and
why it was proposed with no measure in place (Case.no_measure_reason). Exit cases opened before carry none: they
take the household's risks and the category the exit left (the history row its approval wrote), the household's
current one while it is still monitored, or failing both its latest approved inclusion's, as
workflow.selectors_exit_shown reads them."""

from django.db import migrations, models


def fill_exit_facts(apps, schema_editor):
    Case = apps.get_model("workflow", "Case")
    HouseholdEvent = apps.get_model("households", "HouseholdEvent")
    labels = {
        "unstable": "脱贫不稳定户",
        "marginal": "边缘易致贫户",
        "sudden_hardship": "突发严重困难户",
    }
    codes = {label: code for code, label in labels.items()}
    exits = Case.objects.filter(kind="exit", category="", risk_types=[]).select_related("household")
    for case in exits.iterator():
        household = case.household
        category = household.monitoring_category
        if not category:
            events = HouseholdEvent.objects.filter(
                household_id=household.pk,
                created_at__gte=case.created_at,
                changes__contains=[{"field": "monitoring_category", "new": ""}],
            ).order_by("created_at", "pk")
            for event in events:
                old = next((c.get("old") for c in event.changes if c.get("field") == "monitoring_category"), "")
                category = codes.get(old, old if old in labels else "")
                if category:
                    break
        if not category:
            inclusion = (
                Case.objects.filter(
                    household_id=household.pk,
                    kind__in=["identification", "remark"],
                    status="approved",
                    created_at__lt=case.created_at,
                )
                .order_by("-closed_on", "-pk")
                .first()
            )
            category = inclusion.category if inclusion is not None else ""
        case.category = category
        case.risk_types = list(household.risk_types)
        case.save(update_fields=["category", "risk_types"])


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0019_region_supervision_phone"),
        ("workflow", "0029_application_filed_by_verified"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="no_measure_reason",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=200, verbose_name="未落实帮扶措施的原因"
            ),
        ),
        migrations.RunPython(fill_exit_facts, migrations.RunPython.noop),
    ]
