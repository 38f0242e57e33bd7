"""The visit page posted again with its token but other content (the cadre went back on the phone, corrected the
income change or a finding, and submitted again) is not answered with the first visit and "已保存": nothing is
recorded, the page comes back with what the cadre typed, a notice naming the visit saved from this page (date, ID,
link) and what differs, and a new token, so that submitting it again records a new visit. A page token that another
household's visit holds is refused the same way."""

from decimal import Decimal

import pytest

from households.models import HouseholdEvent, Visit
from tests.clock import today
from tests.factories import HouseholdFactory
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db


def visit_url(household) -> str:
    return f"/households/{household.pk}/visits/new/"


def visit_page(client, household) -> dict[str, list[str]]:
    response = client.get(visit_url(household))
    assert response.status_code == 200
    return page_form(response, "notes")


def test_the_page_corrected_and_sent_again_is_not_said_saved_and_shows_what_differs(personas, household_a, login):
    # given the cadre's visit page, saved with an income drop of 8000
    client = login(personas.cadre_a)
    page = changed(visit_page(client, household_a), notes="务工收入减少", income_change="-8000")
    assert client.post(visit_url(household_a), page).status_code == 302
    first = Visit.objects.get(household=household_a)
    # when the cadre goes back, corrects the amount and the notes, and submits the same page again
    corrected = changed(page, income_change="-5000", notes="务工收入减少，已核实为5000元")
    response = client.post(visit_url(household_a), corrected)
    # then nothing is recorded, and the page is not a "saved" answer
    html = response.content.decode()
    assert response.status_code == 200
    assert "已保存（重复提交未再次保存）" not in html
    assert Visit.objects.filter(household=household_a).count() == 1
    first.refresh_from_db()
    assert first.income_change == Decimal("-8000") and first.notes == "务工收入减少"
    # it names the visit saved from this page, links to it, and says which fields differ
    notice = html[html.index("data-once-refused") :]
    notice = notice[: notice.index("</div>")]
    assert f"{today():%Y-%m-%d} 的走访记录（ID {first.pk}" in notice
    assert f'href="/households/{household_a.pk}/?tab=visits"' in notice
    assert "这次提交的“走访情况”、“收入变化（元，增加为正）”与已保存的不同，未保存" in notice
    # what the cadre typed is shown again, under a new token
    shown = page_form(response, "notes")
    assert shown["income_change"] == ["-5000"] and shown["notes"] == ["务工收入减少，已核实为5000元"]
    assert shown["once"] != page["once"]
    # and submitting it records a new visit with the corrected values
    assert client.post(visit_url(household_a), shown).status_code == 302
    latest = Visit.objects.filter(household=household_a).latest("id")
    assert latest.pk != first.pk and latest.income_change == Decimal("-5000")
    assert HouseholdEvent.objects.filter(household=household_a, summary__contains="走访").count() == 2


def test_a_finding_unticked_on_the_page_sent_again_is_named(personas, household_a, login):
    client = login(personas.cadre_a)
    page = changed(visit_page(client, household_a), notes="家中正常")
    assert client.post(visit_url(household_a), page).status_code == 302

    response = client.post(visit_url(household_a), changed(page, medical_ok=False))

    assert response.status_code == 200
    assert "“基本医疗有保障”与已保存的不同" in response.content.decode()
    assert Visit.objects.filter(household=household_a).count() == 1
    assert Visit.objects.get(household=household_a).medical_ok is True


def test_the_same_page_sent_again_unchanged_is_still_the_first_visit(personas, household_a, login):
    client = login(personas.cadre_a)
    page = changed(visit_page(client, household_a), notes="务工收入减少", income_change="-8000", medical_ok=False)
    assert client.post(visit_url(household_a), page).status_code == 302

    again = client.post(visit_url(household_a), page, follow=True)

    assert "该走访记录已保存（重复提交未再次保存）。" in again.content.decode()
    assert Visit.objects.filter(household=household_a).count() == 1


def test_a_token_from_another_households_page_records_nothing_and_names_that_visit(
    personas, county, household_a, login
):
    # given household A's visit page saved, and household B of the same village
    household_b = HouseholdFactory(village=county.village_a)
    client = login(personas.cadre_a)
    page_a = changed(visit_page(client, household_a), notes="甲户走访")
    assert client.post(visit_url(household_a), page_a).status_code == 302
    visit_a = Visit.objects.get(household=household_a)
    # when B's page is posted carrying A's page token
    page_b = changed(visit_page(client, household_b), notes="乙户走访", once=page_a["once"][0])
    response = client.post(visit_url(household_b), page_b)
    # then B's page comes back naming A's visit, nothing recorded, with a new token
    html = response.content.decode()
    assert response.status_code == 200
    assert f"已用于另一户的走访：{today():%Y-%m-%d} 的走访记录（ID {visit_a.pk}）" in html
    assert not Visit.objects.filter(household=household_b).exists()
    shown = page_form(response, "notes")
    assert shown["notes"] == ["乙户走访"] and shown["once"] != page_a["once"]
    # and submitting it records B's visit under its own token
    assert client.post(visit_url(household_b), shown).status_code == 302
    visit_b = Visit.objects.get(household=household_b)
    assert visit_b.notes == "乙户走访" and str(visit_b.once) == shown["once"][0]
    assert Visit.objects.get(household=household_a).notes == "甲户走访"
