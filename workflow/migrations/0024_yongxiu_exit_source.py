"""Yongxiu's risk-elimination procedure cites its own document only: its 依据 read "永党农字〔2021〕3号 §三(三)8；
桃沟乡集中排查实施方案 §二2(5)", the second of which is Taogou's (Anhui), not Yongxiu's. Only a procedure of
Yongxiu's exit (the one in use, or the copy 0021 kept for the cases opened before it) whose source still holds that
old text changes, and only its source: a county that wrote its own keeps it."""

from django.db import migrations

CODES = ("yongxiu_exit", "yongxiu_exit_2021")
OLD = "永党农字〔2021〕3号 §三(三)8；桃沟乡集中排查实施方案 §二2(5)"
NEW = "永党农字〔2021〕3号 §三(三)8"


def forwards(apps, schema_editor):
    Procedure = apps.get_model("workflow", "Procedure")
    Procedure.objects.filter(code__in=CODES, source=OLD).update(source=NEW)


def backwards(apps, schema_editor):
    Procedure = apps.get_model("workflow", "Procedure")
    Procedure.objects.filter(code__in=CODES, source=NEW).update(source=OLD)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0023_exit_presets_laiyuan_taogou")]

    operations = [migrations.RunPython(forwards, backwards)]
