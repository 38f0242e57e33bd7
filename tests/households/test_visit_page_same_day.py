"""A visit the same as one already recorded for the household on that date by the same visitor (the cadre pressed
BACK on the phone after saving, the page came back filled in, with a new token from static/js/submit_once.js, and
保存 was pressed again) is not recorded silently: the page comes back with what was typed, a notice naming the visit
already recorded (date, ID, link) and a box "仍要另记一次", which records it (a second real visit the same day)."""

import datetime as dt
from decimal import Decimal

import pytest

from households.models import HouseholdEvent, Visit
from households.services.visit_changes import income_years
from tests.clock import today
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db


def visit_url(household) -> str:
    return f"/households/{household.pk}/visits/new/"


def visit_page(client, household) -> dict[str, list[str]]:
    response = client.get(visit_url(household))
    assert response.status_code == 200
    return page_form(response, "notes")


def notice_of(response) -> str:
    html = response.content.decode()
    assert "data-same-visit" in html
    notice = html[html.index("data-same-visit") :]
    return notice[: notice.index("</div>")]


def saved_then_back(client, household, **typed) -> tuple[dict[str, list[str]], Visit]:
    """The page saved once, then shown again from the phone's history: what was typed, under a new token."""
    page = changed(visit_page(client, household), **typed)
    assert client.post(visit_url(household), page).status_code == 302
    again = changed(page, once=visit_page(client, household)["once"][0])
    assert again["once"] != page["once"]
    return again, Visit.objects.get(household=household)


def test_the_page_saved_again_after_back_is_not_recorded_and_names_the_visit(personas, household_a, login):
    client = login(personas.cadre_a)
    again, first = saved_then_back(client, household_a, notes="务工收入减少", income_change="-1000")
    events = HouseholdEvent.objects.filter(household=household_a).count()

    response = client.post(visit_url(household_a), again)

    assert response.status_code == 200
    assert Visit.objects.filter(household=household_a).count() == 1
    assert HouseholdEvent.objects.filter(household=household_a).count() == events
    notice = notice_of(response)
    assert f"{today():%Y-%m-%d} 已记录过一次内容相同的走访（ID {first.pk}" in notice
    assert f'href="/households/{household_a.pk}/?tab=visits"' in notice
    assert "仍要另记一次" in notice and 'name="confirm_same_visit"' in notice
    # what was typed is shown again, the box not ticked, and the page's token kept (nothing was recorded under it)
    shown = page_form(response, "notes")
    assert shown["notes"] == ["务工收入减少"] and shown["income_change"] == ["-1000"]
    assert "confirm_same_visit" not in shown and shown["once"] == again["once"]
    # the 收支 tab's sum of the year's visits still counts the change once
    assert income_years(household_a)[0].changes.income == Decimal("-1000")


def test_ticking_the_box_records_a_second_visit_with_the_confirmation_in_the_history(personas, household_a, login):
    client = login(personas.cadre_a)
    again, first = saved_then_back(client, household_a, notes="务工收入减少", income_change="-1000")
    asked = page_form(client.post(visit_url(household_a), again), "notes")

    response = client.post(visit_url(household_a), changed(asked, confirm_same_visit=True), follow=True)

    assert f"已记录 {today():%Y-%m-%d} 的走访。" in response.content.decode()
    second = Visit.objects.filter(household=household_a).exclude(pk=first.pk).get()
    assert second.notes == "务工收入减少" and second.income_change == Decimal("-1000")
    summaries = list(HouseholdEvent.objects.filter(household=household_a).values_list("summary", flat=True))
    assert sum(f"当天已有内容相同的走访（ID {first.pk}），另记一次" in s for s in summaries) == 1


def test_a_visit_that_differs_or_is_of_another_day_or_visitor_is_recorded_without_asking(personas, household_a, login):
    client = login(personas.cadre_a)
    again, _ = saved_then_back(client, household_a, notes="务工收入减少", income_change="-1000")

    other_notes = client.post(visit_url(household_a), changed(again, notes="务工收入减少，已核实"))
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    other_day = client.post(
        visit_url(household_a),
        changed(again, visited_on=yesterday, once=visit_page(client, household_a)["once"][0]),
    )
    township = login(personas.township)
    other_visitor = client_post_page(township, household_a, notes="务工收入减少", income_change="-1000")

    assert [other_notes.status_code, other_day.status_code, other_visitor.status_code] == [302, 302, 302]
    assert Visit.objects.filter(household=household_a).count() == 4


def client_post_page(client, household, **typed):
    return client.post(visit_url(household), changed(visit_page(client, household), **typed))


def test_the_same_page_double_tapped_is_still_answered_saved(personas, household_a, login):
    client = login(personas.cadre_a)
    page = changed(visit_page(client, household_a), notes="务工收入减少", income_change="-1000")
    assert client.post(visit_url(household_a), page).status_code == 302

    again = client.post(visit_url(household_a), page, follow=True)

    assert "该走访记录已保存（重复提交未再次保存）。" in again.content.decode()
    assert Visit.objects.filter(household=household_a).count() == 1
