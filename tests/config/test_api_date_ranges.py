"""A list's date range given the wrong way round (x_from after x_to) is a Chinese 400 at its end date, as 预警汇总
and the report exports say it, not an empty list a script takes for "nothing happened then"."""

import pytest

from assistance.api_filters import MeasureFilter
from config.api_dates import date_pairs
from households.api_visits import VisitFilter
from workflow.api_applications import ApplicationFilter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "start", "end", "who"),
    [
        ("/api/v1/visits/", "visited_from", "visited_to", "cadre_a"),
        ("/api/v1/assistance/measures/", "date_from", "date_to", "cadre_a"),
        ("/api/v1/applications/", "submitted_from", "submitted_to", "cadre_a"),
        ("/api/v1/audit-events/", "date_from", "date_to", "audit_admin"),
    ],
)
def test_a_reversed_range_is_a_400_at_its_end_and_the_right_way_round_is_read(personas, login, url, start, end, who):
    client = login(getattr(personas, who))

    reversed_ = client.get(url, {start: "2026-12-01", end: "2026-11-01"})

    assert reversed_.status_code == 400, reversed_.content.decode()
    message = reversed_.json()[end][0]
    assert message.startswith("结束日期不能早于开始日期") and "2026-11-01" in message and start in message
    assert client.get(url, {start: "2026-11-01", end: "2026-12-01"}).status_code == 200
    assert client.get(url, {start: "2026-11-01", end: "2026-11-01"}).status_code == 200  # one day
    assert client.get(url, {start: "2026-12-01"}).status_code == 200  # open-ended


def test_every_filter_sets_range_is_found():
    assert date_pairs(VisitFilter) == [("visited_from", "visited_to")]
    assert date_pairs(MeasureFilter) == [("date_from", "date_to")]
    assert date_pairs(ApplicationFilter) == [("submitted_from", "submitted_to")]
