"""Seed the rules of seeds 000/003/004 and the monitoring lines the seeds and DOMAIN.md name. Counties edit them."""

from decimal import Decimal

from django.db import migrations

RULES = [
    ("INCOME_BELOW_LINE", "人均纯收入低于监测标准（预警时段低于预警线）", "income_below_line", "low_income", {}),
    (
        "RIGID_EXPENSE",
        "医疗、教育、灾害等刚性支出超过家庭收入的一半",
        "rigid_expense_share",
        "medical_cost",
        {"share": 0.5, "min_amount": 5000},
    ),
    ("HOUSING_UNSAFE", "住房安全无保障", "guarantee_finding", "unsafe_housing", {"item": "housing"}),
    ("WATER_UNSAFE", "饮水安全无保障", "guarantee_finding", "unsafe_water", {"item": "water"}),
    ("EDUCATION_UNSECURED", "义务教育无保障（辍学）", "guarantee_finding", "school_dropout", {"item": "education"}),
    ("MEDICAL_UNSECURED", "基本医疗无保障", "guarantee_finding", "medical_cost", {"item": "medical"}),
    ("FOOD_CLOTHING", "吃穿有困难", "guarantee_finding", "other", {"item": "food_clothing"}),
    (
        "SERIOUS_ILLNESS_UNINSURED",
        "家庭成员患大病且未参加基本医疗保险",
        "serious_illness_uninsured",
        "medical_cost",
        {},
    ),
    (
        "LABOURER_OUT_OF_WORK",
        "主要务工劳动力失岗6个月以上",
        "labourer_underemployed",
        "unemployment",
        {"months_out": 6},
    ),
]

LINES = [
    # (year, prefix, label, amount, basis, warnings)
    (2021, "36", "江西省", Decimal("6000"), "永党农字〔2021〕3号：脱贫攻坚期国家扶贫标准的1.5倍", []),
    (
        2023,
        "44",
        "广东省",
        Decimal("10420"),
        "新丰县2023年工作要点（二）",
        [("2023-07-01", "2023-10-31", Decimal("10600")), ("2023-11-01", "2023-12-31", Decimal("10800"))],
    ),
    (2023, "52", "贵州省", Decimal("7300"), "贵州省2023年监测范围", []),
    (2025, "53", "云南省", Decimal("8700"), "云南省2025年监测范围", []),
]


def seed(apps, schema_editor):
    rule_model = apps.get_model("screening", "ScreeningRule")
    line_model = apps.get_model("screening", "MonitoringLine")
    warning_model = apps.get_model("screening", "WarningLine")
    for code, name, kind, risk, params in RULES:
        rule_model.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "risk_type": risk, "params": params}
        )
    for year, prefix, label, amount, basis, warnings in LINES:
        line, _ = line_model.objects.get_or_create(
            year=year, region_prefix=prefix, defaults={"region_label": label, "amount": amount, "basis": basis}
        )
        for starts, ends, warn in warnings:
            warning_model.objects.get_or_create(line=line, starts_on=starts, ends_on=ends, defaults={"amount": warn})


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
