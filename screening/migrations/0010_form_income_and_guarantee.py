# The household screening form's income, 两不愁 (吃穿) and risks found (填表说明 3 of seed 003 附件2). Forms filled
# before keep an empty income (not asked), no 吃穿 problem and no risk chosen.

import django.contrib.postgres.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0009_form_known_when_proposed"),
    ]

    operations = [
        migrations.AddField(
            model_name="screeningform",
            name="per_capita_income",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="家庭年人均纯收入（元）"
            ),
        ),
        migrations.AddField(
            model_name="screeningform",
            name="food_clothing_problem",
            field=models.BooleanField(db_default=False, default=False, verbose_name="存在吃穿困难（两不愁）"),
        ),
        migrations.AddField(
            model_name="screeningform",
            name="food_clothing_note",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="吃穿方面的问题"),
        ),
        migrations.AddField(
            model_name="screeningform",
            name="risk_types",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("low_income", "人均纯收入低于监测范围"),
                        ("business_failure", "生产经营失败"),
                        ("unemployment", "主要劳动力失岗6个月以上"),
                        ("labourer_death", "主要劳动力意外死亡"),
                        ("medical_cost", "大病重病重残医疗支出大"),
                        ("disaster_loss", "因灾因意外财产损失大"),
                        ("school_dropout", "义务教育阶段子女辍学"),
                        ("unsafe_housing", "唯一住房存在安全问题"),
                        ("unsafe_water", "饮水安全问题"),
                        ("other", "其他风险"),
                    ],
                    max_length=32,
                ),
                blank=True,
                db_default=[],
                default=list,
                size=None,
                verbose_name="存在的返贫致贫风险",
            ),
        ),
        migrations.AddConstraint(
            model_name="screeningform",
            constraint=models.CheckConstraint(
                condition=models.Q(("per_capita_income__isnull", True))
                | models.Q(("per_capita_income__gte", 0), ("per_capita_income__lte", 1000000)),
                name="sform_income_bounded",
            ),
        ),
    ]
