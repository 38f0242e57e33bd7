"""After saving a row of the 劳动力就业台账 opened from a filtered list (登记情况 待补充, a search, a page), the user is
back on that list, not the whole ledger; only the ledger of this site is followed (?next=). The API's list of
members to register and its records list take the page's 登记情况 filter (status=to_complete; unregistered for the
members), documented in the schema."""

import re
from urllib.parse import urlencode

import pytest

from tests.assistance.test_employment_snapshot_to_complete import record_of, registered, snapshot, this_quarter
from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db

PAGE = "/assistance/employment/"
MEMBERS = "/api/v1/assistance/employment-members/"
RECORDS = "/api/v1/assistance/employment/"
DONE = {"employed": "1", "place": "out_of_province", "months": "2", "monthly_income": ""}


def quarter():
    year, number = this_quarter()
    return f"{year}Q{number}"


@pytest.fixture
def to_complete(personas, login, monitored_a):
    """张大山 registered as working outside the province for 0 months: his generated row is 待补充."""
    head = registered(monitored_a, "张大山", "out_of_province", 0)
    client = login(personas.cadre_a)
    snapshot(client)
    return client, head


def names(response):
    assert response.status_code == 200, response.content.decode()
    return [row["name"] for row in response.json()["results"]]


def test_saving_from_the_to_complete_list_goes_back_to_that_list(to_complete):
    client, head = to_complete
    listed = f"{PAGE}?{urlencode({'quarter': quarter(), 'q': '张', 'status': 'to_complete', 'page': 1})}"
    page = client.get(listed).content.decode()
    edit_url = re.search(rf'href="(/assistance/employment/members/{head.pk}/\?[^"]+)"', page)[1].replace("&amp;", "&")

    saved = client.post(edit_url, DONE)

    assert saved.status_code == 302 and saved.url == listed
    assert record_of("张大山").months == 2


@pytest.mark.parametrize(
    "target", ["https://evil.example/assistance/employment/", "//evil.example/assistance/employment/", "/households/"]
)
def test_a_next_elsewhere_is_ignored_and_the_ledger_of_the_quarter_is_shown(to_complete, target):
    client, head = to_complete

    saved = client.post(f"/assistance/employment/members/{head.pk}/?quarter={quarter()}", {**DONE, "next": target})

    assert saved.status_code == 302 and saved.url == f"{PAGE}?quarter={quarter()}"


def test_the_api_lists_the_members_to_complete_or_unregistered_as_the_page_does(to_complete):
    client, head = to_complete

    assert names(client.get(MEMBERS, {"status": "to_complete"})) == ["张大山"]
    record_of("李秀英").delete()
    assert names(client.get(MEMBERS, {"status": "unregistered"})) == ["李秀英"]
    page = client.get(PAGE, {"status": "unregistered"}).content.decode()
    assert "李秀英" in page and f"/assistance/employment/members/{head.pk}/" not in page
    bad = client.get(MEMBERS, {"status": "missing"})
    assert bad.status_code == 400 and list(bad.json()) == ["status"]
    response = client.get(MEMBERS, {"status": "to_complete"})
    assert_matches_schema(openapi(client), MEMBERS, "get", response)


def test_the_records_list_gives_only_the_rows_to_complete_when_asked(to_complete):
    client, _ = to_complete

    rows = client.get(RECORDS, {"quarter": quarter(), "status": "to_complete"})
    every = client.get(RECORDS, {"quarter": quarter()})
    unregistered = client.get(RECORDS, {"quarter": quarter(), "status": "unregistered"})

    assert names(rows) == ["张大山"] and names(every) == ["张大山", "李秀英"]
    assert unregistered.status_code == 400 and list(unregistered.json()) == ["status"]


def test_the_schema_documents_the_filter_on_both_lists(to_complete):
    client, _ = to_complete
    schema = openapi(client)

    members = {p["name"]: p for p in schema["paths"][MEMBERS]["get"]["parameters"]}
    records = {p["name"]: p for p in schema["paths"][RECORDS]["get"]["parameters"]}

    assert members["status"]["schema"]["enum"] == ["to_complete", "unregistered"]
    assert "待补充" in members["status"]["description"]
    assert records["status"]["schema"]["enum"] == ["to_complete"]
    assert "待补充" in records["status"]["description"]
