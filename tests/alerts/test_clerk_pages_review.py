"""The punctuality page's date range and the clerk's home tile (review rev-clerk findings 6 and 7)."""

import pytest
from django.utils import timezone

from alerts.forms import MSG_RANGE_REVERSED
from alerts.models import Alert
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def test_a_bad_date_is_said_at_its_field_and_nothing_is_counted(clerks, login):
    page = login(clerks["health"]).get("/alerts/punctuality/?start=bad&end=2026-13-01").content.decode()

    assert page.count("输入一个有效的日期。") == 2
    assert "data-filter-errors" in page and "日期有误，未统计。" in page
    assert 'class="num expected"' not in page  # no table of the default year in place of the asked range


def test_a_reversed_range_is_refused_on_the_page_and_in_the_api(clerks, login):
    client = login(clerks["health"])

    page = client.get("/alerts/punctuality/?start=2026-12-01&end=2026-01-01").content.decode()
    api = client.get("/api/v1/feed-punctuality/?start=2026-12-01&end=2026-01-01")

    assert MSG_RANGE_REVERSED in page and 'class="num expected"' not in page
    assert "统计截止日期在 2026-12-01 至 2026-01-01 之间" not in page
    assert api.status_code == 400 and MSG_RANGE_REVERSED in api.content.decode()


def test_a_good_range_is_still_counted(clerks, login):
    page = login(clerks["health"]).get("/alerts/punctuality/?start=2026-01-01&end=2026-06-30").content.decode()

    assert 'class="num expected"' in page and "data-filter-errors" not in page


def test_the_clerks_tile_counts_the_alerts_still_to_verify_and_opens_that_tab(clerks, people, personas, login):
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"], ["王五", people["wang"].id_number, "未参保", "10"]]
    today = timezone.localdate()
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=today)
    zhang = Alert.objects.get(member=people["zhang"])  # 王五's alert is still waiting
    alert_verify(
        actor=personas.cadre_a, alert=zhang, outcome="not_at_risk", visited_on=today, note="已报销，自付不足一千元"
    )

    home = login(clerks["health"]).get("/").content.decode()

    assert (
        '<a class="tile" data-tile="feed-outcomes" href="/alerts/outcomes/?status=pending"><strong>本部门预警待核实 '
        '<span class="tile-count">1' in home
    )
    assert "预警核实结果 <span" not in home
