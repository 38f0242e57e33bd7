"""The same-file rule of the go-live import (one checksum) holds per county: another county may import the same
file, and is not told that it was imported elsewhere."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0016_household_screening_type"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="registryimport",
            name="registry_import_unique_checksum",
        ),
        migrations.AddConstraint(
            model_name="registryimport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "failed"), _negated=True),
                fields=("checksum", "region_path"),
                name="registry_import_unique_checksum",
            ),
        ),
    ]
