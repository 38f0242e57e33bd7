"""The applications whose identification case was withdrawn before the follow-over existed
(services.application_followup, which only runs when a new case opens): where the withdrawn case is the household's
latest withdrawn identification case and a later identification case of the household is running or approved (not
withdrawn, not refused), the application follows that case, so the farmer's status lookup shows it instead of
程序已终止. Both cases' records get the live path's notes and the move is audited, by 系统迁移."""

from django.db import migrations
from django.utils import timezone

MIGRATION_ACTOR = "系统迁移"


def follow_later_cases(apps, schema_editor):
    Application = apps.get_model("workflow", "Application")
    Case = apps.get_model("workflow", "Case")
    CaseEvent = apps.get_model("workflow", "CaseEvent")
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    applications = Application.objects.filter(
        status="case_opened", case__kind="identification", case__status="withdrawn"
    ).select_related("case__household")
    for application in applications.order_by("submitted_at", "pk"):
        old = application.case
        cases = Case.objects.filter(household_id=old.household_id, kind="identification")
        latest_withdrawn = cases.filter(status="withdrawn").order_by("-created_at", "-pk").first()
        if latest_withdrawn.pk != old.pk:
            continue
        new = (
            cases.filter(created_at__gte=old.created_at)
            .exclude(pk=old.pk)
            .exclude(status__in=["withdrawn", "rejected"])
            .order_by("created_at", "pk")
            .first()
        )
        if new is None:
            continue
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(case=new, updated_at=now)
        applied = f"{timezone.localtime(application.submitted_at).date():%Y-%m-%d}"
        receipt = f"农户自主申报（回执号 {application.receipt_no}，{application.name}，{applied} 提交）"
        notes = [
            (new, f"承接{receipt}：该申报原转入的识别纳入案件已撤回，随本案件继续办理"),
            (old, f"本案件撤回后，该户重新发起识别纳入，{receipt}随新案件继续办理"),
        ]
        for case, summary in notes:
            summary = f"{MIGRATION_ACTOR}：{summary}"
            CaseEvent.objects.create(case=case, region_path=case.region_path, action="case_note", summary=summary)
            Case.objects.filter(pk=case.pk).update(updated_at=now)
            AuditEvent.objects.create(
                actor_username=MIGRATION_ACTOR,
                action="workflow.case_note",
                summary=f"{old.household.number}：{summary}"[:500],
                object_type="workflow.case",
                object_id=str(case.pk),
                region_path=case.region_path,
            )
        AuditEvent.objects.create(
            actor_username=MIGRATION_ACTOR,
            action="workflow.application_follow_case",
            summary=f"自主申报 {application.receipt_no}：原识别纳入案件已撤回，随新发起的识别纳入案件办理",
            object_type="workflow.application",
            object_id=str(application.pk),
            region_path=application.region_path,
            before={"case": old.pk},
            after={"case": new.pk},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0015_department_seed_units"),
        ("workflow", "0038_application_status_monitored"),
    ]

    operations = [
        migrations.RunPython(follow_later_cases, migrations.RunPython.noop),
    ]
