"""The shipped procedures' basis (依据) named the policy papers as the project's seed files ("种子文件000"); they now
name each paper by its document number, as the county knows it. Only the shipped wording is rewritten: a basis a
county typed itself is left as it is."""

from django.db import migrations

RENAMES = [
    ("种子文件000 §三(三)8；003 §二2(5)", "永党农字〔2021〕3号 §三(三)8；桃沟乡集中排查实施方案 §二2(5)"),
    ("种子文件000 §", "永党农字〔2021〕3号 §"),
    ("种子文件001 §", "涞巩固拓展〔2022〕3号 §"),
    ("种子文件003 §", "桃沟乡集中排查实施方案 §"),
]


def rename(apps, schema_editor):
    Procedure = apps.get_model("workflow", "Procedure")
    for procedure in Procedure.objects.filter(source__startswith="种子文件"):
        for old, new in RENAMES:
            if procedure.source.startswith(old):
                procedure.source = new + procedure.source[len(old) :]
                procedure.save(update_fields=["source"])
                break


class Migration(migrations.Migration):
    dependencies = [("workflow", "0007_application_case_many")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
