"""The alerts lists given a code they do not know (a place that does not exist or is out of scope, an unknown
status of the 未在档人员 list) answer a 400 in Chinese naming the parameter, not an empty 200."""

import re

import pytest

pytestmark = pytest.mark.django_db


def refused(response, name: str) -> None:
    assert response.status_code == 400, response.content.decode()[:300]
    assert re.search("[\u4e00-\u9fff]", response.json()[name][0])


def test_the_alert_list_refuses_a_place_that_is_not_the_caller_s(personas, login, county):
    client = login(personas.township)
    refused(client.get("/api/v1/alerts/", {"village": "zzz"}), "village")
    refused(client.get("/api/v1/alerts/", {"village": county.village_c.code}), "village")
    assert client.get("/api/v1/alerts/", {"village": county.village_a.code}).status_code == 200
    assert client.get("/api/v1/alerts/", {"village": county.township.code}).status_code == 200


def test_a_clerk_may_name_no_village_at_all(personas, login, county):
    # A clerk reads no registry: a village would place the persons of its files (test_clerk_registry_params).
    client = login(personas.clerk)
    refused(client.get("/api/v1/alerts/", {"village": county.village_c.code}), "village")
    refused(client.get("/api/v1/alerts/", {"village": "zzz"}), "village")


def test_the_unregistered_list_refuses_an_unknown_status(personas, login):
    client = login(personas.county_officer)
    refused(client.get("/api/v1/unregistered-persons/", {"status": "zzz"}), "status")
    assert client.get("/api/v1/unregistered-persons/", {"status": "pending"}).status_code == 200
