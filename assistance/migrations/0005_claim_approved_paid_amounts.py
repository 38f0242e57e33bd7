"""防贫保: the county records the approved amount (核定金额) when it approves a claim and the paid amount (赔付金额)
when it pays, each within the one before. Claims decided before have neither: nothing is made up for them."""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0004_measure_mismatch_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="insuranceclaim",
            name="approved_amount",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="核定金额（元）"
            ),
        ),
        migrations.AddField(
            model_name="insuranceclaim",
            name="paid_amount",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="赔付金额（元）"
            ),
        ),
        migrations.AddConstraint(
            model_name="insuranceclaim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("approved_amount__isnull", True),
                    models.Q(("approved_amount__gt", 0), ("approved_amount__lte", models.F("amount"))),
                    _connector="OR",
                ),
                name="claim_approved_within_claimed",
            ),
        ),
        migrations.AddConstraint(
            model_name="insuranceclaim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("paid_amount__isnull", True),
                    models.Q(
                        ("paid_amount__gt", 0),
                        (
                            "paid_amount__lte",
                            django.db.models.functions.comparison.Coalesce("approved_amount", "amount"),
                        ),
                    ),
                    _connector="OR",
                ),
                name="claim_paid_within_approved",
            ),
        ),
    ]
