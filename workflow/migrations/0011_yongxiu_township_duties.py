"""Yongxiu's identification procedure gets the township's two duties of its own paper (永党农字〔2021〕3号):
§三(三)3 乡镇汇总并初步审核村级报送的名单后上报县乡村振兴局 — a township preliminary review before the county's
comparison; §三(三)6 乡镇对县级批复的名单在乡村两级公告…录入、标识 — the announcement is the township officer's.

A case runs on the steps it was opened with (services.cases.case_open creates one CaseStep per step of the
procedure; _advance then walks the procedure's steps and expects a CaseStep for each). So a procedure with open
cases is not changed in place, as services.procedure_config refuses too: it is kept, inactive and renamed, for
those cases, and a copy with the new step takes its code and its active flag. Without open cases the procedure
is changed in place. The announcement's role changes in both, so an open case waiting on it is announced by the
township. A database created after this change already has the step (0002 installs the current presets)."""

from django.db import migrations

CODE = "yongxiu_identification"
ARCHIVED_CODE = "yongxiu_identification_2021"
ARCHIVED_SUFFIX = "（调整前环节，仅办理此前发起的案件）"
NEW_STEP = {
    "code": "township_preliminary",
    "name": "乡镇汇总初审",
    "role": "township_officer",
    "kind": "township_audit",
}
STEP_FIELDS = ("code", "name", "role", "kind", "days", "day_type", "parallel_with_next", "skippable_when_clear")


def _insert_at(steps):
    """The order the new step takes: that of the county's comparison (it goes just before it), else of the first
    township audit; None when the county has reshaped the procedure beyond both."""
    for kind in ("department_comparison", "township_audit"):
        for step in steps:
            if step.kind == kind:
                return step.order
    return None


def forwards(apps, schema_editor):
    Procedure = apps.get_model("workflow", "Procedure")
    Step = apps.get_model("workflow", "Step")
    Case = apps.get_model("workflow", "Case")
    procedure = Procedure.objects.filter(code=CODE).first()
    if procedure is None:
        return
    steps = list(procedure.steps.order_by("order"))
    if any(step.code == NEW_STEP["code"] for step in steps):
        return
    at = _insert_at(steps)
    if Case.objects.filter(procedure=procedure, status="open").exists():
        active = procedure.is_active
        Step.objects.filter(procedure=procedure, kind="announcement").update(role="township_officer")
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
            values = {name: getattr(step, name) for name in STEP_FIELDS}
            order = step.order + (1 if at is not None and step.order >= at else 0)
            Step.objects.create(procedure=target, order=order, **values)
    else:
        target = procedure
        if at is not None:
            # One by one from the last, so that (procedure, order) stays unique at every UPDATE.
            for step in sorted((s for s in steps if s.order >= at), key=lambda s: -s.order):
                Step.objects.filter(pk=step.pk).update(order=step.order + 1)
    if at is not None:
        Step.objects.create(procedure=target, order=at, days=None, day_type="", **NEW_STEP)
    Step.objects.filter(procedure=target, kind="announcement").update(role="township_officer")


class Migration(migrations.Migration):
    dependencies = [("workflow", "0010_national_risk_types")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
