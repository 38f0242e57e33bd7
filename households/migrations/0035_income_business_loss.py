# The screening rule of monitoring type 2 (生产经营失败, screening.engine_kinds._business_loss) reads the income rows
# with a business loss through this partial index: a handful of rows in a county instead of the whole income table.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0034_member_change_reasons"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="householdincome",
            index=models.Index(
                condition=models.Q(("business_expenses__gt", models.F("business_income"))),
                fields=["household", "year"],
                include=("business_income", "business_expenses"),
                name="income_business_loss",
            ),
        ),
    ]
