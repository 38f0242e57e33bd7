"""Every rule an unregistered person's row met, each with its detail (UnregisteredRule), instead of the first one
only (UnregisteredPerson.rule, migration 0018): the rows kept so far carry their one rule and detail over."""

import django.db.models.deletion
from django.db import migrations, models

COPY = """INSERT INTO alerts_unregisteredrule (person_id, rule_id, detail)
    SELECT id, rule_id, detail FROM alerts_unregisteredperson WHERE rule_id IS NOT NULL"""
BACK = """UPDATE alerts_unregisteredperson p SET rule_id = (
    SELECT r.rule_id FROM alerts_unregisteredrule r WHERE r.person_id = p.id ORDER BY r.rule_id LIMIT 1)"""


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0019_within_days_cadence"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnregisteredRule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("detail", models.CharField(max_length=300, verbose_name="预警内容")),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rules_met",
                        to="alerts.unregisteredperson",
                        verbose_name="未在档人员",
                    ),
                ),
                (
                    "rule",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="alerts.alertrule",
                        verbose_name="预警规则",
                    ),
                ),
            ],
            options={
                "verbose_name": "未在档人员命中的预警规则",
                "verbose_name_plural": "未在档人员命中的预警规则",
                "constraints": [models.UniqueConstraint(fields=("person", "rule"), name="unregisteredrule_unique")],
            },
        ),
        migrations.RunSQL(COPY, BACK),
        migrations.RemoveField(
            model_name="unregisteredperson",
            name="rule",
        ),
    ]
