"""The measures 公示 masks a household named after a head under 14 (张某某, DOMAIN.md "Privacy")."""

import datetime as dt

import pytest

from assistance.models import MeasureType
from assistance.services import measures, plans
from households.choices import Relation
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_the_measure_publicity_masks_a_head_under_14(personas, login, county, monitored_a):
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        starts_on=today() + dt.timedelta(days=3),
        responsible_person="李镇长",
        confirm_mismatch=True,
        mismatch_reason="村两委研究确定",
        confirm_unusual=True,
    )
    monitored_a.members.filter(relation=Relation.HEAD).update(birth_date=today().replace(year=today().year - 12, day=1))

    page = login(personas.cadre_a).get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()

    assert "<td>张某某</td>" in page and "张大山" not in page
