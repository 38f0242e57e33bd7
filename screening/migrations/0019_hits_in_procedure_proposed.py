from django.db import migrations
from django.utils import timezone

INCLUSION_KINDS = ("identification", "remark")  # workflow.choices.CaseKind: 纳入, 风险再标注
NOTE = "该户{kind}案件正在办理，筛查结果随案件办理"
KIND_LABELS = {"identification": "纳入", "remark": "风险再标注"}


def hits_in_procedure_proposed(apps, schema_editor):
    """A hit that appeared after its household's inclusion case opened (a run after the opening changed the
    household, the county's 不予排除) stayed 待处理 beside the case, and could be dismissed while the case went on.
    Such a hit is the case's (screening.services.in_procedure): it becomes 已提议纳入监测, with a note and a history
    row on the household saying so, as the service writes them."""
    ScreeningResult = apps.get_model("screening", "ScreeningResult")
    Case = apps.get_model("workflow", "Case")
    HouseholdEvent = apps.get_model("households", "HouseholdEvent")
    cases = Case.objects.filter(kind__in=INCLUSION_KINDS, status="open").order_by("household_id", "pk")
    kinds: dict[int, str] = {}
    for household_id, kind in cases.values_list("household_id", "kind"):
        kinds.setdefault(household_id, kind)
    now = timezone.now()
    for result in ScreeningResult.objects.filter(status="hit", household_id__in=list(kinds)).order_by("pk"):
        note = NOTE.format(kind=KIND_LABELS[kinds[result.household_id]])
        updated = ScreeningResult.objects.filter(pk=result.pk, status="hit").update(
            status="proposed", handled_by=None, handled_at=now, handle_note=note
        )
        if updated:
            HouseholdEvent.objects.create(
                household_id=result.household_id,
                region_path=result.region_path,
                actor=None,
                summary=f"筛查结果：提议纳入监测，{note}",
                changes=[{"field": "status", "label": "筛查结果状态", "old": "待处理", "new": "已提议纳入监测"}],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0018_county_hand_entries_by_recorder"),
        ("workflow", "0025_meeting_once"),
        ("households", "0018_consent_once"),
    ]

    # No way back: a proposal taken up by its case is one; were its case to end without inclusion, the proposal goes
    # back to 待处理 with how it ended (screening.receivers).
    operations = [migrations.RunPython(hits_in_procedure_proposed, migrations.RunPython.noop)]
