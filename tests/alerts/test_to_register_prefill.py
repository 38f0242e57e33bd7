"""待建档人员 → 新增农户建档 / 添加到已有农户: the forms start filled with the person the county handed to the village
(name, ID number, village), read only for an entry on the user's own to-register list."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredEntry, UnregisteredPerson
from alerts.services.unregistered import unregistered_check
from tests.alerts.conftest import TODAY, csv_file, header_of, ingest, pid
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

FEED = "health-uninsured-cost"
STRANGER = pid(dt.date(1985, 4, 4), 31)


@pytest.fixture
def handed_to_a(clerks, people, personas, county):
    ingest(
        clerks["health"], FEED, csv_file([["陌生人甲", STRANGER, "未参保", "0"]], header=header_of(FEED)), today=TODAY
    )
    assert UnregisteredPerson.objects.exists()
    entry = UnregisteredEntry.objects.get(id_number=STRANGER)
    unregistered_check(
        actor=personas.county_officer,
        entry=entry,
        outcome=UnregisteredOutcome.REGISTER,
        note="应建档",
        checked_on=timezone.localdate(),
        village=county.village_a,
    )
    return entry


def test_the_to_register_list_links_to_both_prefilled_forms(handed_to_a, personas, login):
    page = login(personas.cadre_a).get("/alerts/to-register/").content.decode()

    assert f'href="/households/new/?from_unregistered={handed_to_a.pk}"' in page
    assert f'href="/alerts/to-register/{handed_to_a.pk}/household/"' in page


def test_the_new_household_form_starts_with_the_person_and_the_village(handed_to_a, personas, county, login):
    form = login(personas.cadre_a).get(f"/households/new/?from_unregistered={handed_to_a.pk}").content.decode()

    assert 'value="陌生人甲"' in form and f'value="{STRANGER}"' in form
    assert (
        f'<option value="{county.village_a.pk}" selected' in form or f'value="{county.village_a.pk}" selected' in form
    )
    assert "待建档人员" in form


def test_an_entry_of_another_village_fills_nothing(handed_to_a, personas, login):
    client = login(personas.cadre_b)

    form = client.get(f"/households/new/?from_unregistered={handed_to_a.pk}").content.decode()

    assert STRANGER not in form and "陌生人甲" not in form
    assert client.get(f"/alerts/to-register/{handed_to_a.pk}/household/").status_code == 404


def test_adding_to_an_existing_household_opens_the_prefilled_member_form(handed_to_a, personas, county, login):
    household = HouseholdFactory(village=county.village_a)
    client = login(personas.cadre_a)

    picker = client.get(f"/alerts/to-register/{handed_to_a.pk}/household/").content.decode()
    link = f"/households/{household.pk}/members/new/?from_unregistered={handed_to_a.pk}"
    member_form = client.get(link).content.decode()

    assert f'href="{link}"' in picker
    assert 'value="陌生人甲"' in member_form and f'value="{STRANGER}"' in member_form
