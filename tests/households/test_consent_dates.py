"""A 承诺和授权查询书 dated before the monitoring mechanism existed (2010 for 2021) or after today is refused, at the
signing date, on the consent page and through the API (households.services.consent_dates)."""

import datetime as dt

import pytest

from households.models import Consent
from households.services.consent_dates import MSG_SIGNED_FUTURE, MSG_SIGNED_TOO_EARLY
from tests.clock import today
from tests.households.conftest import consent_scan

pytestmark = pytest.mark.django_db


def page_post(client, household, signed_on: dt.date):
    data = {"signed_on": signed_on.isoformat(), "signer": "self", "scan": consent_scan()}
    return client.post(f"/households/{household.pk}/consent/new/", data)


def test_the_consent_page_refuses_a_date_before_2021_and_one_after_today_at_the_field(household_a, personas, login):
    client = login(personas.cadre_a)

    too_early = page_post(client, household_a, dt.date(2010, 1, 1))
    future = page_post(client, household_a, today() + dt.timedelta(days=1))

    assert too_early.status_code == 200 and MSG_SIGNED_TOO_EARLY in too_early.content.decode()
    assert future.status_code == 200 and MSG_SIGNED_FUTURE in future.content.decode()
    assert not Consent.objects.filter(household=household_a).exists()
    page = client.get(f"/households/{household_a.pk}/consent/new/").content.decode()
    assert 'min="2021-01-01"' in page and f'max="{today():%Y-%m-%d}"' in page  # the phone's date picker


def test_the_first_day_of_2021_is_accepted(household_a, personas, login):
    response = page_post(login(personas.cadre_a), household_a, dt.date(2021, 1, 1))

    assert response.status_code == 302
    assert Consent.objects.get(household=household_a).signed_on == dt.date(2021, 1, 1)


def test_the_api_refuses_the_same_dates(household_a, personas, login):
    client = login(personas.cadre_a)

    def post(signed_on: dt.date):
        data = {"household": household_a.pk, "signed_on": signed_on.isoformat(), "scan": consent_scan()}
        return client.post("/api/v1/consents/", data)

    too_early, future = post(dt.date(2010, 1, 1)), post(today() + dt.timedelta(days=1))

    assert too_early.status_code == 400 and too_early.json()["signed_on"] == [MSG_SIGNED_TOO_EARLY]
    assert future.status_code == 400 and future.json()["signed_on"] == [MSG_SIGNED_FUTURE]
    assert not Consent.objects.filter(household=household_a).exists()
