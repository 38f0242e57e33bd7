"""Whether a procedure has a green channel (绿色通道) is now the county's configuration (Procedure.green_channel)
instead of every procedure with a county approval: seed 001 §四 gives it to Laiyuan; 000 (Yongxiu) and 003 (Taogou)
have none. On an existing database Laiyuan's shipped identification procedure gets it; every other procedure starts
without it, and a county whose rules give it one sets it on the configuration site. Cases already opened through
the green channel carry on as they are (their owed steps are still owed)."""

from django.db import migrations, models

GREEN_CHANNEL = ["laiyuan_identification"]  # workflow.presets.GREEN_CHANNEL


def forwards(apps, schema_editor):
    Procedure = apps.get_model("workflow", "Procedure")
    Procedure.objects.filter(code__in=GREEN_CHANNEL).update(green_channel=True)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0030_exit_case_facts")]

    operations = [
        migrations.AddField(
            model_name="procedure",
            name="green_channel",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="因灾因疫等突发风险，经入户核查、村“两委”研究、县乡审核通过后先行帮扶，评议公示等事后补办"
                "（涞巩固拓展〔2022〕3号 §四）。仅识别纳入、风险再标注程序，且须有县级审批环节。",
                verbose_name="可开辟绿色通道",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
