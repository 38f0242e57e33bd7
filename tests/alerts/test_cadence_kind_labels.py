"""A cadence kind shown alone (the 部门数据类型 list's 报送频次 filter, the form's select, the API's
cadence_display, an error's prefix) reads as words, not as a template with placeholder letters (每N天一次,
每月D日前报送上月); a feed type's own cadence still says its real day or N (每月5日前报送上月数据)."""

import re

import pytest

from alerts.choices import Cadence
from alerts.feed_config import MSG_DAYS, MSG_DUE_DAY
from alerts.models import FeedType
from alerts.models.feeds import MSG_EVENT_COLUMN, MSG_WITHIN_DAYS
from tests.alerts.conftest import feed
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
PLACEHOLDER = re.compile(r"[NDn]日|[NDn]天|每[NDn]")


def test_no_kind_label_or_kind_message_has_a_placeholder_letter():
    for label in Cadence.labels:
        assert not PLACEHOLDER.search(label), label
    for message in (MSG_DUE_DAY, MSG_WITHIN_DAYS, MSG_EVENT_COLUMN, MSG_DAYS.format(cadence=Cadence.SEASONAL.label)):
        assert not PLACEHOLDER.search(message), message
    for name in ("cadence_days", "due_day", "event_column"):
        help_text = str(FeedType._meta.get_field(name).help_text)
        assert not PLACEHOLDER.search(help_text), help_text


def test_the_filter_and_the_select_offer_the_kinds_in_words(personas, login):
    client = login(personas.system_admin)

    listing = client.get("/admin/alerts/feedtype/").content.decode()
    form = client.get(f"/admin/alerts/feedtype/{feed('health-uninsured-cost').pk}/change/").content.decode()

    for label in ("按固定天数报送", "每月按截止日报送上月数据", "每年固定月份内按固定天数报送", "事件发生后限期推送"):
        assert label in listing and label in form
    for old in ("每N天一次", "每月D日前报送上月", "每年固定月份内每N天一次", "发生后N日内推送"):
        assert old not in listing and old not in form
    assert '<td class="field-cadence_shown">每月5日前报送上月数据</td>' in listing


def test_a_bad_due_day_is_refused_with_the_kind_in_words(personas, login):
    one = feed("health-uninsured-cost")

    page = login(personas.system_admin).post(f"/admin/alerts/feedtype/{one.pk}/change/", admin_data(one, due_day=40))

    assert "每月按截止日报送上月数据：请填写每月截止日（1—31）。" in page.content.decode()


def test_the_api_names_the_kind_in_words(personas, login):
    rows = login(personas.county_officer).get("/api/v1/feed-types/").json()

    shown = {row["code"]: row["cadence_display"] for row in rows}
    assert shown["health-uninsured-cost"] == "每月按截止日报送上月数据"
