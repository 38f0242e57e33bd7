"""The printed 帮扶措施公示 costs no more queries for 15 rows than for 3: each row's head, masked when under 14
(households.public_names), comes from one prefetch of the households' members instead of a query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import plans
from households.choices import Relation
from tests.clock import today

pytestmark = pytest.mark.django_db


def _measures(personas, plan, count):
    types = MeasureType.objects.filter(for_member=False).order_by("pk")
    for measure_type in [types[i % types.count()] for i in range(count)]:
        PlanMeasure.objects.create(
            plan=plan,
            household=plan.household,
            region_path=plan.household.region_path,
            measure_type=measure_type,
            responsible_unit="乡镇人民政府",
            responsible_person="王干部",
            starts_on=today(),
            status=MeasureStatus.IN_PROGRESS,
            created_by=personas.township,
        )


def _queries(client, url):
    client.get(url)  # the session and the caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_measure_publicity_costs_no_more_queries_for_15_rows_than_for_3(personas, login, county, monitored_a):
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    monitored_a.members.filter(relation=Relation.HEAD).update(birth_date=today().replace(year=today().year - 9, day=1))
    _measures(personas, plan, 3)
    client = login(personas.cadre_a)
    url = f"/assistance/publicity/{county.village_a.code}/print/"

    few, page = _queries(client, url)
    assert page.count("<td>张某某</td>") == 3
    _measures(personas, plan, 12)
    many, page = _queries(client, url)

    assert page.count("<td>张某某</td>") == 15
    assert many <= few  # not one more for 12 more rows (one query each before)
