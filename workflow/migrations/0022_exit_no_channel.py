"""An exit has no discovery channel (it is proposed, not discovered): the field may be blank, and the exits recorded
so far with one lose it, so that no exit is counted or filtered under a channel (services.case_opening)."""

from django.db import migrations, models


def clear_exit_channels(apps, schema_editor):
    apps.get_model("workflow", "Case").objects.filter(kind="exit").exclude(channel="").update(channel="")


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0021_exit_announcement_step"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="channel",
            field=models.CharField(
                blank=True,
                choices=[
                    ("self_application", "农户自主申报"),
                    ("cadre_visit", "基层干部排查"),
                    ("department_alert", "部门筛查预警"),
                    ("screening_hit", "系统筛查命中"),
                    ("campaign", "集中排查"),
                ],
                max_length=20,
                verbose_name="发现渠道",
            ),
        ),
        migrations.RunPython(clear_exit_channels, migrations.RunPython.noop),
    ]
