"""An exit has no discovery channel (it is proposed, not discovered): the field may be blank. Exits recorded before
keep the channel their form asked for: what was accepted is not rewritten."""

from django.db import migrations, models


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
    ]
