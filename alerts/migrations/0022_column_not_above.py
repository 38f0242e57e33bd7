"""A column's 不得大于的列 (FeedColumn.not_above): a row whose amount in the column exceeds the amount in the column
named is an error row. The two seeded 医保 feeds get 累计个人自付费用 not above 累计医疗总费用, where the county still
has both as amount columns and has set no check of its own."""

from django.db import migrations, models

MEDICAL = ("medical-cost-monitored", "medical-cost-rural")


def medical_not_above(apps, schema_editor):
    FeedColumn = apps.get_model("alerts", "FeedColumn")
    for code in MEDICAL:
        columns = {c.key: c for c in FeedColumn.objects.filter(feed_type__code=code, kind="amount")}
        own = columns.get("out_of_pocket")
        if own is not None and "total" in columns and not own.not_above:
            own.not_above = "total"
            own.save(update_fields=["not_above"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0021_exclusion_executive_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedcolumn",
            name="not_above",
            field=models.SlugField(
                blank=True,
                help_text="金额列：填写另一金额列的列代码，如 total（累计医疗总费用）。两列都填写时本列金额不得大于该列，"
                "大于的行作为错误行，不导入、不预警。",
                max_length=40,
                verbose_name="不得大于的列",
            ),
        ),
        migrations.RunPython(medical_not_above, migrations.RunPython.noop),
    ]
