"""An exit's two judgement figures move from code to the county's exit procedure (DOMAIN.md: where counties differ,
it is configuration): 风险消除一般须纳入满（月）, until now workflow.advisories.EXIT_MIN_MONTHS, and 风险消除未通过后提示天数,
until now workflow.exit_history.REFUSED_EXIT_DAYS. Every procedure gets the figures the code had (6 and 90), so
nothing a county sees changes until its system administrator edits them (audited, services.procedure_config)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0040_exit_review_needs_visit"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedure",
            name="exit_min_months",
            field=models.PositiveSmallIntegerField(
                db_default=6,
                default=6,
                help_text="仅风险消除程序适用：纳入监测不满该月数即提出风险消除的，发起和审核审批时提示核实（提示，不拒绝）。一般为6个月；可填1–24。",
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)],
                verbose_name="风险消除一般须纳入满（月）",
            ),
        ),
        migrations.AddField(
            model_name="procedure",
            name="refused_exit_days",
            field=models.PositiveSmallIntegerField(
                db_default=90,
                default=90,
                help_text="仅风险消除程序适用：该户的风险消除在此天数内未通过（公示异议成立、乡镇审核或县级审批不通过）的，再次提出时提示核实当时的问题是否已解决。默认90天；可填1–365。",
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)],
                verbose_name="风险消除未通过后提示天数",
            ),
        ),
    ]
