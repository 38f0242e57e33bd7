"""Review alrt 1–2: the 未在档人员 list, API and ledger name a person's feeds once each (two 卫健 feeds both read
卫健部门预警 to an official), and the county finds a person by the last digits of the ID number (as the household
search does) or by a name a department gave in an earlier file; a role that reads numbers masked searches as it
does in the registry (the last 4 or the whole number)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from accounts.models import AuditEvent
from alerts.selectors_unregistered import SEARCH_WHERE, unregistered_people, with_details
from households.idnumber import mask
from households.services.id_search import SEARCH
from tests.alerts.conftest import TODAY, csv_file, header_of, ingest, pid

pytestmark = pytest.mark.django_db

UNINSURED, ILLNESS = "health-uninsured-cost", "health-serious-illness"
STRANGER = pid(dt.date(1985, 4, 4), 31)
OTHER = pid(dt.date(1990, 9, 9), 42)


@pytest.fixture
def named(clerks, people):
    """The stranger, named 李四 in the uninsured feed, then 李思 in the serious-illness feed (both 卫健's)."""
    first = csv_file([["李四", STRANGER, "未参保", "0"]], header=header_of(UNINSURED), name="uninsured.csv")
    second = csv_file(
        [["李思", STRANGER, "白血病", f"{TODAY:%Y-%m-%d}"], ["外来人", OTHER, "白血病", f"{TODAY:%Y-%m-%d}"]],
        header=header_of(ILLNESS),
        name="illness.csv",
    )
    ingest(clerks["health"], UNINSURED, first, today=TODAY)
    ingest(clerks["health"], ILLNESS, second, today=TODAY + dt.timedelta(days=1))


def found(actor, q):
    return {e.id_number for e in unregistered_people(actor=actor, filters={"q": q})}


def test_two_health_feeds_read_as_one_department_label_to_an_official(named, personas, login):
    (entry,) = [
        e
        for e in with_details(unregistered_people(actor=personas.official), personas.official)
        if e.id_number == STRANGER
    ]
    assert entry.feed_names == ["卫健部门预警"]
    (officer_entry,) = [
        e for e in with_details(unregistered_people(actor=personas.county_officer)) if e.id_number == STRANGER
    ]
    assert len(officer_entry.feed_names) == 2

    official = login(personas.official)
    listed = official.get("/api/v1/unregistered-persons/").json()["results"]
    assert [p["feed_types"] for p in listed if p["appearances"] == 2] == [["卫健部门预警"]]
    response = official.post("/reports/export/", {"ledger": "unregistered_persons"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    cells = {cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)}
    assert "卫健部门预警" in cells and "卫健部门预警、卫健部门预警" not in cells


def test_the_county_finds_a_person_by_the_last_digits_of_the_id_number(named, personas, login):
    officer = personas.county_officer
    assert found(officer, STRANGER[-4:]) == {STRANGER}
    assert found(officer, STRANGER[-8:]) == {STRANGER}
    assert found(officer, STRANGER[:8]) == {STRANGER, OTHER}  # the county's division code and the birth year on
    assert found(officer, STRANGER.lower()) == {STRANGER}
    assert found(officer, STRANGER[-3:]) == set()  # 1–3 digits name too many people

    client = login(officer)
    page = client.get(f"/alerts/unregistered/?status=all&q={STRANGER[-4:]}").content.decode()
    assert "李思" in page and "外来人" not in page
    api = client.get(f"/api/v1/unregistered-persons/?q={STRANGER[-4:]}").json()["results"]
    assert [p["id_number"] for p in api] == [STRANGER]


def test_the_county_finds_a_person_by_a_name_an_earlier_file_gave(named, personas, login):
    assert found(personas.county_officer, "李四") == {STRANGER}
    assert found(personas.county_officer, "李") == {STRANGER}

    client = login(personas.county_officer)
    assert "李思" in client.get("/alerts/unregistered/?status=all&q=李四").content.decode()
    api = client.get("/api/v1/unregistered-persons/", {"q": "李四"}).json()["results"]
    assert [(p["id_number"], p["person_name"]) for p in api] == [(STRANGER, "李思")]


def test_an_official_searches_by_the_last_four_or_the_whole_number_only(named, personas):
    official = personas.official
    assert found(official, STRANGER[-4:]) == {STRANGER}
    assert found(official, STRANGER) == {STRANGER}
    # Digits the mask hides (3604**********001X): a match would confirm them.
    assert found(official, STRANGER[-6:]) == set()
    assert found(official, STRANGER[:10]) == set()


def test_the_department_finds_its_rows_by_the_last_digits(named, clerks, login):
    client = login(clerks["health"])
    page = client.get(f"/alerts/outcomes/?status=unregistered&q={STRANGER[-6:]}").content.decode()
    assert "李四" in page and "李思" in page and "外来人" not in page


def test_an_officials_search_by_a_whole_number_is_audited_once_per_request(named, personas, login):
    """As the registry's search: the whole number confirms digits the mask hides. The page runs the search for the
    list and for two tabs' counts, and records it once; the last 4 (what the official sees) record nothing, nor
    does the county officer's search, who reads numbers in full."""
    client = login(personas.official)

    page = client.get("/alerts/unregistered/", {"status": "all", "q": STRANGER}).content.decode()
    api = client.get("/api/v1/unregistered-persons/", {"q": STRANGER}).json()["results"]
    client.get("/alerts/unregistered/", {"status": "all", "q": STRANGER[-4:]})

    assert "李思" in page and [p["person_name"] for p in api] == ["李思"]
    events = AuditEvent.objects.filter(action=SEARCH, actor=personas.official).order_by("pk")
    assert [e.summary for e in events] == [f"按完整身份证号查找 {mask(STRANGER)}（{SEARCH_WHERE}）"] * 2
    login(personas.county_officer).get("/alerts/unregistered/", {"status": "all", "q": STRANGER})
    assert AuditEvent.objects.filter(action=SEARCH).count() == 2


def _earlier_row():
    from django.utils import timezone

    from alerts.models import FeedType, UnregisteredPerson

    row = UnregisteredPerson.objects.get(id_number=STRANGER, person_name="李四")
    return f"{timezone.localtime(row.created_at):%Y-%m-%d}", FeedType.objects.get(code=UNINSURED).name


def test_a_search_by_an_earlier_name_shows_that_name_on_the_page_and_in_the_api(named, personas, login):
    """Review alrt (last session): the row reads 李思 (the latest file) while the official searched 李四; the page
    and the API say which earlier file gave the name that matched."""
    day, feed_name = _earlier_row()
    client = login(personas.county_officer)

    page = client.get("/alerts/unregistered/", {"status": "all", "q": "李四"}).content.decode()
    (person,) = client.get("/api/v1/unregistered-persons/", {"q": "李四"}).json()["results"]

    assert f"部门曾报姓名：李四（{day} {feed_name}）" in page
    assert person["person_name"] == "李思"
    assert person["earlier_name"] == {"person_name": "李四", "named_on": day, "feed_type": feed_name}
    assert person["earlier_name_display"] == f"部门曾报姓名：李四（{day} {feed_name}）"


def test_an_official_reads_the_earlier_names_health_feed_as_its_department(named, personas, login):
    day, _ = _earlier_row()
    (person,) = login(personas.official).get("/api/v1/unregistered-persons/", {"q": "李四"}).json()["results"]
    assert person["earlier_name_display"] == f"部门曾报姓名：李四（{day} 卫健部门预警）"


def test_no_earlier_name_when_the_latest_name_or_the_id_number_matched(named, personas, login):
    client = login(personas.county_officer)
    for q in ("李思", "李", STRANGER[-4:], ""):
        people = client.get("/api/v1/unregistered-persons/", {"q": q}).json()["results"]
        assert all(p["earlier_name"] is None and p["earlier_name_display"] == "" for p in people), q
        page = client.get("/alerts/unregistered/", {"status": "all", "q": q}).content.decode()
        assert "部门曾报姓名" not in page, q
    (person,) = [p for p in client.get("/api/v1/unregistered-persons/").json()["results"] if p["id_number"] == STRANGER]
    assert client.get(f"/api/v1/unregistered-persons/{person['id']}/").json()["earlier_name"] is None
