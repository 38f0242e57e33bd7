"""On the home page an overdue return visit is apart from, and before, those due within the week, and the monitored
households without an assistance plan have their own tile linking to their list (review cadre-on-phone finding 1)."""

import datetime as dt
import re

import pytest

from assistance.models import Plan
from assistance.services import plans
from tests.clock import today

pytestmark = pytest.mark.django_db


def tiles(client):
    return {t["key"]: t for t in client.get("/").context["tiles"]}


def test_a_monitored_household_without_a_plan_is_counted_and_linked(personas, login, monitored_a):
    client = login(personas.cadre_a)

    tile = tiles(client)["assistance_without_plan"]

    assert tile["label"] == "监测对象未制定帮扶计划"
    assert tile["count"] == 1 and not tile["quiet"] and tile["urgency"] == "tile-due"
    assert tile["url"] == "/assistance/?show=without_plan"
    listed = client.get("/assistance/").content.decode()
    assert 'id="without-plan"' in listed and "尚未制定帮扶方案的监测户（1）" in listed

    plans.plan_create(actor=personas.township, household=monitored_a)

    assert tiles(client)["assistance_without_plan"]["quiet"]


def test_an_overdue_return_visit_comes_before_those_due_this_week(personas, login, monitored_a):
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    client = login(personas.cadre_a)

    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=2))
    shown = tiles(client)
    assert shown["assistance_overdue"]["count"] == 1 and shown["assistance_overdue"]["urgency"] == "tile-overdue"
    assert shown["assistance_due"]["count"] == 0 and shown["assistance_due"]["quiet"]
    page = client.get("/").content.decode()
    keys = re.findall(r'data-tile="([a-z_-]+)"', page)
    assert keys.index("assistance_overdue") < keys.index("assistance_without_plan") < keys.index("assistance_due")

    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() + dt.timedelta(days=3))
    shown = tiles(client)
    assert shown["assistance_overdue"]["quiet"] and shown["assistance_due"]["count"] == 1
    listed = client.get(shown["assistance_due"]["url"]).context["page"]
    assert [p.pk for p in listed] == [plan.pk]
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=1))
    assert client.get(shown["assistance_due"]["url"]).context["page"].paginator.count == 0
