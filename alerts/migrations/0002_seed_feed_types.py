from django.db import migrations


def seed(apps, schema_editor):
    from alerts.presets import load_presets

    load_presets(
        apps.get_model("alerts", "FeedType"),
        apps.get_model("alerts", "FeedColumn"),
        apps.get_model("alerts", "AlertRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
