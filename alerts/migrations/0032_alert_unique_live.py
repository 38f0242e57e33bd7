# An alert verified 部门数据有误 leaves the one-alert-per-person-rule-and-period constraint: the department's corrected
# row for the same period raises a new alert (alerts.ingest.raising), and the live ones stay one.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0031_cadence_kind_words"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="alert",
            name="alert_unique_person_rule_period",
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("outcome", "wrong_data"), _negated=True),
                fields=("id_number", "rule", "period_key"),
                name="alert_unique_live_person_rule_period",
            ),
        ),
    ]
