"""The risk-elimination procedures of 涞源县 (涞巩固拓展〔2022〕3号 §五) and 桃沟乡 (集中排查实施方案 §二2(5)) on a
database that has only Yongxiu's: until now a cadre there who proposed an exit was refused with 本县尚未启用风险消除
程序. A database created after this change has them already (0002 installs the current presets, workflow.presets).

Only what is missing is added: an existing procedure of either code (a county's own) is left as it is, and no
other procedure or case changes. Each takes the region prefix of its county's identification procedure when that
is there (a district that installed taogou_identification set its own prefix on it, presets.py), so that the exit
reaches the same households; it is installed active unless the county already runs another active exit procedure,
which stays the one in use (one active procedure per county and kind, services.procedures). The steps are a copy of
the presets as they are now."""

from django.db import migrations

STEP_FIELDS = ("code", "name", "role", "kind", "days", "day_type")

PROCEDURES = [
    {
        "code": "laiyuan_exit",
        "identification": "laiyuan_identification",
        "name": "涞源县风险消除程序",
        "region_prefix": "130630",
        "source": "涞巩固拓展〔2022〕3号 §五",
        "steps": [
            ("village_review", "村级评议", "village_cadre", "village_review", None, ""),
            ("village_publicity", "村级公示", "village_cadre", "publicity", 5, "calendar"),
            ("township_audit", "乡镇审核", "township_officer", "township_audit", None, ""),
            ("county_approval", "县级审定", "county_approver", "county_approval", None, ""),
        ],
    },
    {
        "code": "taogou_exit",
        "identification": "taogou_identification",
        "name": "桃沟乡风险消除程序",
        "region_prefix": "340000",
        "source": "桃沟乡集中排查实施方案 §二2(5)",
        "steps": [
            ("village_review", "村两委评议", "village_cadre", "village_review", None, ""),
            ("village_publicity", "村内公示", "village_cadre", "publicity", 5, "working"),
            ("township_review", "乡党委政府审核", "township_officer", "township_audit", None, ""),
            ("district_filing", "区级备案公告并标注风险消除", "county_officer", "announcement", None, ""),
        ],
    },
]


def forwards(apps, schema_editor):
    Procedure = apps.get_model("workflow", "Procedure")
    Step = apps.get_model("workflow", "Step")
    for preset in PROCEDURES:
        if Procedure.objects.filter(code=preset["code"]).exists():
            continue
        identification = Procedure.objects.filter(code=preset["identification"]).first()
        prefix = identification.region_prefix if identification is not None else preset["region_prefix"]
        running = Procedure.objects.filter(kind="exit", region_prefix=prefix, is_active=True).exists()
        procedure = Procedure.objects.create(
            code=preset["code"],
            name=preset["name"],
            kind="exit",
            region_prefix=prefix,
            is_active=not running,
            limit_days=None,
            source=preset["source"],
        )
        for order, values in enumerate(preset["steps"], start=1):
            Step.objects.create(
                procedure=procedure,
                order=order,
                parallel_with_next=False,
                skippable_when_clear=False,
                **dict(zip(STEP_FIELDS, values, strict=True)),
            )


class Migration(migrations.Migration):
    dependencies = [("workflow", "0022_exit_no_channel")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
