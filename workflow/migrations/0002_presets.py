from django.db import migrations


def forwards(apps, schema_editor):
    from workflow.presets import install

    install(apps.get_model("workflow", "Procedure"), apps.get_model("workflow", "Step"))


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
