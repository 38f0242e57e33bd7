"""A feed type's cadence changed on the configuration site applies from the next period on: the periods begun
before keep the cadence they were reported under (seed 001 §二 不得迟报、漏报 judged fairly). A monthly report sent
on time was re-cut into two missed half-months, and 应报 jumped from 4 to 7. The punctuality page's 迟报漏报提醒 list
the periods its table counts late or missing (it said 没有逾期未报的数据 beside 漏报 3)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.feed_config import MSG_CADENCE_FROM, feed_cadence_change
from alerts.ingest.nil_return import feed_nil_return_create
from alerts.models import FeedCadence, FeedType
from alerts.periods import expected_periods, upload_periods
from alerts.selectors import punctuality_table
from alerts.selectors_periods import overdue_periods
from tests.alerts.conftest import feed
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
MONTHLY = "health-uninsured-cost"  # 卫健, 每月5日前报送上月
HALF_MONTHLY = "health-serious-illness"  # 卫健, 每半月
CASUALTY = "police-casualty"  # 公安, 每月5日前报送上月, with an event date column
CHANGED_ON = dt.date(2026, 12, 10)


@pytest.fixture
def on_day(monkeypatch):
    def fix(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return fix


@pytest.fixture
def monthly(db, clerks, on_day):
    """Only the monthly feed, reporting since 1 September; its November was sent on time on 3 December."""
    FeedType.objects.exclude(code=MONTHLY).update(is_active=False)
    FeedType.objects.filter(code=MONTHLY).update(active_since=dt.date(2026, 9, 1))
    sent = feed_nil_return_create(
        actor=clerks["health"], feed_type=feed(MONTHLY), period_key="2026-11", today=dt.date(2026, 12, 3)
    )
    assert sent.on_time
    return feed(MONTHLY)


def change_to_half_monthly(client, one: FeedType, day: dt.date, on_day) -> str:
    on_day(day)
    data = admin_data(one, cadence="half_monthly", active_since=f"{one.active_since:%Y-%m-%d}")
    response = client.post(f"/admin/alerts/feedtype/{one.pk}/change/", data, follow=True)
    assert feed(one.code).cadence == "half_monthly"
    return response.content.decode()


def table_row(actor, today: dt.date):
    rows = punctuality_table(actor=actor, start=dt.date(2026, 1, 1), end=today, today=today)
    return next(r for r in rows if r.feed_type is not None)


def test_a_cadence_change_leaves_the_periods_already_begun_as_they_were(monthly, personas, clerks, login, on_day):
    county = personas.county_officer
    before = table_row(county, dt.date(2026, 12, 20))

    page = change_to_half_monthly(login(personas.system_admin), monthly, CHANGED_ON, on_day)
    on_day(dt.date(2026, 12, 20))
    after = table_row(county, dt.date(2026, 12, 20))

    assert (before.expected, before.on_time, before.missing) == (4, 1, 3)
    assert (after.expected, after.on_time, after.missing) == (4, 1, 3)
    assert after.missing_periods == ["2026年8月", "2026年9月", "2026年10月"]
    assert [p.label for p in upload_periods(feed(MONTHLY), dt.date(2026, 12, 20))] == [
        "2026年11月",
        "2026年10月",
        "2026年9月",
    ]
    assert [p.label for _f, p in overdue_periods(actor=clerks["health"])] == ["2026年9月", "2026年10月"]
    home = login(clerks["health"]).get("/").content.decode()
    assert "未参保及累计医疗支出超过2万元人员 2026年9月（截止 10-05）" in home
    assert "上半月" not in home
    message = MSG_CADENCE_FROM.format(
        name=monthly.name, until=dt.date(2027, 1, 1), old="每月5日前报送上月数据", new="每半月报送一次"
    )
    assert message in page
    assert message in AuditEvent.objects.filter(action="alerts.feed_type_save").latest("pk").summary


def test_the_new_cadence_applies_from_the_period_after_the_one_running_at_the_change(monthly, personas, login, on_day):
    change_to_half_monthly(login(personas.system_admin), monthly, CHANGED_ON, on_day)
    today = dt.date(2027, 1, 20)
    on_day(today)

    row = table_row(personas.county_officer, today)
    options = upload_periods(feed(MONTHLY), today)

    assert (row.expected, row.on_time, row.missing) == (6, 1, 5)
    assert row.missing_periods[-3:] == ["2026年10月", "2026年12月", "2027年1月上半月"]
    assert [p.label for p in options][:3] == ["2027年1月下半月", "2027年1月上半月", "2026年12月"]


def test_a_second_change_before_the_first_applies_replaces_it_and_going_back_removes_it(
    monthly, personas, login, on_day
):
    client = login(personas.system_admin)
    change_to_half_monthly(client, monthly, CHANGED_ON, on_day)
    one = feed(MONTHLY)

    client.post(f"/admin/alerts/feedtype/{one.pk}/change/", admin_data(one, cadence="dekad", active_since="2026-09-01"))
    assert list(FeedCadence.objects.values_list("cadence", "until")) == [("monthly_by_day", dt.date(2027, 1, 1))]
    one = feed(MONTHLY)
    client.post(
        f"/admin/alerts/feedtype/{one.pk}/change/",
        admin_data(one, cadence="monthly_by_day", active_since="2026-09-01"),
    )

    assert not FeedCadence.objects.exists()
    assert [p.label for p in expected_periods(feed(MONTHLY), dt.date(2027, 1, 1), dt.date(2027, 2, 28))] == [
        "2026年12月",
        "2027年1月",
    ]


def test_from_half_monthly_to_monthly_the_last_half_month_is_still_offered_and_expected(db, clerks):
    FeedType.objects.filter(code=HALF_MONTHLY).update(active_since=dt.date(2026, 11, 1))
    before = feed(HALF_MONTHLY)
    after = feed(HALF_MONTHLY)
    after.cadence, after.due_day = "monthly_by_day", 5
    after.save()

    until = feed_cadence_change(feed=after, before=before, today=dt.date(2026, 12, 4))

    one = feed(HALF_MONTHLY)
    assert until == dt.date(2026, 12, 16)
    assert [p.label for p in upload_periods(one, dt.date(2027, 1, 2))] == [
        "2026年12月",
        "2026年12月上半月",
        "2026年11月下半月",
        "2026年11月上半月",
    ]
    assert [p.label for p in expected_periods(one, dt.date(2026, 1, 1), dt.date(2027, 1, 10))] == [
        "2026年11月上半月",
        "2026年11月下半月",
        "2026年12月上半月",
        "2026年12月",
    ]


def test_the_punctuality_page_reminders_list_the_periods_its_table_counts(monthly, personas, login, on_day):
    on_day(dt.date(2026, 12, 20))

    page = login(personas.county_officer).get("/alerts/punctuality/").content.decode()

    assert '<td data-label="漏报" class="num missing"><strong class="field-error">3</strong></td>' in page
    assert "没有逾期未报的数据" not in page
    reminders = page[page.index('id="late-reminders"') :]
    assert reminders.count("<li") == 3
    assert "2026年10月，截止 2026-11-05" in reminders and "漏报，可补报" in reminders
    assert "2026年8月，截止 2026-09-05" in reminders and "漏报，已超过补报期限" in reminders
    assert reminders.index("2026年10月") < reminders.index("2026年9月") < reminders.index("2026年8月")


SCHEDULED = "每月5日前报送上月数据（自2027年1月1日起：每半月报送一次）"


def test_pages_show_the_cadence_in_force_and_the_change_to_come_until_it_applies_then_the_new_one(
    monthly, personas, clerks, login, on_day
):
    change_to_half_monthly(login(personas.system_admin), monthly, CHANGED_ON, on_day)
    on_day(dt.date(2026, 12, 20))
    clerk, county = login(clerks["health"]), login(personas.county_officer)

    feeds_page = clerk.get("/alerts/feeds/").content.decode()
    upload_page = clerk.get("/alerts/uploads/").content.decode()
    api = {f["code"]: f["cadence_text"] for f in clerk.get("/api/v1/feed-types/").json()}
    punctuality = county.get("/alerts/punctuality/").content.decode()

    assert f" · {SCHEDULED} · 核实时限" in feeds_page
    assert f"{monthly.name}（{SCHEDULED}）" in upload_page
    assert api[MONTHLY] == SCHEDULED
    assert f'<span class="small muted cadence">{SCHEDULED}</span>' in punctuality
    assert "每半月报送一次 ·" not in feeds_page

    on_day(dt.date(2027, 1, 1))
    feeds_page = clerk.get("/alerts/feeds/").content.decode()
    punctuality = county.get("/alerts/punctuality/").content.decode()

    assert " · 每半月报送一次 · 核实时限" in feeds_page
    assert "每月5日前报送上月数据" not in feeds_page
    assert 'class="small muted cadence"' not in punctuality


def test_a_feed_turning_to_within_days_is_still_counted_by_period_until_the_change_applies(db, personas, login, on_day):
    FeedType.objects.exclude(code=CASUALTY).update(is_active=False)
    FeedType.objects.filter(code=CASUALTY).update(active_since=dt.date(2026, 9, 1))
    one = feed(CASUALTY)
    on_day(CHANGED_ON)
    data = admin_data(one, cadence="within_days", cadence_days=7, event_column="occurred_on")
    data["active_since"] = "2026-09-01"
    login(personas.system_admin).post(f"/admin/alerts/feedtype/{one.pk}/change/", data)
    assert feed(CASUALTY).cadence == "within_days"
    on_day(dt.date(2026, 12, 20))

    row = table_row(personas.county_officer, dt.date(2026, 12, 20))
    page = login(personas.county_officer).get("/alerts/punctuality/").content.decode()

    assert (row.within_days, row.expected, row.missing) == (False, 4, 4)  # 2026年8月 to 11月, none sent
    assert row.cadence_text == "每月5日前报送上月数据（自2027年1月1日起：发生后7日内推送，不定期）"
    assert '<td data-label="漏报" class="num missing"><strong class="field-error">4</strong></td>' in page
    assert "不按期应报" not in page


def test_a_change_of_the_grace_alone_is_said_as_a_change(db, on_day):
    FeedType.objects.filter(code=HALF_MONTHLY).update(active_since=dt.date(2026, 11, 1))
    before, after = feed(HALF_MONTHLY), feed(HALF_MONTHLY)
    after.grace_days = 3
    after.save()
    feed_cadence_change(feed=after, before=before, today=dt.date(2026, 12, 4))
    on_day(dt.date(2026, 12, 10))

    assert feed(HALF_MONTHLY).cadence_text() == "每半月报送一次（自2026年12月16日起：每半月报送一次，截止后宽限3天）"
    assert feed(HALF_MONTHLY).cadence_text(dt.date(2026, 12, 16)) == "每半月报送一次，截止后宽限3天"
