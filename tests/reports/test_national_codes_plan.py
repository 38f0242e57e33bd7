"""How the national codes are read in SQL (reports.ledgers.national.national_codes), which the dashboard's chart and
two ledgers compute for every monitored household of a county."""

from households.models import Household
from reports.ledgers.national import national_codes


def test_the_members_are_read_only_for_a_household_whose_codes_depend_on_them():
    """A medical cost that could be a disability's, and income below the line alone (缺劳动力 where nobody can
    work): one scalar subquery each, never an EXISTS (which PostgreSQL hashes over every member of the county)."""
    sql = str(Household.objects.annotate(national=national_codes()).values("national").query)

    assert sql.count('FROM "households_member"') == 2 and "EXISTS" not in sql
    # Each tested after the household's own columns, so that it runs only where they leave the question open.
    case = sql[sql.index("CASE WHEN") :]
    for when in case.split(" WHEN ")[1:3]:
        assert when.index('"national_risk_types" =') < when.index('FROM "households_member"')
        assert when.index('"risk_types" @>') < when.index('FROM "households_member"')
