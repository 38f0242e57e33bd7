"""回访 by township (/assistance/return-visits/): one summary for the county, whatever its number of townships; a
township's by village, as a county's narrowed to one township."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistance.selectors import return_visit_overview
from assistance.services import plans
from households.choices import HouseholdType, MonitoringCategory, RegionLevel
from households.models import Household
from tests.factories import region

pytestmark = pytest.mark.django_db


def plan_in(personas, village, number):
    household = Household.objects.create(
        number=number,
        village=village,
        region_path=village.path,
        household_type=HouseholdType.LIFTED_OUT,
        head_name=f"户主{number}",
        monitoring_category=MonitoringCategory.UNSTABLE_LIFTED_OUT,
        risk_types=["unsafe_housing"],
    )
    return plans.plan_create(actor=personas.county_officer, household=household)


def overview(actor, within=None):
    with CaptureQueriesContext(connection) as queries:
        rows = return_visit_overview(actor=actor, within=within).rows
    return [(row["region"].name, row["total"]) for row in rows], len(queries.captured_queries)


def test_the_return_visit_overview_does_not_query_each_township(personas, county):
    plan_in(personas, county.village_a, "H-A-1")
    plan_in(personas, county.village_c, "H-C-1")
    rows, queries = overview(personas.county_officer)
    assert rows == [("涂埠镇", 1), ("虬津镇", 1)]

    third = region("360425102000", "燕坊镇", RegionLevel.TOWNSHIP, county.county)
    plan_in(personas, region("360425102201", "燕坊村", RegionLevel.VILLAGE, third), "H-E-1")
    region("360425103000", "艾城镇", RegionLevel.TOWNSHIP, county.county)  # no plan: no row

    rows_after, queries_after = overview(personas.county_officer)
    assert rows_after == [("涂埠镇", 1), ("虬津镇", 1), ("燕坊镇", 1)]
    assert queries_after == queries


def test_a_township_officer_sees_their_township_by_village(personas, county):
    plan_in(personas, county.village_a, "H-A-1")
    plan_in(personas, county.village_a, "H-A-2")
    plan_in(personas, county.village_b, "H-B-1")
    plan_in(personas, county.village_c, "H-C-1")

    assert overview(personas.township)[0] == [("城南村", 2), ("城北村", 1)]
    assert overview(personas.cadre_a)[0] == [("城南村", 2)]
    assert return_visit_overview(actor=personas.township).level_label == "村"


def test_the_county_narrowed_to_a_township_sees_its_villages(personas, county):
    plan_in(personas, county.village_a, "H-A-1")
    plan_in(personas, county.village_b, "H-B-1")
    plan_in(personas, county.village_c, "H-C-1")

    assert overview(personas.county_officer)[0] == [("涂埠镇", 2), ("虬津镇", 1)]
    assert overview(personas.county_officer, within=county.township2)[0] == [("张公渡村", 1)]


def test_the_township_officer_page_links_each_village_row_to_its_plans(personas, county, login):
    plan_in(personas, county.village_a, "H-A-1")
    plan_in(personas, county.village_b, "H-B-1")

    page = login(personas.township).get("/assistance/return-visits/").content.decode()

    assert "<th>村</th>" in page and "<td>城南村</td>" in page and "<td>城北村</td>" in page
    assert "<td>涂埠镇</td>" not in page
