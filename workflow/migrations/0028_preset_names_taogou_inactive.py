"""Two presets as workflow.presets now ships them, on an existing database.

涞源县监测对象认定程序 loses the "（4步）" of its name: the procedure has five steps. Only a procedure of the preset's
code that still carries the old name changes; a county that renamed it keeps its own name.

桃沟乡's two procedures were shipped active on the placeholder prefix 340000 (Anhui: the seed names no division
code), which made them the procedure of every county of Anhui running none of its own. Each becomes inactive only
where it is still that untouched preset: active on 340000 with no case at all. A district that set its own prefix,
or one whose households have cases under it, is left as it is. A database created after this change gets both
from 0002 (workflow.presets)."""

from django.db import migrations

LAIYUAN = "laiyuan_identification"
OLD_NAME = "涞源县监测对象认定程序（4步）"
NEW_NAME = "涞源县监测对象认定程序"
TAOGOU = ("taogou_identification", "taogou_exit")
PLACEHOLDER = "340000"


def forwards(apps, schema_editor):
    Procedure = apps.get_model("workflow", "Procedure")
    Procedure.objects.filter(code=LAIYUAN, name=OLD_NAME).update(name=NEW_NAME)
    untouched = Procedure.objects.filter(code__in=TAOGOU, region_prefix=PLACEHOLDER, is_active=True)
    untouched.filter(cases__isnull=True).update(is_active=False)


def backwards(apps, schema_editor):
    # The name only: which Taogou procedure was active before cannot be told apart from one stopped since.
    Procedure = apps.get_model("workflow", "Procedure")
    Procedure.objects.filter(code=LAIYUAN, name=NEW_NAME).update(name=OLD_NAME)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0027_step_with_review")]

    operations = [migrations.RunPython(forwards, backwards)]
