"""Alert.rule_name: the rule's name as the alert was raised, so that renaming a rule (a new threshold: 累计支出超过
20000元 → 30000元) no longer retitles the alerts raised under the old name. Existing alerts take their rule's
current name: the name each was raised under is not recorded anywhere else (its detail starts with it, but a
detail may have been cut at 300 characters or rewritten by 0015). One UPDATE joined on the rule's primary key."""

from django.db import migrations, models

BACKFILL = "UPDATE alerts_alert a SET rule_name = r.name FROM alerts_alertrule r WHERE r.id = a.rule_id"


class Migration(migrations.Migration):
    dependencies = [("alerts", "0024_epidemic_feed_risk_type")]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="rule_name",
            field=models.CharField(default="", max_length=100, verbose_name="预警规则名称"),
            preserve_default=False,
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
