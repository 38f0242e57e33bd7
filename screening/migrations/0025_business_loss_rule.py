from django.db import migrations, models


def seed_rule(apps, schema_editor):
    """000 §三(一) type 2, as the other seeded rules (0002, 0012): a county edits or switches it off."""
    rule_model = apps.get_model("screening", "ScreeningRule")
    rule_model.objects.get_or_create(
        code="BUSINESS_LOSS",
        defaults={
            "name": "生产经营亏损1万元以上且人均纯收入低于监测标准1.5倍",
            "kind": "business_loss",
            "risk_type": "business_failure",
            "params": {"min_loss": 10000, "line_multiple": 1.5},
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0035_income_business_loss"),
        ("screening", "0024_form_visit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="screeningrule",
            name="kind",
            field=models.CharField(
                choices=[
                    ("income_below_line", "人均纯收入低于监测标准或预警线"),
                    ("rigid_expense_share", "刚性支出占收入比例过高"),
                    ("guarantee_finding", "两不愁三保障或饮水安全存在问题"),
                    ("serious_illness_uninsured", "大病患者未参加医疗保险"),
                    ("labourer_underemployed", "主要劳动力失岗且家庭收入骤减"),
                    ("labourer_death", "主要劳动力近期死亡"),
                    ("business_loss", "生产经营失败、经济损失较大"),
                ],
                max_length=40,
                verbose_name="规则类型",
            ),
        ),
        migrations.RunPython(seed_rule, migrations.RunPython.noop),
    ]
