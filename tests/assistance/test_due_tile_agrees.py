"""Review (township) finding 5: the tile "7日内应回访的帮扶户" counts the same plans on the home page and on
/assistance/ (due within the week, not overdue: those are in the tile before it) and says so in the same words."""

import datetime as dt

import pytest

from assistance.models import Plan
from assistance.services import plans
from tests.assistance.measured import measured
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_the_home_tile_and_the_assistance_tile_agree(personas, login, monitored_a):
    plan = measured(plans.plan_create(actor=personas.township, household=monitored_a))
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=2))  # overdue
    client = login(personas.township)

    home = {t["label"]: t for t in client.get("/").context["tiles"]}["7日内应回访的帮扶户"]
    page = client.get("/assistance/")

    assert home["count"] == page.context["due"] == 0
    before, after = page.content.decode().split("7日内应回访的帮扶户")
    assert f'href="{home["url"]}"' in before.rsplit("<a ", 1)[1]  # the same list: ?show=soon
    assert after.split("</a>")[0].endswith("<span>7日内到期、尚未逾期的帮扶回访</span>")
