"""The preset 因疫等突发公共卫生事件困难人员 feed (seed 001 §二(四)①, pushed within 7 days with the 因灾因疫 sudden
risks) raised its alerts as 大病重病重残医疗支出大: an epidemic is none of seed 000 §三(一)'s first nine types (type 5
is a serious illness's large self-paid cost, type 6 a property loss from a disaster or accident), so its alerts are
type 10 其他 (national code 其他) until the visit finds what it did to the household (the verification's risk types).
A county that edited the rule (its risk type, name or kind) keeps it."""

from django.db import migrations

FEED, RULE, NAME = "health-sudden", "every-row", "受突发公共卫生事件影响"


def rule_as_seeded(apps, risk_type: str):
    AlertRule = apps.get_model("alerts", "AlertRule")
    return AlertRule.objects.filter(
        feed_type__code=FEED, code=RULE, name=NAME, kind="every_row", column_key="", risk_type=risk_type
    )


def forwards(apps, schema_editor):
    rule_as_seeded(apps, "medical_cost").update(risk_type="other")


def backwards(apps, schema_editor):
    rule_as_seeded(apps, "other").update(risk_type="medical_cost")


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0023_same_file_per_county_department"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
