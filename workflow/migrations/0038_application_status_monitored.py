"""已是监测对象，已办结: an application from a household monitored already is closed as such, no longer declined. The
applications declined before with the reason the decline form offered for them (its old words, as the cadre left
them or added to them) are moved to the new status; any other decline stays one."""

from django.db import migrations, models

OLD_REASON_START = "经核实，您家已是防止返贫监测对象，不需要重复申报。"


def monitored_declines(apps, schema_editor):
    Application = apps.get_model("workflow", "Application")
    Application.objects.filter(status="declined", decline_reason__startswith=OLD_REASON_START).update(
        status="monitored"
    )


def back_to_declined(apps, schema_editor):
    Application = apps.get_model("workflow", "Application")
    Application.objects.filter(status="monitored").update(status="declined")


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0037_limit_days_full_width_brackets"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "已提交"),
                    ("verifying", "核实中"),
                    ("case_opened", "已纳入程序"),
                    ("declined", "未予纳入"),
                    ("monitored", "已是监测对象，已办结"),
                ],
                default="submitted",
                max_length=16,
                verbose_name="状态",
            ),
        ),
        migrations.RunPython(monitored_declines, back_to_declined),
    ]
