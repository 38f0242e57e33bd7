# PendingUpload is households' now (households 0014 took it into its state, same table): workflow's model leaves the
# state only. Nothing is dropped: the table workflow_pendingupload and its rows stay, read through households.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0015_objection_once"),
        ("households", "0014_pending_upload"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PendingUpload")],
            database_operations=[],
        ),
    ]
