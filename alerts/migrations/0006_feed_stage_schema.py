from django.db import migrations


class Migration(migrations.Migration):
    """A schema for the staging tables of feed ingestion (alerts.ingest.rawtable): regular unlogged tables, one a
    database session at a time, so that PostgreSQL's parallel workers can read them (they cannot read a session's
    temporary tables)."""

    dependencies = [
        ("alerts", "0005_exclusion_rules"),
    ]

    operations = [
        migrations.RunSQL("CREATE SCHEMA IF NOT EXISTS feed_stage", "DROP SCHEMA IF EXISTS feed_stage CASCADE"),
    ]
