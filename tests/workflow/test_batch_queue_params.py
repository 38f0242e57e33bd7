"""GET /api/v1/batches/queue/ given a malformed or negative min_days, an unknown kind or channel, or a township
that is not one of the caller's answers a 400 in Chinese naming the parameter: min_days=abc or -1 was ignored and
the whole queue came back as if filtered."""

import re

import pytest

pytestmark = pytest.mark.django_db


def refused(response, name: str) -> str:
    assert response.status_code == 400, response.content.decode()[:300]
    messages = response.json()[name]
    assert re.search("[\u4e00-\u9fff]", messages[0]), messages  # said in Chinese
    return messages[0]


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "３"])
def test_the_approval_queue_refuses_a_malformed_or_negative_min_days(personas, login, value):
    message = refused(login(personas.approver).get("/api/v1/batches/queue/", {"min_days": value}), "min_days")
    assert "min_days" in message


def test_the_approval_queue_still_takes_a_whole_number_of_days(personas, login):
    client = login(personas.approver)
    assert client.get("/api/v1/batches/queue/", {"min_days": "0"}).status_code == 200
    assert client.get("/api/v1/batches/queue/", {"min_days": "7"}).status_code == 200


@pytest.mark.parametrize("name", ["kind", "channel"])
def test_the_approval_queue_refuses_an_unknown_kind_or_channel(personas, login, name):
    refused(login(personas.approver).get("/api/v1/batches/queue/", {name: "zzz"}), name)


def test_the_approval_queue_refuses_a_township_that_is_not_one(personas, login, county):
    client = login(personas.approver)
    refused(client.get("/api/v1/batches/queue/", {"township": "zzz"}), "township")
    refused(client.get("/api/v1/batches/queue/", {"township": county.village_a.code}), "township")
    assert client.get("/api/v1/batches/queue/", {"township": county.township.code}).status_code == 200
