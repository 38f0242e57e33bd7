"""A workflow list given a filter value it does not know (a step, a kind, a place out of scope, a malformed number
of days) answers a 400 in Chinese naming the parameter (config.api.choice_param's rule): it used to answer the
whole queue, or an empty 200 that read like an empty county, to an integrating script."""

import re

import pytest

pytestmark = pytest.mark.django_db


def refused(response, name: str) -> str:
    assert response.status_code == 400, response.content.decode()[:300]
    messages = response.json()[name]
    assert re.search("[\u4e00-\u9fff]", messages[0]), messages  # said in Chinese
    return messages[0]


def test_the_case_list_refuses_an_unknown_step_and_a_place_out_of_scope(personas, login, county):
    client = login(personas.township)
    refused(client.get("/api/v1/cases/", {"step": "zzz"}), "step")
    refused(client.get("/api/v1/cases/", {"region": "zzz"}), "region")
    refused(client.get("/api/v1/cases/", {"region": county.village_c.code}), "region")  # another township's
    assert client.get("/api/v1/cases/", {"region": county.village_b.code}).status_code == 200
    assert client.get("/api/v1/cases/", {"step": "乡镇审核"}).status_code == 200


def test_the_township_audit_queue_refuses_an_unknown_step_and_place(personas, login, county):
    client = login(personas.township)
    refused(client.get("/api/v1/township-audits/", {"step": "zzz"}), "step")
    refused(client.get("/api/v1/township-audits/", {"region": county.village_c.code}), "region")
    assert client.get("/api/v1/township-audits/", {"step": "乡镇审核"}).status_code == 200


def test_applications_and_meetings_refuse_a_village_out_of_scope(personas, login, county):
    client = login(personas.township)
    refused(client.get("/api/v1/applications/", {"village": county.village_c.code}), "village")
    refused(client.get("/api/v1/meetings/", {"village": "zzz"}), "village")
    assert client.get("/api/v1/meetings/", {"village": county.village_a.code}).status_code == 200
