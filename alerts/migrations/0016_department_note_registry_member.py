"""Review rev-clerk findings 2 and 4.

- Alert.department_note: the note written for the reporting department, apart from the internal 核实说明
  (outcome_note), which may name the household's income or benefits. Notes written before stay internal: the
  department sees the outcome of those alerts without a note.
- UnregisteredPerson.registry_member and UnregisteredEntry.registry_member: the county's member with the person's
  ID number whom the registry holds as deceased or moved away (alerts.ingest.staging). Existing persons not in the
  registry as living are looked up once here, so the county's list labels them too.
"""

import django.db.models.deletion
from django.db import migrations, models

# The member last marked deceased or moved away, of the entry's county, for an entry that no living member of
# the county holds (one index probe on households_member.id_number per entry).
BACKFILL = """
UPDATE alerts_unregisteredentry e SET registry_member_id = gone.id
FROM alerts_unregisteredentry x
CROSS JOIN LATERAL (
    SELECT m.id FROM households_member m
    WHERE m.id_number = x.id_number AND m.living_status <> 'living' AND m.region_path LIKE x.region_path || '%'
    ORDER BY m.status_changed_on DESC NULLS LAST, m.id DESC LIMIT 1
) gone
WHERE e.id = x.id AND e.registry_member_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM households_member l WHERE l.id_number = x.id_number AND l.living_status = 'living'
                  AND l.region_path LIKE x.region_path || '%')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0015_normalise_old_alert_details"),
        ("households", "0011_member_id_number_reversed"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="department_note",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=300, verbose_name="反馈部门的说明"
            ),
        ),
        migrations.AddField(
            model_name="unregisteredentry",
            name="registry_member",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="households.member",
                verbose_name="档案中已故或迁出的成员",
            ),
        ),
        migrations.AddField(
            model_name="unregisteredperson",
            name="registry_member",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="households.member",
                verbose_name="档案中已故或迁出的成员",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
