"""Yongxiu's risk-elimination procedure gets a last step of the township's, 公告并标注风险消除: 永党农字〔2021〕3号
§三(三)8 "退出监测范围，并在监测系统中及时标注'风险消除'" (桃沟乡 §二2(5): 备案公告，并在全国防止返贫监测信息系统中
标注), as the identification ends with 公告并标识. The household is still marked 风险消除 at the county's approval
(services.outcomes), so the new step changes no household: it records the announcement and the national system's
marking, and the case closes with it.

As 0011 did: a case runs on the steps it was opened with (services.cases._advance expects a CaseStep for each step
of its procedure), so a procedure with open cases is kept, inactive and renamed, for those cases (they close at the
county's approval as before; an approved exit is already closed and stays so), and a copy with the new step takes
its code and its active flag. Without open cases the step is added in place. A database created after this change
already has the step (0002 installs the current presets)."""

from django.db import migrations

CODE = "yongxiu_exit"
ARCHIVED_CODE = "yongxiu_exit_2021"
ARCHIVED_SUFFIX = "（调整前环节，仅办理此前发起的案件）"
NEW_STEP = {
    "code": "announcement",
    "name": "公告并标注风险消除",
    "role": "township_officer",
    "kind": "announcement",
    "days": None,
    "day_type": "",
    "parallel_with_next": False,
    "skippable_when_clear": False,
}
STEP_FIELDS = ("code", "name", "role", "kind", "days", "day_type", "parallel_with_next", "skippable_when_clear")


def forwards(apps, schema_editor):
    Procedure = apps.get_model("workflow", "Procedure")
    Step = apps.get_model("workflow", "Step")
    Case = apps.get_model("workflow", "Case")
    procedure = Procedure.objects.filter(code=CODE).first()
    if procedure is None:
        return
    steps = list(procedure.steps.order_by("order"))
    if any(step.kind == "announcement" or step.code == NEW_STEP["code"] for step in steps):
        return  # already marked at its own last step (a new database, or a county's own edit)
    if Case.objects.filter(procedure=procedure, status="open").exists():
        active = procedure.is_active
        Procedure.objects.filter(pk=procedure.pk).update(
            code=ARCHIVED_CODE, name=(procedure.name + ARCHIVED_SUFFIX)[:100], is_active=False
        )
        target = Procedure.objects.create(
            code=CODE,
            name=procedure.name,
            kind=procedure.kind,
            region_prefix=procedure.region_prefix,
            is_active=active,
            limit_days=procedure.limit_days,
            source=procedure.source,
        )
        for step in steps:
            Step.objects.create(
                procedure=target, order=step.order, **{name: getattr(step, name) for name in STEP_FIELDS}
            )
    else:
        target = procedure
    last = max((step.order for step in steps), default=0)
    Step.objects.create(procedure=target, order=last + 1, **NEW_STEP)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0020_caseevent_detail")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
