"""Laiyuan's 村级评议公示 (001 §三) is the village's review as well as its publicity: the step now passes only with
the minutes of the review meeting on file (Step.with_review), and runs 5 calendar days (001 gives no length; as
laiyuan_exit and DOMAIN.md's 公示不少于5天) instead of none, so it no longer passes the minute it is posted.

On an existing database the preset's step is brought to this only where it is still as shipped (a publicity with no
days); a county's own change is left alone. Its open steps already posted get the end the posting now gives
(services.publicity), so the running notice is counted; no other step or case changes. A database created after
this change gets the days from 0002 (workflow.presets) and the flag here."""

import datetime as dt

from django.db import migrations, models

PROCEDURE = "laiyuan_identification"
STEP = "village_review_publicity"
DAYS = 5


def forwards(apps, schema_editor):
    Step = apps.get_model("workflow", "Step")
    CaseStep = apps.get_model("workflow", "CaseStep")
    step = Step.objects.filter(procedure__code=PROCEDURE, code=STEP, kind="publicity").first()
    if step is None:
        return
    step.with_review = True
    if step.days is None:
        step.days, step.day_type = DAYS, "calendar"
        running = CaseStep.objects.filter(step=step, status="open", posted_on__isnull=False, ends_on__isnull=True)
        for case_step in running:
            # workflow.workdays.publicity_end for calendar days.
            case_step.ends_on = case_step.posted_on + dt.timedelta(days=DAYS)
            case_step.save(update_fields=["ends_on"])
    step.save(update_fields=["with_review", "days", "day_type"])


class Migration(migrations.Migration):
    dependencies = [("workflow", "0026_case_open_household_event")]

    operations = [
        migrations.AddField(
            model_name="step",
            name="with_review",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="含村级评议（通过须上传评议会议记录）"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
