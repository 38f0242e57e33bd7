"""A village cadre limited to one grid of their village (accounts.scoping: User.grid)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_password_complexity_policy"),
        ("households", "0011_member_id_number_reversed"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="grid",
            field=models.ForeignKey(
                blank=True,
                help_text="只有村干部/网格员可以限定网格：限定后只能看到本村该网格的农户及其走访、案件、预警等。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="limited_users",
                to="households.grid",
                verbose_name="限定网格",
            ),
        ),
    ]
