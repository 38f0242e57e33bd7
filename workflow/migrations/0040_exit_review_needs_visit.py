"""An exit's village review now passes only with a visit to the household recorded since the exit was proposed
(Step.needs_visit, workflow.presets.VISIT_STEPS): 000 §三(三)8 and 003 §二2(5) eliminate only a risk 稳定消除 —
收入持续稳定、"两不愁三保障"和饮水安全持续巩固 — which the village finds at the household, as it does before an
identification's or a re-mark's review. Until now an exit passed its review with no visit on file, while a re-mark was
refused one. On an existing database the three shipped exits' review steps get it, each change audited as 系统迁移
(a county that does not want it switches it off in the admin, audited as any step change). Cases already past the
review are unchanged; an open one passes once the visit is recorded."""

from django.db import migrations

MIGRATION_ACTOR = "系统迁移"
EXIT_REVIEW_STEPS = [
    ("yongxiu_exit", "village_review"),
    ("laiyuan_exit", "village_review"),
    ("taogou_exit", "village_review"),
]


def forwards(apps, schema_editor):
    Step = apps.get_model("workflow", "Step")
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    for procedure, code in EXIT_REVIEW_STEPS:
        step = Step.objects.filter(procedure__code=procedure, code=code, needs_visit=False).select_related("procedure")
        step = step.first()
        if step is None:
            continue
        Step.objects.filter(pk=step.pk).update(needs_visit=True)
        AuditEvent.objects.create(
            actor_username=MIGRATION_ACTOR,
            action="workflow.step_save",
            summary=f"保存环节：{step.procedure.name} {step.order}. {step.name}（风险消除须先入户核实：通过须有入户核实走访记录）",
            object_type="workflow.step",
            object_id=str(step.pk),
            region_path=step.procedure.region_prefix,
            before={"needs_visit": False},
            after={"needs_visit": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0015_department_seed_units"),
        ("workflow", "0039_application_follow_existing_cases"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
