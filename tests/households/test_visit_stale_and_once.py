"""The visit page (the concurrency review's findings 4 and 5): a page left open does not clear a problem another visit
recorded meanwhile, and the same page posted twice (a double tap, a phone resending) records one visit."""

import uuid
from decimal import Decimal

import pytest

from accounts.choices import Role
from households.models import Household, HouseholdEvent, Visit
from households.services.visits import visit_record
from tests.clock import today
from tests.factories import UserFactory
from tests.households.page_form import changed, page_form
from tests.together import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def workteam(county):
    return UserFactory(
        username="workteam_a", role=Role.WORK_TEAM, region_path=county.village_a.path, region_name="城南村"
    )


def visit_page(client, household) -> dict[str, list[str]]:
    response = client.get(f"/households/{household.pk}/visits/new/")
    assert response.status_code == 200
    return page_form(response, "notes")


def test_a_stale_visit_page_keeps_the_problem_another_visit_recorded(personas, household_a, workteam, login):
    # given the cadre's visit page, open with the five boxes ticked
    url = f"/households/{household_a.pk}/visits/new/"
    cadre, team = login(personas.cadre_a), login(workteam)
    stale = visit_page(cadre, household_a)
    assert stale["housing_ok"] == ["on"]
    # when the work team records a visit that unticks 住房安全有保障
    assert team.post(url, changed(visit_page(team, household_a), housing_ok=False, notes="房屋开裂")).status_code == 302
    # and the cadre submits the old page with notes about work, and unticks 饮水安全有保障
    response = cadre.post(url, changed(stale, notes="外出务工", water_ok=False))
    # then the housing problem stays, and the cadre's finding is recorded
    assert response.status_code == 302
    household = Household.objects.get(pk=household_a.pk)
    assert household.housing_ok is False and household.water_ok is False
    visit = Visit.objects.filter(household=household_a).order_by("-id").first()
    assert visit.notes == "外出务工" and visit.housing_ok is False


def test_the_same_visit_page_posted_again_records_one_visit(personas, household_a, login):
    # given the cadre's visit page with an income drop
    url = f"/households/{household_a.pk}/visits/new/"
    client = login(personas.cadre_a)
    page = changed(visit_page(client, household_a), notes="务工收入减少", income_change="-8000")
    # when it is posted twice (the phone resends it)
    first = client.post(url, page)
    again = client.post(url, page, follow=True)
    # then one visit, one history row, and the second answer says it was saved already, on the visits tab
    assert first.status_code == 302
    assert Visit.objects.filter(household=household_a).count() == 1
    assert HouseholdEvent.objects.filter(household=household_a, summary__contains="走访").count() == 1
    assert again.redirect_chain[-1][0] == f"/households/{household_a.pk}/?tab=visits"
    assert "该走访记录已保存（重复提交未再次保存）。" in again.content.decode()
    # and a new page (a new token) records a new visit
    assert client.post(url, changed(visit_page(client, household_a), notes="再次走访")).status_code == 302
    assert Visit.objects.filter(household=household_a).count() == 2


def test_the_page_asks_the_browser_to_send_the_form_once(personas, household_a, login):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/visits/new/").content.decode()
    assert "data-submit-once" in page and "js/submit_once.js" in page


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_the_same_page_at_once_record_one_visit(personas, household_a, audit_log_flushable):
    # given two requests of the same page running together, each in its own connection
    token = uuid.uuid4()
    results = at_once(
        lambda: visit_record(
            actor=personas.cadre_a,
            household=household_a,
            visited_on=today(),
            notes="务工收入减少",
            income_change=Decimal("-8000"),
            once=token,
        ),
        times=3,
    )
    # then one visit, which every request gives back
    assert not [r for r in results if isinstance(r, Exception)]
    assert Visit.objects.filter(household=household_a).count() == 1
    assert {visit.pk for visit in results} == {Visit.objects.get(household=household_a).pk}
