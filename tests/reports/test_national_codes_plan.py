"""How the national codes are read in SQL (reports.ledgers.national.national_codes), which the dashboard's chart and
two ledgers compute for every monitored household of a county."""

from households.models import Household
from reports.ledgers.national import national_codes


def test_the_members_are_read_only_for_a_household_whose_medical_cost_could_be_a_disabilitys():
    sql = str(Household.objects.annotate(national=national_codes()).values("national").query)

    # One scalar subquery, not two EXISTS (which PostgreSQL hashes over every member of the county) ...
    assert sql.count('FROM "households_member"') == 1 and "EXISTS" not in sql
    # ... tested after the household's own columns, so that it runs only where they leave the question open.
    case = sql[sql.index("CASE WHEN") :]
    assert case.index('"national_risk_types" =') < case.index('FROM "households_member"')
    assert case.index('"risk_types" @>') < case.index('FROM "households_member"')
