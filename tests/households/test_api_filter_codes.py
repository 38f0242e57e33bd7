"""A registry list given a code it does not know (a member status, a region level, a region code that does not
exist or is out of the caller's scope) answers a 400 in Chinese naming the parameter (config.api.choice_param's
rule), not an empty 200 that reads like an empty village."""

import re

import pytest

pytestmark = pytest.mark.django_db


def refused(response, name: str) -> None:
    assert response.status_code == 400, response.content.decode()[:300]
    assert re.search("[\u4e00-\u9fff]", response.json()[name][0])


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/members/", "living_status"),
        ("/api/v1/regions/", "level"),
        ("/api/v1/regions/", "parent"),
        ("/api/v1/households/", "village"),
        ("/api/v1/households/", "township"),
        ("/api/v1/households/", "group"),
        ("/api/v1/data-checks/", "village"),
        ("/api/v1/data-checks/stage_age/findings/", "village"),
    ],
)
def test_an_unknown_code_is_a_400_naming_the_parameter(personas, login, url, name):
    refused(login(personas.township).get(url, {name: "zzz"}), name)


def test_a_region_out_of_scope_is_refused_and_one_in_scope_filters(personas, login, county, household_a):
    client = login(personas.township)
    refused(client.get("/api/v1/households/", {"village": county.village_c.code}), "village")
    refused(client.get("/api/v1/households/", {"village": county.township.code}), "village")  # not a village
    refused(client.get("/api/v1/data-checks/", {"village": county.village_c.code}), "village")
    rows = client.get("/api/v1/households/", {"village": county.village_a.code}).json()["results"]
    assert [row["id"] for row in rows] == [household_a.pk]
    assert client.get("/api/v1/data-checks/", {"village": county.village_a.code}).status_code == 200
    assert client.get("/api/v1/members/", {"living_status": "living"}).status_code == 200
    assert client.get("/api/v1/regions/", {"level": "village"}).json()["count"] == 2
