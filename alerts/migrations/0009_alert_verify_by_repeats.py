"""The first verification deadline of an alert (Alert.verify_by), kept apart from the current level's deadline
(due_on), which escalation moves; the feed type's quiet days after a verification (no repeat alert); the outcome
部门数据有误.

Existing alerts get their first deadline from due_on, which escalation has not moved as long as escalated_on is
empty. An alert escalated before this migration holds its last step's deadline there: its first deadline is
rebuilt as the ingestion set it, raise date + the feed type's verify_days (exact unless the county changed
verify_days since; the audit log's alerts.escalate entries name the deadline each step missed)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0008_outcome_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="verify_by",
            field=models.DateField(null=True, verbose_name="原核实期限"),
        ),
        migrations.RunSQL(
            """UPDATE alerts_alert a
            SET verify_by = CASE WHEN a.escalated_on IS NULL THEN a.due_on ELSE a.raised_on + f.verify_days END
            FROM alerts_feedtype f WHERE f.id = a.feed_type_id AND a.verify_by IS NULL""",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="alert",
            name="verify_by",
            field=models.DateField(verbose_name="原核实期限"),
        ),
        migrations.AddField(
            model_name="feedtype",
            name="repeat_quiet_days",
            field=models.PositiveSmallIntegerField(
                default=90,
                help_text="同一人同一规则核实为“无返贫致贫风险”或“已是监测对象”后，这些天内再次报送不再生成预警；"
                "待核实期间也不重复生成。填0则核实后下一期即可再次预警。",
                verbose_name="核实后不重复预警（天）",
            ),
        ),
        migrations.AlterField(
            model_name="alert",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("include", "纳入监测（发起识别）"),
                    ("not_at_risk", "无返贫致贫风险"),
                    ("monitored", "已是监测对象"),
                    ("moved", "已迁出"),
                    ("deceased", "已故"),
                    ("wrong_data", "部门数据有误（姓名与身份证号不符等）"),
                ],
                max_length=16,
                verbose_name="核实结果",
            ),
        ),
        migrations.AlterField(
            model_name="feedupload",
            name="alerts_repeated",
            field=models.PositiveIntegerField(default=0, verbose_name="已预警过（不重复生成）数"),
        ),
    ]
