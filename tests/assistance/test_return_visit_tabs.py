"""帮扶回访's buttons (已逾期, 7日内到期, 只看我联系的农户) keep the place its 范围 line names, as the status tabs of
the other lists do (config.paging.tab_url): a village named by ?village= was dropped by them, the township kept by
hand."""

import datetime as dt
import html
import re

import pytest

from assistance.models import Plan
from households.choices import MonitoringCategory
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import numbered
from tests.workflow.test_list_tabs import params

pytestmark = pytest.mark.django_db

URL = "/assistance/return-visits/"


@pytest.fixture
def overdue_plans(county, personas):
    """A monitored household's plan 3 days past its return visit in 城南村 (涂埠镇) and in 张公渡村 (虬津镇)."""
    for number, village in enumerate((county.village_a, county.village_c), start=1):
        household = HouseholdFactory(
            village=village, head_name=numbered("户主", number), monitoring_category=MonitoringCategory.MARGINAL
        )
        MemberFactory(household=household, name=household.head_name)
        Plan.objects.create(
            household=household,
            region_path=village.path,
            next_return_due=today() - dt.timedelta(days=3),
            created_by=personas.cadre_a,
        )


def heads(response) -> set[str]:
    return {plan.household.head_name for plan in response.context["page"].object_list}


def buttons(page: str) -> dict[str, str]:
    """The buttons under the summary: each one's text to its href."""
    block = page[page.index('<div class="actions" style="margin-top:1rem">') :]
    block = block[: block.index("</div>")]
    return {text: html.unescape(href) for href, text in re.findall(r'href="([^"]*)">([^<]*)</a>', block)}


def test_the_buttons_keep_the_township_a_link_named_and_following_one_lists_only_it(
    personas, county, overdue_plans, login
):
    client = login(personas.county_officer)
    assert heads(client.get(URL)) == {numbered("户主", 1), numbered("户主", 2)}

    page = client.get(URL, {"show": "overdue", "township": county.township.path, "page": "1"}).content.decode()

    links = buttons(page)
    assert {"已逾期", "7日内到期（含逾期）", "7日内到期（未逾期）", "只看我联系的农户"} <= set(links)
    for text, href in links.items():
        kept = params(href)
        assert kept["township"] == [county.township.path] and "page" not in kept, text
    assert params(links["7日内到期（含逾期）"])["show"] == ["due"]
    assert params(links["只看我联系的农户"])["mine"] == ["1"]
    assert heads(client.get(URL + links["7日内到期（含逾期）"])) == {numbered("户主", 1)}


def test_a_village_named_stays_on_the_buttons(personas, county, overdue_plans, login):
    client = login(personas.township)

    page = client.get(URL, {"show": "overdue", "village": county.village_a.code, "mine": "1"}).content.decode()

    links = buttons(page)
    for text, href in links.items():
        assert params(href)["village"] == [county.village_a.code], text
    assert "mine" not in params(links["查看全部联系人"]) and params(links["已逾期"])["mine"] == ["1"]
