import django.db.models.deletion
from django.db import migrations, models

# A run's take-up of a hit by the household's open inclusion case writes a history row with no actor
# (screening.services.results.result_move), summary "筛查结果：提议纳入监测，该户…正在办理，筛查结果随案件办理".
TAKE_UP_EVENT = "筛查结果：提议纳入监测，%随案件办理%"

BACKFILL = """
WITH taken AS (
    -- Each run take-up: its history row, the run it happened in (the row was written while the run worked; the
    -- nearest to finish if two overlapped) and that run's change row for the household, logged as a pending hit.
    SELECT DISTINCT ON (e.id) ch.id AS change_id, ch.change AS was, e.household_id, e.created_at
    FROM households_householdevent e
    JOIN screening_screeningrun run ON e.created_at BETWEEN run.started_at AND run.finished_at
         AND (run.household_id IS NULL OR run.household_id = e.household_id)
    JOIN screening_screeningchange ch ON ch.run_id = run.id AND ch.household_id = e.household_id
    WHERE e.actor_id IS NULL AND e.summary LIKE %(summary)s AND ch.change IN ('new', 'changed') AND ch.status = 'hit'
    ORDER BY e.id, run.finished_at
),
updated AS (
    UPDATE screening_screeningchange ch SET change = 'taken_up', status = 'proposed', case_id = (
        -- The household's inclusion case open then (the first opened, as the take-up chose it).
        SELECT c.id FROM workflow_case c
        WHERE c.household_id = t.household_id AND c.kind IN ('identification', 'remark') AND c.created_at <= t.created_at
          AND (c.closed_on IS NULL OR c.closed_on >= (t.created_at AT TIME ZONE 'Asia/Shanghai')::date)
        ORDER BY c.id LIMIT 1
    )
    FROM taken t WHERE ch.id = t.change_id
    RETURNING ch.run_id, t.was
)
UPDATE screening_screeningrun run SET
    results_new = greatest(run.results_new - n.new, 0),
    results_changed = greatest(run.results_changed - n.changed, 0),
    results_taken_up = run.results_taken_up + n.new + n.changed
FROM (
    SELECT run_id, count(*) FILTER (WHERE was = 'new') AS new, count(*) FILTER (WHERE was = 'changed') AS changed
    FROM updated GROUP BY run_id
) n
WHERE run.id = n.run_id
"""


def log_past_take_ups(apps, schema_editor):
    """Hits a run handed to their households' open cases (since 0019) were logged as pending new or changed hits:
    their change rows become 交由在办案件办理, 已提议纳入监测, naming the case, and their runs count them so, as a run
    logs them now (screening.services.run_apply.log_taken_up)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKFILL, {"summary": TAKE_UP_EVENT})


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0019_hits_in_procedure_proposed"),
        ("workflow", "0025_meeting_once"),
        ("households", "0018_consent_once"),
    ]

    operations = [
        migrations.AddField(
            model_name="screeningchange",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="workflow.case",
                verbose_name="交由办理的案件",
            ),
        ),
        migrations.AddField(
            model_name="screeningrun",
            name="results_taken_up",
            field=models.PositiveIntegerField(default=0, verbose_name="交由在办案件办理户数"),
        ),
        migrations.AlterField(
            model_name="screeningchange",
            name="change",
            field=models.CharField(
                choices=[
                    ("new", "新命中"),
                    ("changed", "原因或状态变化"),
                    ("dropped", "不再命中"),
                    ("taken_up", "交由在办案件办理"),
                ],
                max_length=16,
                verbose_name="变化",
            ),
        ),
        # Backwards the rows keep their new kind: the code before shows a kind it does not know as stored.
        migrations.RunPython(log_past_take_ups, migrations.RunPython.noop),
    ]
