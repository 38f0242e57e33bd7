"""变动日期 of a member added (households.services.member_joined): the day they joined the household, not the day a
cadre registered them. Given on the 添加成员 page (today to start with) and in the API (a 新生儿 defaults to the birth
date there); never after today, before the birth or before the household was registered here; stored as the 新增
成员变动 row's changed_on, which the 家庭成员变动台账 lists and the history row says."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.choices import Relation
from households.models import Household, HouseholdEvent
from households.models.activity import MemberChange
from households.services import registry
from households.services.member_joined import (
    MSG_JOINED_ON_BEFORE_BIRTH,
    MSG_JOINED_ON_BEFORE_HOUSEHOLD,
    MSG_JOINED_ON_FUTURE,
    MSG_JOINED_ON_INVALID,
    MSG_JOINED_ON_REQUIRED,
)
from tests.clock import today
from tests.households.conftest import member_row
from tests.households.test_member_change_reasons import page_row, post_json
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def registered_days_ago(household: Household, days: int) -> dt.date:
    """The household as if registered here `days` ago (created_at is set on insert only)."""
    day = today() - dt.timedelta(days=days)
    at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
    Household.objects.filter(pk=household.pk).update(created_at=at)
    household.refresh_from_db()
    return day


def baby(born: dt.date) -> dict:
    return member_row("张小宝", Relation.GRANDSON, born, 75, student_stage="none")


def bride() -> dict:
    return member_row("刘芳", Relation.DAUGHTER_IN_LAW, dt.date(1990, 4, 5), 52)


def joined_row(member) -> MemberChange:
    return member.changes.get(kind=MemberChange.Kind.JOINED)


def test_a_newborn_registered_two_months_late_joined_on_its_birth_date(household_a, personas):
    registered_days_ago(household_a, 200)
    born = today() - dt.timedelta(days=61)

    member = registry.member_add(actor=personas.cadre_a, household=household_a, data=baby(born), reason="newborn")

    assert joined_row(member).changed_on == born
    event = HouseholdEvent.objects.filter(member=member).latest("pk")
    assert f"新增原因：新生儿，变动日期 {born:%Y-%m-%d}" in event.summary
    audit = AuditEvent.objects.get(action="member.create", object_id=str(member.pk))
    assert audit.after["changed_on"] == f"{born:%Y-%m-%d}"


def test_a_newborn_born_before_the_household_was_registered_joined_on_the_registration_day(household_a, personas):
    registered = registered_days_ago(household_a, 30)

    member = registry.member_add(
        actor=personas.cadre_a, household=household_a, data=baby(today() - dt.timedelta(days=90)), reason="newborn"
    )

    assert joined_row(member).changed_on == registered


def test_the_day_given_is_stored_and_others_default_to_today(household_a, personas):
    registered_days_ago(household_a, 400)
    married = today() - dt.timedelta(days=45)

    given = registry.member_add(
        actor=personas.cadre_a, household=household_a, data=bride(), reason="marriage", joined_on=married
    )
    moved_in = member_row("张二叔", Relation.OTHER, dt.date(1960, 1, 1), 81)
    default = registry.member_add(actor=personas.cadre_a, household=household_a, data=moved_in, reason="moved_in")

    assert joined_row(given).changed_on == married
    assert joined_row(default).changed_on == today()


@pytest.mark.parametrize(
    ("days_ago", "message"),
    [
        (-1, MSG_JOINED_ON_FUTURE),
        (400, MSG_JOINED_ON_BEFORE_BIRTH),
        (100, MSG_JOINED_ON_BEFORE_HOUSEHOLD),
    ],
)
def test_the_service_refuses_a_day_in_the_future_before_the_birth_or_before_the_household(
    household_a, personas, days_ago, message
):
    registered = registered_days_ago(household_a, 60)
    born = today() - dt.timedelta(days=300)
    on = today() - dt.timedelta(days=days_ago)

    with pytest.raises(ValidationError) as refused:
        registry.member_add(
            actor=personas.cadre_a, household=household_a, data=baby(born), reason="newborn", joined_on=on
        )

    expected = message.format(birth=born, day=registered)
    assert refused.value.message_dict == {"joined_on": [expected]}
    assert not household_a.members.filter(name="张小宝").exists()


def test_the_page_asks_for_the_day_starting_from_today_and_saves_it(household_a, personas, login):
    registered = registered_days_ago(household_a, 200)
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/members/new/"
    married = today() - dt.timedelta(days=20)

    form = client.get(url).content.decode()
    blank = client.post(url, page_row(bride(), joined_reason="marriage", joined_on=""))
    early = client.post(url, page_row(bride(), joined_reason="marriage", joined_on="1989-01-01"))
    saved = client.post(url, page_row(bride(), joined_reason="marriage", joined_on=f"{married:%Y-%m-%d}"))

    assert f'name="joined_on" value="{today():%Y-%m-%d}"' in form
    assert f'max="{today():%Y-%m-%d}"' in form and f'min="{registered:%Y-%m-%d}"' in form
    assert "变动日期" in form and "js/joined_on.js" in form
    assert MSG_JOINED_ON_REQUIRED in blank.content.decode()
    assert MSG_JOINED_ON_BEFORE_BIRTH.format(birth=dt.date(1990, 4, 5)) in early.content.decode()
    assert saved.status_code == 302, saved.content.decode()
    assert joined_row(household_a.members.get(name="刘芳")).changed_on == married
    history = client.get(f"/households/{household_a.pk}/?tab=history").content.decode()
    assert f"新增原因：婚入，变动日期 {married:%Y-%m-%d}" in history


def test_the_api_takes_the_day_defaults_a_newborn_to_its_birth_and_refuses_a_bad_one(household_a, personas, login):
    registered_days_ago(household_a, 200)
    client = login(personas.cadre_a)
    born = today() - dt.timedelta(days=61)
    married = today() - dt.timedelta(days=10)

    def post(row, **extra):
        body = {**row, "household": household_a.pk, **extra}
        return post_json(client, "/api/v1/members/", body)

    malformed = post(bride(), joined_reason="marriage", joined_on="2026-13-01")
    future = post(bride(), joined_reason="marriage", joined_on=f"{today() + dt.timedelta(days=1):%Y-%m-%d}")
    newborn = post(baby(born), joined_reason="newborn")
    given = post(bride(), joined_reason="marriage", joined_on=f"{married:%Y-%m-%d}")

    assert malformed.status_code == 400 and malformed.json()["joined_on"] == [MSG_JOINED_ON_INVALID]
    assert future.status_code == 400 and future.json()["joined_on"] == [MSG_JOINED_ON_FUTURE]
    assert newborn.status_code == 201, newborn.content.decode()
    assert given.status_code == 201, given.content.decode()
    assert "joined_on" not in given.json()
    assert joined_row(household_a.members.get(name="张小宝")).changed_on == born
    assert joined_row(household_a.members.get(name="刘芳")).changed_on == married


def test_the_member_changes_ledger_lists_the_day_joined_not_the_day_registered(household_a, personas, login):
    registered_days_ago(household_a, 200)
    born = today() - dt.timedelta(days=61)
    registry.member_add(actor=personas.cadre_a, household=household_a, data=baby(born), reason="newborn")

    data = download(login(personas.county_officer).post("/reports/export/", {"ledger": "member_changes"}))
    header, rows = ledger_table(read_xlsx(data))

    row = next(dict(zip(header, r, strict=True)) for r in rows if r[header.index("姓名")] == "张小宝")
    assert (row["变动类型"], row["变动原因"], row["变动日期"].date()) == ("新增", "新生儿", born)
    assert row["登记时间"].date() == today()
