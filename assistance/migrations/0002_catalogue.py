from django.db import migrations


def forwards(apps, schema_editor):
    from assistance.catalogue import install

    install(apps.get_model("assistance", "MeasureCategory"), apps.get_model("assistance", "MeasureType"))


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
