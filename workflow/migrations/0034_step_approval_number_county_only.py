"""Only a county approval's pass takes a 批复文号 (Step.asks_approval_number): 0033 added needs_approval_number set on
every step, so the API said 村级评议, 村级公示, 公告并标识… took one. Unset it on every step that is not a county
approval; the county approvals keep what 0033 and the counties set."""

from django.db import migrations


def forwards(apps, schema_editor):
    Step = apps.get_model("workflow", "Step")
    Step.objects.exclude(kind="county_approval").filter(needs_approval_number=True).update(needs_approval_number=False)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0033_step_needs_approval_number")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
