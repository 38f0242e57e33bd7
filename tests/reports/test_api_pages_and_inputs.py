"""The reports API's lists are paged as every other list ({count, next, previous, results}, a page past the end a
404, a bad page_size a 400), and a bad region or ledger code is a Chinese 400 naming the parameter."""

import pytest

from reports.api_serializers import MSG_UNKNOWN_LEDGER
from reports.models import LedgerExport
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_monthly_entry_list_is_paged_with_its_counts_beside_it(personas, login, registry):
    client = login(personas.county_officer)

    first = client.get("/api/v1/reports/entry/", {"page_size": 2}).json()
    last = client.get(first["next"]).json()
    last = client.get(last["next"]).json()

    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert first["total"]["missing"] == 5 and first["status"]  # the summary is still there
    assert len(last["results"]) == 1 and last["next"] is None
    numbers = {row["number"] for page in (first, last) for row in page["results"]}
    assert registry.a1.number in numbers or registry.c1.number in numbers


def test_the_villages_without_a_campaign_are_paged(personas, login, county):
    for village in (county.village_a, county.village_b, county.village_c):  # a village with nobody is not counted
        HouseholdFactory(village=village)
    data = login(personas.county_officer).get("/api/v1/reports/campaign-gaps/", {"page_size": 1}).json()

    assert data["count"] == 3 and len(data["results"]) == 1 and data["next"]
    assert data["total"]["unscreened"] == 3


@pytest.mark.parametrize("url", ["/api/v1/reports/entry/", "/api/v1/reports/campaign-gaps/"])
@pytest.mark.parametrize("page", ["99999", "-1", "abc"])
def test_a_page_that_does_not_exist_is_a_404(personas, login, registry, url, page):
    response = login(personas.county_officer).get(url, {"page": page})

    assert response.status_code == 404 and has_chinese(response.json()["detail"])


@pytest.mark.parametrize(
    "url", ["/api/v1/reports/entry/", "/api/v1/reports/campaign-gaps/", "/api/v1/reports/national/"]
)
@pytest.mark.parametrize("size", ["abc", "0", "-5"])
def test_a_page_size_that_is_not_a_positive_number_is_a_400(personas, login, registry, url, size):
    response = login(personas.county_officer).get(url, {"page_size": size})

    assert response.status_code == 400 and has_chinese(str(response.json()["page_size"]))


def test_the_national_pending_list_is_paged_with_its_count(personas, login, cases):
    client = login(personas.county_officer)

    first = client.get("/api/v1/reports/national/", {"page_size": 2}).json()
    rest = client.get(first["next"]).json()

    assert first["count"] == 3 and len(first["results"]) == 2 and len(rest["results"]) == 1
    assert {row["case"] for row in first["results"] + rest["results"]} == {
        cases.included.pk,
        cases.d1_in.pk,
        cases.d1_out.pk,
    }


@pytest.mark.parametrize("url", ["/api/v1/reports/dashboard/", "/api/v1/reports/performance/"])
def test_a_region_that_does_not_exist_or_is_not_the_callers_is_a_400_naming_it(personas, login, county, url):
    unknown = login(personas.county_officer).get(url, {"region": "zzz"})
    elsewhere = login(personas.township).get(url, {"region": county.township2.code})

    for response in (unknown, elsewhere):
        assert response.status_code == 400 and has_chinese(str(response.json()["region"]))
    assert login(personas.township).get(url, {"region": county.village_a.code}).status_code == 200


@pytest.mark.parametrize("code", ["no_such_ledger", "audit_log"])
def test_an_export_of_an_unknown_ledger_is_a_400_at_the_field(personas, login, code):
    response = login(personas.cadre_a).post(
        "/api/v1/reports/exports/", {"ledger": code}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"ledger": [MSG_UNKNOWN_LEDGER.format(value=code)]}
    assert not LedgerExport.objects.exists()
