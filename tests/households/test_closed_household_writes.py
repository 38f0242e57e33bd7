"""A closed (已注销) household is read, not written: the API refuses every registry write to it (the household, its
members, income, visits) with the closing's reason and day, as its page offers none, until the closing is undone."""

import datetime as dt

import pytest

from households.choices import HouseholdType, LivingStatus, Relation
from households.models import Household, HouseholdEvent, HouseholdIncome, Visit
from households.services import registry
from households.services.closing import household_close
from households.services.member_status import member_set_status
from tests.clock import this_year, today
from tests.households.conftest import make_id, member_row
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def send(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.fixture
def closed(personas, county):
    """张大山's household of one, who moved out; the township closed it (全户迁出)."""
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11)],
        household_type=HouseholdType.ORDINARY,
        address="城南村3号",
    )
    head = household.members.get()
    member_set_status(
        left_reason="work", actor=personas.cadre_a, member=head, status=LivingStatus.MOVED_OUT, on=today()
    )
    household_close(actor=personas.township, household=household, reason="all_moved_out")
    return household


def refused_message():
    return f"该户已注销（全户迁出，{today():%Y-%m-%d}注销），请先撤销注销。"


def writes(household):
    head = household.members.get(name="张大山")
    son = {"household": household.pk, **member_row("张小明", "son", dt.date(2012, 9, 1), 33, student_stage="junior")}
    return [
        ("patch", f"/api/v1/households/{household.pk}/", {"phone": "13907920001"}),
        ("post", "/api/v1/members/", son),
        ("patch", f"/api/v1/members/{head.pk}/", {"pension_insurance": True}),
        ("post", f"/api/v1/members/{head.pk}/set-status/", {"living_status": "deceased", "on": str(today())}),
        ("post", f"/api/v1/members/{head.pk}/restore/", {"reason": "误标为迁出", "relation": "head"}),
        ("post", "/api/v1/incomes/", {"household": household.pk, "year": this_year(), "wage_income": "9000.00"}),
        ("post", "/api/v1/visits/", {"household": household.pk, "visited_on": str(today()), **ALL_SECURED}),
    ]


def test_every_registry_write_to_a_closed_household_is_refused_saying_why(closed, personas, login):
    client = login(personas.cadre_a)
    events = HouseholdEvent.objects.filter(household=closed).count()

    for method, url, body in writes(closed):
        response = send(client, method, url, body)

        assert response.status_code == 400, (url, response.content.decode())
        assert refused_message() in response.content.decode(), url

    assert HouseholdEvent.objects.filter(household=closed).count() == events
    assert not HouseholdIncome.objects.filter(household=closed).exists()
    assert not Visit.objects.filter(household=closed).exists()
    assert closed.members.get().living_status == LivingStatus.MOVED_OUT
    assert Household.objects.get(pk=closed.pk).phone == closed.phone
    assert client.get(f"/api/v1/households/{closed.pk}/").status_code == 200  # still read


def test_the_household_page_refuses_a_posted_edit_too(closed, personas, login):
    client = login(personas.cadre_a)

    page = client.post(f"/households/{closed.pk}/income/", {"year": this_year(), "wage_income": "9000"})

    assert page.status_code == 200 and refused_message() in page.content.decode()
    assert not HouseholdIncome.objects.filter(household=closed).exists()


def test_once_the_closing_is_undone_the_household_is_written_again(closed, personas, login):
    head = closed.members.get()
    # Nobody left: the head's wrong mark is undone with the closing (households.services.closing).
    body = {"note": "误将户主标记为迁出", "restore_member": head.pk}
    reopened = login(personas.township).post(f"/api/v1/households/{closed.pk}/reopen/", body)
    client = login(personas.cadre_a)

    edited = send(client, "patch", f"/api/v1/households/{closed.pk}/", {"phone": "13907920001"})
    member = send(client, "patch", f"/api/v1/members/{head.pk}/", {"pension_insurance": True})
    income = send(
        client, "post", "/api/v1/incomes/", {"household": closed.pk, "year": this_year(), "wage_income": "9000"}
    )
    visit = send(client, "post", "/api/v1/visits/", {"household": closed.pk, "visited_on": str(today()), **ALL_SECURED})
    son = member_row("张小明", "son", dt.date(2012, 9, 1), 33, student_stage="junior")
    added = send(client, "post", "/api/v1/members/", {"household": closed.pk, **son, "joined_reason": "moved_in"})

    assert reopened.status_code == 200, reopened.content.decode()
    for response in (edited, member, income, visit, added):
        assert response.status_code in (200, 201), response.content.decode()
    assert closed.members.filter(living_status=LivingStatus.LIVING).count() == 2
    assert make_id(dt.date(2012, 9, 1), 33) in closed.members.values_list("id_number", flat=True)
