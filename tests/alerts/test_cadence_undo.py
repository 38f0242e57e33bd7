"""A wrong cadence saved by mistake and put back within the same period is undone: the period in force keeps the
cadence it began with, nothing is left pending, the audit says so, and the message says what applies when."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from alerts.feed_config import MSG_CADENCE_FROM, MSG_CADENCE_UNDONE
from alerts.models import FeedCadence
from tests.alerts import test_cadence_change as changes
from tests.alerts.conftest import feed
from tests.alerts.test_cadence_change import CHANGED_ON, MONTHLY
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
monthly, on_day = changes.monthly, changes.on_day  # the fixtures: a monthly feed reporting since September


def save(client, code: str, **fields) -> str:
    one = feed(code)
    data = admin_data(one, active_since=f"{one.active_since:%Y-%m-%d}", **fields)
    response = client.post(f"/admin/alerts/feedtype/{one.pk}/change/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_wrong_due_day_saved_back_in_the_same_period_is_a_clean_undo(monthly, personas, login, on_day):
    client = login(personas.system_admin)
    on_day(CHANGED_ON)
    wrong = save(client, MONTHLY, due_day=15)
    said = MSG_CADENCE_FROM.format(
        name=monthly.name, until=dt.date(2027, 1, 1), old="每月5日前报送上月数据", new="每月15日前报送上月数据"
    )
    assert said in wrong

    on_day(CHANGED_ON + dt.timedelta(days=3))
    page = save(client, MONTHLY, due_day=5)

    assert not FeedCadence.objects.exists()
    assert feed(MONTHLY).due_day == 5
    assert feed(MONTHLY).cadence_text() == "每月5日前报送上月数据"
    undone = MSG_CADENCE_UNDONE.format(name=monthly.name, cadence="每月5日前报送上月数据", until=dt.date(2027, 1, 1))
    assert undone in page and "起按新设置计算" not in page
    assert undone in AuditEvent.objects.filter(action="alerts.feed_type_save").latest("pk").summary


def test_a_second_wrong_value_in_the_same_period_says_which_cadence_holds_until_when(monthly, personas, login, on_day):
    client = login(personas.system_admin)
    on_day(CHANGED_ON)
    save(client, MONTHLY, due_day=15)
    page = save(client, MONTHLY, due_day=10)

    assert list(FeedCadence.objects.values_list("due_day", "until")) == [(5, dt.date(2027, 1, 1))]
    said = MSG_CADENCE_FROM.format(
        name=monthly.name, until=dt.date(2027, 1, 1), old="每月5日前报送上月数据", new="每月10日前报送上月数据"
    )
    assert said in page


def test_a_field_the_cadence_does_not_use_does_not_keep_a_mistake_from_being_undone(monthly, personas, login, on_day):
    client = login(personas.system_admin)
    on_day(CHANGED_ON)
    save(client, MONTHLY, due_day=15, cadence_days=30)
    page = save(client, MONTHLY, due_day=5, cadence_days=30)  # 周期天数 means nothing to a monthly feed

    assert not FeedCadence.objects.exists()
    assert "起按新设置" not in page and "已撤销" in page
