from django.db import migrations

# Each household carries a copy of its latest income row (the newest year): the year, the per-capita net income,
# the total income and the rigid expenses, the figures the screening rules compare, and the per-capita net income
# of the year before it, by which the run tells a stable income from a falling one. The nightly screening
# run reads them from the household row it scans anyway instead of finding every household's latest income
# among all the income rows (screening.engine: that search was a third of a county's run).
#
# They are columns of the table only, not fields of the Django model: a model save() writes every field it
# knows, and a household loaded before an income was entered would write its stale copy back. Only the
# trigger below writes them, after every INSERT, UPDATE and DELETE on the income table, whoever makes it (the
# income service, a bulk COPY such as seed_demo's, a bulk UPDATE or DELETE), once per statement with the
# statement's rows (transition tables), so a bulk load costs one UPDATE, not one per row.
#
# Two transactions changing the same household's incomes at once: the trigger first locks the households it
# will update (in id order, as batches do) and only then reads their incomes, in a statement of its own and so
# in a snapshot taken after the lock, which sees the other transaction's committed rows. FOR NO KEY UPDATE
# does not wait for the FOR KEY SHARE locks that foreign-key checks (alerts, cases) take on households.
FORWARD = """
ALTER TABLE households_household
    ADD COLUMN latest_income_year smallint,
    ADD COLUMN latest_income_per_capita numeric,
    ADD COLUMN latest_income_total numeric,
    ADD COLUMN latest_rigid_expenses numeric,
    ADD COLUMN latest_income_previous_per_capita numeric;

CREATE OR REPLACE FUNCTION households_latest_income_refresh() RETURNS trigger AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT household_id) INTO ids FROM new_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT household_id) INTO ids
        FROM (SELECT household_id FROM new_rows UNION ALL SELECT household_id FROM old_rows) changed;
    ELSE
        SELECT array_agg(DISTINCT household_id) INTO ids FROM old_rows;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM households_household WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE households_household h SET
        latest_income_year = l.year,
        latest_income_per_capita = l.per_capita_net_income,
        latest_income_total = l.total_income,
        latest_rigid_expenses = l.rigid,
        latest_income_previous_per_capita = p.per_capita_net_income
    FROM unnest(ids) AS changed(id)
    LEFT JOIN LATERAL (
        SELECT i.year, i.per_capita_net_income,
               i.wage_income + i.business_income + i.property_income + i.transfer_income AS total_income,
               i.medical_expenses + i.education_expenses + i.disaster_expenses + i.other_rigid_expenses AS rigid
        FROM households_householdincome i
        WHERE i.household_id = changed.id
        ORDER BY i.year DESC
        LIMIT 1
    ) l ON true
    LEFT JOIN households_householdincome p ON p.household_id = changed.id AND p.year = l.year - 1
    WHERE h.id = changed.id
      AND (h.latest_income_year, h.latest_income_per_capita, h.latest_income_total, h.latest_rigid_expenses,
           h.latest_income_previous_per_capita)
          IS DISTINCT FROM (l.year, l.per_capita_net_income, l.total_income, l.rigid, p.per_capita_net_income);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER households_latest_income_insert
    AFTER INSERT ON households_householdincome REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION households_latest_income_refresh();
CREATE TRIGGER households_latest_income_update
    AFTER UPDATE ON households_householdincome REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION households_latest_income_refresh();
CREATE TRIGGER households_latest_income_delete
    AFTER DELETE ON households_householdincome REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION households_latest_income_refresh();

-- What the screening run reads of each active household, in a narrow index it scans instead of the table's wide
-- rows (an index-only scan: 12 MB against 36 MB for 150,000 households, without deforming the address, phone and
-- other columns stored before these): screening.engine.evaluation_sql.
CREATE INDEX household_screening ON households_household (id)
    INCLUDE (region_path, monitoring_category, food_clothing_ok, education_ok, medical_ok, housing_ok, water_ok,
             latest_income_year, latest_income_per_capita, latest_income_total, latest_rigid_expenses,
             latest_income_previous_per_capita)
    WHERE is_active;

UPDATE households_household h SET
    latest_income_year = l.year,
    latest_income_per_capita = l.per_capita_net_income,
    latest_income_total = l.wage_income + l.business_income + l.property_income + l.transfer_income,
    latest_rigid_expenses = l.medical_expenses + l.education_expenses + l.disaster_expenses + l.other_rigid_expenses,
    latest_income_previous_per_capita = p.per_capita_net_income
FROM (
    SELECT DISTINCT ON (household_id) * FROM households_householdincome ORDER BY household_id, year DESC
) l
LEFT JOIN households_householdincome p ON p.household_id = l.household_id AND p.year = l.year - 1
WHERE l.household_id = h.id;
"""

REVERSE = """
DROP INDEX IF EXISTS household_screening;
DROP TRIGGER IF EXISTS households_latest_income_delete ON households_householdincome;
DROP TRIGGER IF EXISTS households_latest_income_update ON households_householdincome;
DROP TRIGGER IF EXISTS households_latest_income_insert ON households_householdincome;
DROP FUNCTION IF EXISTS households_latest_income_refresh();
ALTER TABLE households_household
    DROP COLUMN latest_income_year,
    DROP COLUMN latest_income_per_capita,
    DROP COLUMN latest_income_total,
    DROP COLUMN latest_rigid_expenses,
    DROP COLUMN latest_income_previous_per_capita;
"""


class Migration(migrations.Migration):
    dependencies = [("households", "0007_household_list_order")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
