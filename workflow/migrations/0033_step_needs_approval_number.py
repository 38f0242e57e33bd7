"""A county approval may now pass without a 批复文号 (Step.needs_approval_number, set by default: 000 §三(三)5's
leading group 批复 keeps its number). Laiyuan's 县级审定, of its identification and of its exit, is the county
bureau's decision (001 §五: 认定和风险消除环节，由县乡村振兴部门组织乡村干部按规定履行程序), not a leading group's
批复: on an existing database the two shipped steps are given to 县乡村振兴局 and no longer ask a number, where they
are still as shipped (the leading group's step); a county's own change is left alone. Their open steps are then the
county bureau's to decide, on the case page; approvals already recorded keep their 批复文号. A database created after
this change gets the role from 0002 (workflow.presets) and the flag here."""

from django.db import migrations, models

NUMBERLESS_STEPS = [("laiyuan_identification", "county_approval"), ("laiyuan_exit", "county_approval")]


def forwards(apps, schema_editor):
    Step = apps.get_model("workflow", "Step")
    for procedure, code in NUMBERLESS_STEPS:  # workflow.presets.NUMBERLESS_STEPS
        shipped = Step.objects.filter(procedure__code=procedure, code=code, kind="county_approval")
        shipped.filter(role__in=["county_approver", "county_officer"]).update(
            role="county_officer", needs_approval_number=False
        )


class Migration(migrations.Migration):
    dependencies = [("workflow", "0032_step_needs_visit")]

    operations = [
        migrations.AddField(
            model_name="step",
            name="needs_approval_number",
            field=models.BooleanField(
                db_default=True,
                default=True,
                help_text="仅县级审批环节：由领导小组批复的，通过时须填写批复文号和批复日期，可批量审批；"
                "由县乡村振兴局直接审定、没有批复文号的，取消勾选，在案件页逐户审定。",
                verbose_name="通过须填写批复文号",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
