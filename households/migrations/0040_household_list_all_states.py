"""The household list's 全部 and 已注销 tabs read a page from an index: household_list_order loses its condition
(is_active), which PostgreSQL needs to give all households in order (a partial index per state cannot be merged
into one order), and the closed households get a partial index of their own (households.models.registry)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0039_registry_import_members_gone"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="household",
            name="household_list_order",
        ),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["region_path", "number"], name="household_list_order"),
        ),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(
                condition=models.Q(("is_active", False)), fields=["region_path", "number"], name="household_list_closed"
            ),
        ),
    ]
