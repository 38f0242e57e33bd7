"""A step may now pass only with a visit to the household recorded since the case was found (Step.needs_visit):
000 §三(三)2 has the village committee 上户核实 before its meeting (Yongxiu's 村级评议), 001 §三 入户核查核实 (Laiyuan's
first step). On an existing database the two shipped steps get it; 003's village committee 核实 names no visit, and no
exit's seed asks one, so every other step starts without it (the configuration site sets it). Cases already past
those steps are unchanged; an open one passes once the visit is recorded."""

from django.db import migrations, models

VISIT_STEPS = [("yongxiu_identification", "village_review"), ("laiyuan_identification", "household_check")]


def forwards(apps, schema_editor):
    Step = apps.get_model("workflow", "Step")
    for procedure, code in VISIT_STEPS:  # workflow.presets.VISIT_STEPS
        Step.objects.filter(procedure__code=procedure, code=code).update(needs_visit=True)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0031_procedure_green_channel")]

    operations = [
        migrations.AddField(
            model_name="step",
            name="needs_visit",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="勾选后，须在农户档案中记录了立案（发现）以来对该户的走访，本环节才能办理通过。",
                verbose_name="通过须有入户核实走访记录",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
