"""The 集中排查 rule on the gaps page and the dashboard tile is worded from the county's interval
(ReportSettings.campaign_months), not always 每半年."""

import pytest

from reports.models import ReportSettings
from reports.selectors.campaign_gaps import CampaignWindow
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_the_rule_reads_the_interval():
    assert CampaignWindow(today=today(), months=6).rule == "每半年至少开展一次集中排查"
    assert CampaignWindow(today=today(), months=3).rule == "每 3 个月至少开展一次集中排查"
    assert CampaignWindow(today=today(), months=12).rule == "每年至少开展一次集中排查"


def test_a_3_month_interval_is_said_on_the_page_and_the_tile(county, personas, login):
    ReportSettings.objects.update_or_create(pk=1, defaults={"campaign_months": 3})
    client = login(personas.county_officer)

    page = client.get("/reports/campaign-gaps/").content.decode()
    dashboard = client.get("/reports/dashboard/").content.decode()

    assert "每 3 个月至少开展一次集中排查（县里设定的间隔：3 个月）" in page
    tile = dashboard[dashboard.index('data-duty="campaigns"') :].split("</a>")[0]
    assert "每 3 个月至少开展一次集中排查" in tile
    assert "每半年" not in page + tile


def test_the_default_still_reads_every_half_year(county, personas, login):
    client = login(personas.county_officer)
    dashboard = client.get("/reports/dashboard/").content.decode()
    assert (
        "每半年至少开展一次集中排查（县里设定的间隔：6 个月）" in client.get("/reports/campaign-gaps/").content.decode()
    )
    assert "每半年至少开展一次集中排查" in dashboard[dashboard.index('data-duty="campaigns"') :].split("</a>")[0]
