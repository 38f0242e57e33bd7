"""A case's opening event names the household's history row of the opening (CaseEvent.detail "household_event"),
which services.guarantee_restore reads for what the opening set to 否. The openings written before get theirs once,
as guarantee_restore used to find the row: the household's first history row since the case's creation that says it
opened a case of the case's kind. The wording is frozen here, as it was when those rows were written."""

from django.db import migrations

# workflow.choices.CaseKind's labels, as services.cases.case_open wrote them ("发起纳入（…）").
KIND_LABELS = {"identification": "纳入", "exit": "风险消除", "remark": "风险再标注"}
CHUNK = 2000


def forwards(apps, schema_editor):
    CaseEvent = apps.get_model("workflow", "CaseEvent")
    HouseholdEvent = apps.get_model("households", "HouseholdEvent")
    last = 0
    while True:
        events = list(
            CaseEvent.objects.filter(pk__gt=last, action="case_open", detail={})
            .select_related("case")
            .order_by("pk")[:CHUNK]
        )
        if not events:
            return
        last = events[-1].pk
        changed = []
        for event in events:
            case = event.case
            row = (
                HouseholdEvent.objects.filter(
                    household_id=case.household_id,
                    created_at__gte=case.created_at,
                    summary__startswith=f"发起{KIND_LABELS.get(case.kind, case.kind)}",
                )
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
            if row is not None:
                event.detail = {"household_event": row}
                changed.append(event)
        CaseEvent.objects.bulk_update(changed, ["detail"])


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0001_initial"),
        ("workflow", "0025_meeting_once"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
