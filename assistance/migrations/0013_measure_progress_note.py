"""A measure's 实施情况 (progress_note) apart from its 帮扶成效 (effect_note).

Until now the department's 登记实施情况 and a note on starting a measure were added to effect_note, the field the
closing note goes to. A measure not yet closed (计划中, 实施中) has had no closing note: whatever its effect_note holds
is progress, and moves to progress_note. A closed one's effect_note mixes earlier progress lines with the closing
note, which cannot be told apart reliably (a note may itself run over several lines): it stays as it is."""

from django.db import migrations, models

OPEN = ("planned", "in_progress")


def move_open_notes(apps, schema_editor):
    PlanMeasure = apps.get_model("assistance", "PlanMeasure")
    PlanMeasure.objects.filter(status__in=OPEN).exclude(effect_note="").update(
        progress_note=models.F("effect_note"), effect_note=""
    )


def move_back(apps, schema_editor):
    """Back into the one field: the progress first, then any closing note."""
    PlanMeasure = apps.get_model("assistance", "PlanMeasure")
    for measure in PlanMeasure.objects.exclude(progress_note="").only("progress_note", "effect_note"):
        measure.effect_note = "\n".join(note for note in (measure.progress_note, measure.effect_note) if note)
        measure.save(update_fields=["effect_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0012_co_departments_seed_units"),
    ]

    operations = [
        migrations.AddField(
            model_name="planmeasure",
            name="progress_note",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="实施情况"),
        ),
        migrations.RunPython(move_open_notes, move_back),
    ]
