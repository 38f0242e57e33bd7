"""A measure that answers none of the household's risks is added only with a reason (缺什么补什么, 003 §二3(1)):
where the reason is kept. Existing measures have none."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0003_employment_income_unreported"),
    ]

    operations = [
        migrations.AddField(
            model_name="planmeasure",
            name="mismatch_reason",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=200, verbose_name="与风险不符仍添加的理由"
            ),
        ),
    ]
