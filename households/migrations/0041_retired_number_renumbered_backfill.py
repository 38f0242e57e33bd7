"""The 户编号 households gave up on 修改农户 (a number typed over) before such numbers were kept (d259858f, migration
0030): rebuilt as RetiredNumber rows, so that they are never given to another household of the village and a search by
them finds the household (原户编号).

Read from what recorded every such change, in every version of household_update (page and PATCH alike): its 变更记录
row (HouseholdEvent.changes, a list of {"field", "label", "old", "new"}; field "number" is the 户编号, old the number
given up), and its audit event on the household (AuditEvent.before {"number": old}), should the history row be
missing. A 整户迁移's number (its own rows, migration 0029 already read them) is kept as 整户迁移.

A number the household holds now is not retired (it gave it up and took it back: households.services.registry
deletes that row too). A number given up by two households (given again before numbers were kept) stays with the
first that gave it up; its 停用时间 is the last time that household gave it up (by its history rows, the audit
events' only where the history has none). One INSERT … SELECT over the whole
county (set-based; existing rows left alone: ON CONFLICT DO NOTHING), so it can be run again to no effect. The
reverse does nothing: the rows are the numbers' protection and cannot be told from those written since."""

from django.db import migrations

BACKFILL = """
INSERT INTO households_retirednumber (number, household_id, reason, retired_at)
SELECT DISTINCT ON (given.number)
    given.number, given.household_id, given.reason,
    coalesce(
        max(given.at) FILTER (WHERE given.history) OVER (PARTITION BY given.number, given.household_id),
        max(given.at) OVER (PARTITION BY given.number, given.household_id)
    )
FROM (
    SELECT c->>'old' AS number, e.household_id, e.created_at AS at, true AS history,
        CASE WHEN e.summary LIKE '整户迁移（%%' THEN 'relocated' ELSE 'renumbered' END AS reason
    FROM households_householdevent e CROSS JOIN LATERAL jsonb_array_elements(e.changes) c
    WHERE jsonb_typeof(e.changes) = 'array' AND jsonb_typeof(c) = 'object' AND c->>'field' = 'number'
    UNION ALL
    SELECT a.before->>'number', a.object_id::bigint, a.created_at, false,
        CASE WHEN a.action LIKE 'household.relocate%%' THEN 'relocated' ELSE 'renumbered' END
    FROM accounts_auditevent a
    WHERE a.object_type = 'households.household' AND a.object_id ~ '^[0-9]{1,18}$'
      AND jsonb_typeof(a.before) = 'object' AND a.before ? 'number'
) given
JOIN households_household h ON h.id = given.household_id
WHERE coalesce(given.number, '') <> '' AND length(given.number) <= 32 AND given.number <> h.number
ORDER BY given.number, given.at, given.household_id
ON CONFLICT (number) DO NOTHING
"""


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0040_household_list_all_states"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=False)]
