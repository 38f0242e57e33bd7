from django.db import migrations

COUNTY_OFFICER = "county_officer"  # accounts.choices.Role.COUNTY_OFFICER


def county_recorders_apart(apps, schema_editor):
    """Facts county bureau staff typed by hand before their entries were given 县级录入 (85a480c) were written as
    村乡干部录入, so a village cadre could withdraw what the county had recorded. The fact's recorder says whose it
    is: a 村乡干部录入 fact recorded by a county bureau account becomes 县级录入 (0017 moved those given 县级比对)."""
    ExclusionFact = apps.get_model("screening", "ExclusionFact")
    ExclusionFact.objects.filter(source="cadre", recorded_by__role=COUNTY_OFFICER).update(source="county_entry")


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0017_exclusion_county_entry"),
        ("accounts", "0011_once_digest"),
    ]

    # No way back: which 县级录入 facts were 村乡干部录入 before is not recorded, and the county's are the county's.
    operations = [migrations.RunPython(county_recorders_apart, migrations.RunPython.noop)]
