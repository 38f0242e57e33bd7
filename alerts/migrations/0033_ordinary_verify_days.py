# Seed 001 §三 gives the whole identification 15 days from the day the risk is found, the visit being its first
# step, and a case opened from an alert counts from the alert's raise date: the seeded ordinary feeds' 15 days to
# verify (then 3 + 3 escalation days) left every inclusion from them overdue. They now ask 7, as the sudden ones do
# (alerts.presets). Only feed types still at the preset's 15 move: a county's own edit is kept.

from django.db import migrations, models

# The feed types alerts.presets seeded with 15 verification days (FEEDS and EXCLUSION_FEEDS).
SEEDED_ORDINARY = (
    "medical-cost-monitored",
    "medical-cost-rural",
    "housing-safety",
    "water-safety",
    "employment",
    "health-serious-illness",
    "civil-affairs-assistance",
    "disability-severe",
    "agriculture-industry",
    "education-freshmen",
    "health-uninsured-cost",
    "cyberspace-media",
    "rural-petition",
    "police-vehicles",
    "housing-commercial",
    "hr-public-funded",
)
BEFORE, AFTER = 15, 7


def forward(apps, schema_editor):
    FeedType = apps.get_model("alerts", "FeedType")
    FeedType.objects.filter(code__in=SEEDED_ORDINARY, verify_days=BEFORE).update(verify_days=AFTER)


def backward(apps, schema_editor):
    FeedType = apps.get_model("alerts", "FeedType")
    FeedType.objects.filter(code__in=SEEDED_ORDINARY, verify_days=AFTER).update(verify_days=BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0032_alert_unique_live"),
    ]

    operations = [
        migrations.AlterField(
            model_name="feedtype",
            name="verify_days",
            field=models.PositiveSmallIntegerField(default=7, verbose_name="核实时限（天）"),
        ),
        migrations.RunPython(forward, backward),
    ]
