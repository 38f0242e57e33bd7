"""Seed 001 §二(四)① "7日内推送预警信息" read as each event pushed within 7 days of the day it happened: the three
seeded ① feeds, while still the weekly report they were seeded as (every 7 days), become 发生后7日内推送 counted
from their date column. A county that set another cadence keeps it."""

from django.db import migrations, models

WITHIN_SEVEN_DAYS = {
    "emergency-disaster": "occurred_on",
    "health-sudden": "occurred_on",
    "education-dropout": "left_on",
}


def within_days(apps, schema_editor):
    FeedType = apps.get_model("alerts", "FeedType")
    for code, column in WITHIN_SEVEN_DAYS.items():
        feed = FeedType.objects.filter(code=code).first()
        if feed is None or feed.cadence not in ("every_n_days", "within_days") or feed.cadence_days != 7:
            continue
        if not feed.columns.filter(key=column, kind="date").exists():
            continue
        feed.cadence = "within_days"
        feed.event_column = feed.event_column or column
        feed.save(update_fields=["cadence", "event_column"])


def weekly(apps, schema_editor):
    FeedType = apps.get_model("alerts", "FeedType")
    FeedType.objects.filter(code__in=WITHIN_SEVEN_DAYS, cadence="within_days").update(cadence="every_n_days")


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0018_unregistered_person_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedtype",
            name="event_column",
            field=models.SlugField(
                blank=True,
                help_text="发生后N日内推送时填写：据以判断是否超过N日的日期列的列代码，如 occurred_on（发生日期）。",
                max_length=40,
                verbose_name="发生日期列",
            ),
        ),
        migrations.AddField(
            model_name="feedupload",
            name="rows_late",
            field=models.PositiveIntegerField(default=0, verbose_name="超过推送时限的行数"),
        ),
        migrations.AlterField(
            model_name="feedtype",
            name="cadence",
            field=models.CharField(
                choices=[
                    ("every_n_days", "每N天一次"),
                    ("half_monthly", "每半月一次"),
                    ("dekad", "每旬一次（上旬、中旬、下旬）"),
                    ("monthly_by_day", "每月D日前报送上月"),
                    ("seasonal", "每年固定月份内每N天一次"),
                    ("on_event", "随时报送（发生即报）"),
                    ("within_days", "发生后N日内推送"),
                ],
                max_length=20,
                verbose_name="报送频次",
            ),
        ),
        migrations.AlterField(
            model_name="feedtype",
            name="cadence_days",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="每N天一次、季节性时填写；发生后N日内推送时填写N", verbose_name="周期天数"
            ),
        ),
        migrations.RunPython(within_days, weekly),
    ]
