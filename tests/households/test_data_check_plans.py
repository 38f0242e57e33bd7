"""How the data checks read the registry: a county's checks page counts every check afresh over 150,000
households, so a check reads each household's members once, not once for every condition it tests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.choices import LabourCapacity, LabourSkill
from households.data_checks import check_counts
from households.models import Household, Member
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_the_labour_check_reads_a_households_living_members_in_one_subquery(personas, household_a):
    Household.objects.filter(pk=household_a.pk).update(labour_capacity=LabourCapacity.PARTIAL)
    Member.objects.filter(household=household_a).update(labour_skill=LabourSkill.ORDINARY)
    with CaptureQueriesContext(connection) as queries:
        counts = dict((check.code, n) for check, n in check_counts(actor=personas.county_officer, today=today()))

    assert counts["labour_mismatch"] == 1  # ordinary labourers: 有劳动能力, not 弱
    [labour] = [q["sql"] for q in queries.captured_queries if "labour_capacity" in q["sql"]]
    assert labour.count('FROM "households_member"') == 1  # was five EXISTS per household, combined with OR
