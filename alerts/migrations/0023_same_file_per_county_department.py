"""The same-file rule (one checksum) holds per county department: another county or department may send the same
file, and is not told that it was received elsewhere."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0022_column_not_above"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="feedupload",
            name="feedupload_unique_checksum",
        ),
        migrations.AddConstraint(
            model_name="feedupload",
            constraint=models.UniqueConstraint(
                condition=models.Q(models.Q(("status", "failed"), _negated=True), ("nil_return", False)),
                fields=("checksum", "department", "region_path"),
                name="feedupload_unique_checksum",
            ),
        ),
    ]
