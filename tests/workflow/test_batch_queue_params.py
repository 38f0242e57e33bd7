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


@pytest.mark.parametrize("value", ["3651", "1000000", "99999999999999999999"])
def test_the_approval_queue_refuses_more_days_than_ten_years_rather_than_failing(personas, login, value):
    from workflow.api_batches import MSG_MIN_DAYS_LIMIT

    response = login(personas.approver).get("/api/v1/batches/queue/", {"min_days": value})

    assert refused(response, "min_days") == MSG_MIN_DAYS_LIMIT.format(limit=3650, value=value[:20])
    assert "3650 天" in response.json()["min_days"][0]


def test_the_approval_queue_takes_ten_years_of_waiting(personas, login):
    assert login(personas.approver).get("/api/v1/batches/queue/", {"min_days": "3650"}).status_code == 200


def test_the_batch_page_says_the_ten_year_bound_of_its_days_filter_and_its_print_ignores_it(personas, login):
    client = login(personas.approver)

    page = client.get("/workflow/batches/", {"min_days": "1000000"})
    printed = client.get("/workflow/batches/submission/", {"min_days": "1000000"})

    assert page.status_code == 200 and "3650" in page.content.decode()
    assert printed.status_code == 200
