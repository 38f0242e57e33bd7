"""A labour record's monthly income may be not reported yet (NULL). Rows started from the registry wrote 0 for a
person who works, which the employment ledger then printed as an income of 0.00: an employed person's 0 becomes
"not reported"."""

from django.db import migrations, models


def zero_as_unreported(apps, schema_editor):
    EmploymentRecord = apps.get_model("assistance", "EmploymentRecord")
    EmploymentRecord.objects.filter(employed=True, monthly_income=0).update(monthly_income=None)


class Migration(migrations.Migration):
    dependencies = [("assistance", "0002_catalogue")]

    operations = [
        migrations.AlterField(
            model_name="employmentrecord",
            name="monthly_income",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="月均务工收入（元）"
            ),
        ),
        migrations.RunPython(zero_as_unreported, migrations.RunPython.noop),
    ]
