"""A household whose head died or moved out last (all of them, as a closed household's) is named after that head
(households.services.registry.refresh_head_name), not left blank to read （无户主）户."""

from django.db import migrations
from django.db.models import F


def name_after_last_head(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    Member = apps.get_model("households", "Member")
    for household in Household.objects.filter(head_name="").iterator():
        head = (
            Member.objects.filter(household=household, relation="head")
            .order_by(F("status_changed_on").desc(nulls_last=True), "-pk")
            .first()
        )
        if head is not None:
            Household.objects.filter(pk=household.pk).update(head_name=head.name)


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0023_member_employee_medical_insurance"),
    ]

    operations = [
        migrations.RunPython(name_after_last_head, migrations.RunPython.noop),
    ]
