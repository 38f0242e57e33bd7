"""Punctuality counts from go-live, and 医保's ten-day feed reports by 旬.

- FeedType.created_at: the existing feed types get the day this migration runs (go-live), so one whose
  开始报送日期 is left blank expects periods from then. The seeded 2026-01-01 was the old field default, never a
  county's choice: it is cleared, or go-live would find every period since January 漏报.
- Cadence 每旬 (dekad): the seeded 脱贫人口和监测对象 高额医疗费用 feed (seed 001 §二(四)② 每10天推送一次) moves from
  rolling ten-day blocks from 1 January to 上旬/中旬/下旬, unless the county already changed its cadence.
"""

import datetime

import django.utils.timezone
from django.db import migrations, models

OLD_DEFAULT = datetime.date(2026, 1, 1)
MEDICAL = "medical-cost-monitored"


def clear_default_start(apps, schema_editor):
    apps.get_model("alerts", "FeedType").objects.filter(active_since=OLD_DEFAULT).update(active_since=None)


def restore_default_start(apps, schema_editor):
    apps.get_model("alerts", "FeedType").objects.filter(active_since=None).update(active_since=OLD_DEFAULT)


def medical_to_dekad(apps, schema_editor):
    feeds = apps.get_model("alerts", "FeedType").objects
    feeds.filter(code=MEDICAL, cadence="every_n_days", cadence_days=10).update(cadence="dekad", cadence_days=0)


def medical_to_ten_days(apps, schema_editor):
    feeds = apps.get_model("alerts", "FeedType").objects
    feeds.filter(code=MEDICAL, cadence="dekad").update(cadence="every_n_days", cadence_days=10)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0016_department_note_registry_member")]

    operations = [
        migrations.AddField(
            model_name="feedtype",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name="创建时间"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="feedtype",
            name="active_since",
            field=models.DateField(
                blank=True,
                null=True,
                help_text="自此日起计算应报期数（不得迟报、漏报）。不填则自本数据类型在系统中创建之日起计算"
                "（系统上线时预置的，即上线之日），上线前的报送期不计；需要统计上线前的报送情况时再填写更早的日期。",
                verbose_name="开始报送日期",
            ),
        ),
        migrations.RunPython(clear_default_start, restore_default_start),
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
                ],
                max_length=20,
                verbose_name="报送频次",
            ),
        ),
        migrations.RunPython(medical_to_dekad, medical_to_ten_days),
    ]
