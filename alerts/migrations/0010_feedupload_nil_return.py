"""零报告 (FeedUpload.nil_return): an upload-like record without a file that says the department had nothing new
in the period. The same-file rule (one checksum) leaves nil returns out; one nil return per period and county."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0009_alert_verify_by_repeats"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="feedupload",
            name="feedupload_unique_checksum",
        ),
        migrations.AddField(
            model_name="feedupload",
            name="nil_return",
            field=models.BooleanField(default=False, verbose_name="零报告（本期无新增）"),
        ),
        migrations.AlterField(
            model_name="feedupload",
            name="file",
            field=models.FileField(blank=True, upload_to="feeds/%Y/%m/", verbose_name="数据文件"),
        ),
        migrations.AddConstraint(
            model_name="feedupload",
            constraint=models.UniqueConstraint(
                condition=models.Q(models.Q(("status", "failed"), _negated=True), ("nil_return", False)),
                fields=("checksum",),
                name="feedupload_unique_checksum",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedupload",
            constraint=models.UniqueConstraint(
                condition=models.Q(("nil_return", True)),
                fields=("feed_type", "region_path", "period_key"),
                name="feedupload_one_nil_return",
            ),
        ),
    ]
