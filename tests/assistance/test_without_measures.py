"""A monitored household whose plan has no measure 计划中, 实施中 or 已完成 (all 已终止, or none added) is on a
worklist: the home tile and the list "监测户无在实施或已完成的帮扶措施"; the list without a plan points to it."""

import pytest

from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from assistance.services import plans
from tests.workflow.helpers import measure_in_place

pytestmark = pytest.mark.django_db
LABEL = "监测户无在实施或已完成的帮扶措施"


def tile(client):
    return {t["label"]: t for t in client.get("/").context["tiles"]}[LABEL]


def test_a_monitored_household_whose_measures_were_all_stopped_is_listed(personas, login, monitored_a):
    measure_in_place(monitored_a)
    client = login(personas.township)
    assert tile(client)["count"] == 0

    PlanMeasure.objects.filter(household=monitored_a).update(status=MeasureStatus.STOPPED)

    assert tile(client)["count"] == 1
    listed = client.get(tile(client)["url"])
    assert [h.pk for h in listed.context["page"]] == [monitored_a.pk]
    assert "无在实施或已完成帮扶措施的监测户" in listed.content.decode() and "添加帮扶措施" in listed.content.decode()
    without_plan = client.get("/assistance/?show=without_plan").content.decode()
    assert "监测户都已制定帮扶方案" in without_plan and "?show=without_measures" in without_plan
    assert "监测户无在实施或已完成的帮扶措施" in client.get("/assistance/").content.decode()
    # another village's cadre does not see it
    assert tile(login(personas.cadre_b))["count"] == 0

    PlanMeasure.objects.filter(household=monitored_a).update(status=MeasureStatus.DONE)

    assert tile(client)["count"] == 0


def test_a_plan_with_no_measure_yet_is_listed_and_a_household_without_a_plan_is_not(personas, login, monitored_a):
    client = login(personas.township)
    assert tile(client)["count"] == 0  # no plan: the other list's (households_without_plan)

    plans.plan_create(actor=personas.township, household=monitored_a)

    assert tile(client)["count"] == 1
